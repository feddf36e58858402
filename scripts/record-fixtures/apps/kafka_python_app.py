"""kafka-python producer / consumer (works with 2.0.x and 3.x), logging as a typical app does.

stderr: logging.basicConfig(level=logging.INFO), i.e. BASIC_FORMAT `LEVEL:logger:message`; --log-format asctime or
json changes that layout (see ledger.setup_logging).
--asctime-log FILE: the same records also go through a second handler with
'%(asctime)s %(levelname)s %(name)s %(message)s' into FILE.
The app's own lines use the logger named "app". --per-record-log: the producer logs each acknowledgement ('order 00042
confirmed at orders-0@151'), the consumer each record it receives ('received cart-api/order-00042 from orders-0@151'),
at INFO, and neither logs its progress line every 5 s.
"""
import logging
import signal
import sys
import time

import kafka
from kafka import KafkaConsumer, KafkaProducer, ConsumerRebalanceListener, TopicPartition
from kafka.errors import KafkaError

from ledger import (ConsumerLedger, ProducerLedger, confirmed_line, failure_level, ledger_arguments, received_line,
                    record_value, send_time, setup_logging as base_logging, wrapped_failure)

ASCTIME_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
MAJOR = int(kafka.__version__.split(".")[0])
log = logging.getLogger("app")
stop = False


def on_term(signum, frame):
    global stop
    stop = True


def setup_logging(args):
    base_logging(args.log_format)
    if args.asctime_log:
        handler = logging.FileHandler(args.asctime_log)
        handler.setFormatter(logging.Formatter(ASCTIME_FORMAT))
        logging.getLogger().addHandler(handler)


def failed_partition(future):
    """The partition of a failed send's record, from kafka-python's future (None if it does not say)."""
    tp = getattr(getattr(future, "_produce_future", None), "topic_partition", None)
    return getattr(tp, "partition", None)


def producer(args):
    conf = {"client_id": args.client_id, "request_timeout_ms": args.request_timeout_ms, "max_block_ms": 5000}
    if MAJOR >= 3:
        conf["delivery_timeout_ms"] = args.delivery_timeout_ms
    if args.retries is not None:
        conf["retries"] = args.retries
    ledger = ProducerLedger("kafka-python", kafka.__version__, dict(conf))
    p = KafkaProducer(bootstrap_servers=args.bootstrap, **conf)

    def on_ok(seq, metadata):  # kafka-python calls fn(*args, value)
        ledger.confirmed(seq, metadata.offset, metadata.partition)
        if args.per_record_log:
            log.info("%s", confirmed_line(seq, metadata.topic, metadata.partition, metadata.offset))

    def on_error(seq, exc, partition=None):
        ledger.failed(seq, exc, partition)
        if args.error_style == "none":   # the app ignores its futures: nothing in its log
            return
        if args.error_style in ("wrapped", "kv", "own"):
            log.log(failure_level(args.error_style), "%s", wrapped_failure(args.error_style, seq, exc))
        else:
            log.error("Failed to send %s: %s", record_value(args.client_id, seq), exc)

    def progress(word="Progress"):
        if args.error_style == "none":   # all such an app knows is how many records it handed over
            log.info("%s: %d orders sent", word, ledger.counts()["sent"])
        else:
            log.info("%s: %s", word, ledger.counts())

    log.info("Producing to %s every %d ms", args.topic, int(args.interval * 1000))
    start = time.time()
    last_report = start
    seq = 0
    while not stop and time.time() - start < args.duration:
        seq += 1
        ledger.sent(seq)
        try:
            future = p.send(args.topic, record_value(args.client_id, seq).encode())
            future.add_callback(on_ok, seq)
            # the errback gets only the exception; the partition the record was appended to is on the future's
            # produce result (FutureRecordMetadata._produce_future.topic_partition, 2.0.x and 3.x alike)
            future.add_errback(lambda exc, s=seq, f=future: on_error(s, exc, failed_partition(f)))
        except KafkaError as exc:
            on_error(seq, exc)
        if not args.per_record_log and time.time() - last_report >= 5:
            last_report = time.time()
            progress()
        next_at = min(send_time(start, seq, args.interval, args.burst), start + args.duration)
        time.sleep(max(0.0, next_at - time.time()))
    try:
        p.flush(timeout=args.flush_timeout)
    except KafkaError as exc:
        log.warning("Flush did not complete: %s", exc)
    progress("Done")
    ledger.write(args.result)
    p.close(timeout=5)


class Listener(ConsumerRebalanceListener):
    def __init__(self, ledger):
        self.ledger = ledger

    def on_partitions_revoked(self, revoked):
        log.info("Partitions revoked: %s", sorted(f"{tp.topic}-{tp.partition}" for tp in revoked))

    def on_partitions_assigned(self, assigned):
        parts = sorted(f"{tp.topic}-{tp.partition}" for tp in assigned)
        self.ledger.assigned(parts)
        log.info("Partitions assigned: %s", parts)


def consumer(args):
    conf = {"client_id": args.client_id, "group_id": args.group, "auto_offset_reset": "earliest",
            "session_timeout_ms": args.session_timeout_ms, "heartbeat_interval_ms": 3000}
    ledger = ConsumerLedger("kafka-python", kafka.__version__, dict(conf))
    c = KafkaConsumer(bootstrap_servers=args.bootstrap, **conf)
    if args.assign:
        # Manual assignment: the group is used for offset commits only (no JoinGroup).
        parts = [TopicPartition(args.topic, p) for p in sorted(c.partitions_for_topic(args.topic) or [])]
        c.assign(parts)
        names = sorted(f"{tp.topic}-{tp.partition}" for tp in parts)
        ledger.assigned(names)
        log.info("Partitions assigned (manual assignment, group %s for offsets only): %s", args.group, names)
    else:
        c.subscribe([args.topic], listener=Listener(ledger))
    start = time.time()
    last_report = start
    while not stop and time.time() - start < args.duration:
        batches = c.poll(timeout_ms=500)
        for records in batches.values():
            for r in records:
                ledger.got(r.value.decode(), r.offset)
                if args.per_record_log:
                    log.info("%s", received_line(r.topic, r.partition, r.offset, r.value.decode()))
        if not args.per_record_log and time.time() - last_report >= 5:
            last_report = time.time()
            log.info("Consumed %d records so far", len(ledger.consumed))
    log.info("Consumed %d records, closing", len(ledger.consumed))
    ledger.write(args.result)
    c.close()


def main():
    ap = ledger_arguments()
    ap.add_argument("--request-timeout-ms", type=int, default=10000)
    ap.add_argument("--delivery-timeout-ms", type=int, default=12000)
    ap.add_argument("--retries", type=int, help="producer: the library's retries (unset: its default)")
    ap.add_argument("--asctime-log")
    ap.add_argument("--assign", action="store_true", help="consumer: assign the partitions instead of joining the group")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, on_term)
    setup_logging(args)
    (producer if args.role == "producer" else consumer)(args)


if __name__ == "__main__":
    sys.exit(main())
