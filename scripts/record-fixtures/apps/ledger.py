"""Bookkeeping shared by the Python client apps of the fixture recorder.

Each app keeps the fate of every record it tried to send (or every record it
consumed) and writes it as JSON to the file named by --result when it ends.
This file is the recorder's ground truth; it is never part of the app's log.
"""
import argparse
import json
import logging
import threading
import time
from datetime import datetime, timezone


def iso(ts):
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class ProducerLedger:
    def __init__(self, library, version, config):
        self.lock = threading.Lock()
        self.records = {}
        self.info = {"library": library, "version": version, "config": config}

    def sent(self, seq):
        with self.lock:
            self.records[seq] = {"id": seq, "sent_at": iso(time.time()), "outcome": "pending"}

    # partition: the partition the library's delivery report (or, for a failure, its record / future) names, when it
    # names one; kept only when known, so a one-partition run writes the same records as before.
    def confirmed(self, seq, offset=None, partition=None):
        with self.lock:
            rec = self.records[seq]
            rec.update(outcome="confirmed", at=iso(time.time()), offset=offset)
            if partition is not None:
                rec["partition"] = partition

    def failed(self, seq, error, partition=None):
        with self.lock:
            rec = self.records[seq]
            rec.update(outcome="failed", at=iso(time.time()), error=str(error), error_type=type(error).__name__)
            if partition is not None:
                rec["partition"] = partition

    def counts(self):
        with self.lock:
            out = {"sent": len(self.records), "confirmed": 0, "failed": 0, "pending": 0}
            for rec in self.records.values():
                out[rec["outcome"]] += 1
            return out

    def write(self, path):
        with self.lock:
            data = dict(self.info, records=[self.records[k] for k in sorted(self.records)])
        with open(path, "w") as f:
            json.dump(data, f, indent=1)


class ConsumerLedger:
    def __init__(self, library, version, config):
        self.info = {"library": library, "version": version, "config": config}
        self.consumed = []
        self.assignments = []

    def got(self, value, offset):
        self.consumed.append({"value": value, "offset": offset, "at": iso(time.time())})

    def assigned(self, partitions):
        self.assignments.append({"at": iso(time.time()), "partitions": partitions})

    def write(self, path):
        with open(path, "w") as f:
            json.dump(dict(self.info, assignments=self.assignments, consumed=self.consumed), f, indent=1)


def record_value(producer, seq):
    """The payload of record number seq of one producer: unique across the producers of a run."""
    return f"{producer}/order-{seq:05d}"


def ledger_arguments():
    """The command line every client app takes; each adds its library's own timeout options."""
    ap = argparse.ArgumentParser()
    ap.add_argument("role", choices=["producer", "consumer"])
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--topic", required=True)
    ap.add_argument("--client-id", required=True)
    ap.add_argument("--group")
    ap.add_argument("--duration", type=float, required=True)
    ap.add_argument("--interval", type=float, default=0.1)
    ap.add_argument("--flush-timeout", type=float, default=15)
    ap.add_argument("--result", required=True)
    # Scenario variants (the defaults are the fixture apps): "wrapped" makes the producer log each failed record in
    # the app's own words, logger "app": 'could not publish order 00042: <the library's error text>'.
    # "none": an app that ignores the send futures / delivery reports: it logs nothing per record, and its
    # progress lines count only the records it handed to the library ('Progress: 250 orders sent').
    # "kv": the producer logs each failed record as key=value pairs (logger "app"), as apps with logfmt-style
    # logging do: 'event=publish_failed order=00042 cause="<the library's error text>"' (see wrapped_failure).
    # "own": the producer logs each failed record in its own words only, at WARNING, without the library's error
    # text or exception name: 'order 00042 was not confirmed, giving up' (see wrapped_failure).
    ap.add_argument("--error-style", choices=["default", "wrapped", "kv", "own", "none"], default="default")
    # An app that logs every record: a consumer one INFO line per record it receives, a producer one per delivery
    # acknowledgement (see received_line, confirmed_line); it then logs no periodic progress line.
    ap.add_argument("--per-record-log", action="store_true")
    # A producer that sends in bursts: at its interval for ON seconds, then nothing for OFF seconds, again and again
    # (see send_time).
    ap.add_argument("--burst", type=float, nargs=2, metavar=("ON", "OFF"))
    # A consumer's group session timeout (and librdkafka's session.timeout.ms).
    ap.add_argument("--session-timeout-ms", type=int, default=10000)
    # How the Python app configures logging on stderr (see setup_logging).
    ap.add_argument("--log-format", choices=["basic", "asctime", "json"], default="basic")
    return ap


ASCTIME_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per line, as structured-logging setups write them without a library: UTC timestamp with
    milliseconds, level, logger, message; a traceback goes into "exc_info" (never a second line)."""

    def format(self, record):
        out = {"timestamp": iso(record.created), "level": record.levelname, "logger": record.name,
               "message": record.getMessage()}
        if record.exc_info:
            out["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def setup_logging(log_format):
    """basic: logging.basicConfig(level=INFO), BASIC_FORMAT `LEVEL:logger:message` (the fixture apps' default);
    asctime: basicConfig with '%(asctime)s %(levelname)s %(name)s %(message)s' ('2026-12-03 10:19:13,540 INFO ...',
    local time, the processes run with TZ=UTC); json: JsonFormatter on stderr."""
    if log_format == "json":
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logging.basicConfig(level=logging.INFO, handlers=[handler])
    elif log_format == "asctime":
        logging.basicConfig(level=logging.INFO, format=ASCTIME_FORMAT)
    else:
        logging.basicConfig(level=logging.INFO)


def order_id(seq):
    """How an app that wraps library errors in its own words names a record: its 5-digit order number."""
    return f"{seq:05d}"


def wrapped_failure(style, seq, exc):
    """The message (logger "app", level failure_level(style)) an app with --error-style wrapped, kv or own logs for a
    failed record: wrapped and kv hold the library's error text inside the app's own words, own holds nothing of the
    library's; None for the other styles."""
    if style == "wrapped":
        return f"could not publish order {order_id(seq)}: {exc}"
    if style == "kv":
        return f'event=publish_failed order={order_id(seq)} cause="{exc}"'
    if style == "own":
        return f"order {order_id(seq)} was not confirmed, giving up"
    return None


def failure_level(style):
    """The level an app logs a failed record at in its own words: WARNING for own, ERROR otherwise."""
    return logging.WARNING if style == "own" else logging.ERROR


def confirmed_line(seq, topic, partition, offset):
    """What a producer with --per-record-log logs (INFO) for each delivery acknowledgement."""
    return f"order {order_id(seq)} confirmed at {topic}-{partition}@{offset}"


def received_line(topic, partition, offset, value):
    """What a consumer with --per-record-log logs (INFO) for each record it receives; value is the record's payload
    (PRODUCER/order-NNNNN)."""
    return f"received {value} from {topic}-{partition}@{offset}"


def send_time(start, k, interval, burst=None):
    """When a producer sends its record number k (0 = the first, at start): every interval seconds, or with
    burst=(on, off) at that interval for on seconds, then nothing for off seconds, repeated."""
    if not burst:
        return start + k * interval
    on, off = burst
    per_burst = max(1, int(round(on / interval)))
    cycle, j = divmod(k, per_burst)
    return start + cycle * (on + off) + j * interval
