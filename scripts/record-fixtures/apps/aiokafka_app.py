"""aiokafka producer / consumer, logging as a typical asyncio app does.

stderr: logging.basicConfig(level=logging.INFO), i.e. BASIC_FORMAT `LEVEL:logger:message`; --log-format asctime or
json changes that layout (see ledger.setup_logging).
--asctime-log FILE: the same records also go through a second handler with
'%(asctime)s %(levelname)s %(name)s %(message)s' into FILE.
The app's own lines use the logger named "app". --per-record-log: the producer logs each acknowledgement ('order 00042
confirmed at orders-0@151'), the consumer each record it receives ('received cart-api/order-00042 from orders-0@151'),
at INFO, and neither logs its progress line every 5 s.
"""
import asyncio
import logging
import signal
import sys
import time

import aiokafka
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.abc import ConsumerRebalanceListener

from ledger import (ConsumerLedger, ProducerLedger, confirmed_line, failure_level, ledger_arguments, received_line,
                    record_value, send_time, setup_logging as base_logging, wrapped_failure)

ASCTIME_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
log = logging.getLogger("app")
stop = asyncio.Event()


def setup_logging(args):
    base_logging(args.log_format)
    if args.asctime_log:
        handler = logging.FileHandler(args.asctime_log)
        handler.setFormatter(logging.Formatter(ASCTIME_FORMAT))
        logging.getLogger().addHandler(handler)


def log_failure(args, seq, exc):
    if args.error_style == "none":   # the app ignores its futures: nothing in its log
        return
    if args.error_style in ("wrapped", "kv", "own"):
        log.log(failure_level(args.error_style), "%s", wrapped_failure(args.error_style, seq, exc))
    else:
        log.error("Failed to send %s: %r", record_value(args.client_id, seq), exc)


async def producer(args):
    conf = {"client_id": args.client_id, "request_timeout_ms": args.request_timeout_ms}
    ledger = ProducerLedger("aiokafka", aiokafka.__version__, dict(conf))
    p = AIOKafkaProducer(bootstrap_servers=args.bootstrap, **conf)
    await p.start()
    pending = set()
    # For the recorder's ledger only: a failed send's future does not say which partition its record went to, so the
    # partition the producer's own _partition (the library's default partitioner; key None: a random available
    # partition) chose for each send is noted on the way through, unchanged. send() is awaited one at a time, so the
    # last choice is that send's.
    chosen = {}
    library_partition = p._partition

    def noting_partition(*a, **kw):
        chosen["last"] = library_partition(*a, **kw)
        return chosen["last"]
    p._partition = noting_partition

    def done(fut, seq, partition):
        pending.discard(fut)
        if fut.cancelled():
            ledger.failed(seq, asyncio.CancelledError(), partition)
            return
        exc = fut.exception()
        if exc is None:
            md = fut.result()
            ledger.confirmed(seq, md.offset, md.partition)
            if args.per_record_log:
                log.info("%s", confirmed_line(seq, md.topic, md.partition, md.offset))
        else:
            ledger.failed(seq, exc, partition)
            log_failure(args, seq, exc)

    def progress(word="Progress"):
        if args.error_style == "none":   # all such an app knows is how many records it handed over
            log.info("%s: %d orders sent", word, ledger.counts()["sent"])
        else:
            log.info("%s: %s", word, ledger.counts())

    log.info("Producing to %s every %d ms", args.topic, int(args.interval * 1000))
    loop = asyncio.get_running_loop()
    start = loop.time()
    last_report = start
    seq = 0
    while not stop.is_set() and loop.time() - start < args.duration:
        seq += 1
        ledger.sent(seq)
        chosen.pop("last", None)
        try:
            fut = await asyncio.wait_for(p.send(args.topic, record_value(args.client_id, seq).encode()), 5)
            pending.add(fut)
            fut.add_done_callback(lambda f, s=seq, part=chosen.get("last"): done(f, s, part))
        except Exception as exc:  # send() itself failed (metadata, buffer) or took longer than 5 s
            ledger.failed(seq, exc, chosen.get("last"))
            log_failure(args, seq, exc)
        if not args.per_record_log and loop.time() - last_report >= 5:
            last_report = loop.time()
            progress()
        delay = min(send_time(start, seq, args.interval, args.burst), start + args.duration) - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
    if pending:
        await asyncio.wait(set(pending), timeout=args.flush_timeout)
    progress("Done")
    ledger.write(args.result)
    try:
        await asyncio.wait_for(p.stop(), 5)
    except Exception as exc:
        log.warning("Producer stop did not complete: %r", exc)


class Listener(ConsumerRebalanceListener):
    def __init__(self, ledger):
        self.ledger = ledger

    def on_partitions_revoked(self, revoked):
        log.info("Partitions revoked: %s", sorted(f"{tp.topic}-{tp.partition}" for tp in revoked))

    def on_partitions_assigned(self, assigned):
        parts = sorted(f"{tp.topic}-{tp.partition}" for tp in assigned)
        self.ledger.assigned(parts)
        log.info("Partitions assigned: %s", parts)


async def consumer(args):
    conf = {"client_id": args.client_id, "group_id": args.group, "auto_offset_reset": "earliest",
            "session_timeout_ms": args.session_timeout_ms, "heartbeat_interval_ms": 3000}
    ledger = ConsumerLedger("aiokafka", aiokafka.__version__, dict(conf))
    c = AIOKafkaConsumer(bootstrap_servers=args.bootstrap, **conf)
    c.subscribe([args.topic], listener=Listener(ledger))
    await c.start()
    loop = asyncio.get_running_loop()
    start = loop.time()
    last_report = start
    while not stop.is_set() and loop.time() - start < args.duration:
        batches = await c.getmany(timeout_ms=500)
        for records in batches.values():
            for r in records:
                ledger.got(r.value.decode(), r.offset)
                if args.per_record_log:
                    log.info("%s", received_line(r.topic, r.partition, r.offset, r.value.decode()))
        if not args.per_record_log and loop.time() - last_report >= 5:
            last_report = loop.time()
            log.info("Consumed %d records so far", len(ledger.consumed))
    log.info("Consumed %d records, closing", len(ledger.consumed))
    ledger.write(args.result)
    try:
        await asyncio.wait_for(c.stop(), 5)
    except Exception as exc:
        log.warning("Consumer stop did not complete: %r", exc)


async def amain(args):
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await (producer(args) if args.role == "producer" else consumer(args))


def main():
    ap = ledger_arguments()
    ap.add_argument("--request-timeout-ms", type=int, default=10000)
    ap.add_argument("--asctime-log")
    args = ap.parse_args()
    setup_logging(args)
    asyncio.run(amain(args))


if __name__ == "__main__":
    sys.exit(main())
