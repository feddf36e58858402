"""confluent-kafka-python producer / consumer, written the way the project's README examples are.

librdkafka writes its own log lines natively to stderr (`%LEVEL|epoch.ms|FAC|name| ...`);
the app's own lines are print()s to stdout, as in the README (delivery_report, "Consumer error").
With --pylogging, librdkafka's lines instead go through Python logging (config `logger`),
with basicConfig(level=INFO, format='%(asctime)s %(levelname)s %(name)s %(message)s').
With --error-style wrapped (or kv, own), the app prints nothing per record; it logs each failed delivery in its own
words through Python logging (logger "app", same format): 'could not publish order 00042: <KafkaError>' (kv:
'event=publish_failed order=00042 cause="<KafkaError>"'; own, at WARNING: 'order 00042 was not confirmed, giving up').
With --per-record-log the producer reports each successful delivery in its own words instead of the README's
'Message delivered to ...' line ('order 00042 confirmed at orders-0@151', printed, or logged at INFO when the app
logs through Python logging), and the consumer prints each record it receives ('received cart-api/order-00042 from
orders-0@151') instead of its 'Consumed N messages so far' line every 5 s.
"""
import logging
import signal
import sys
import time

import confluent_kafka
from confluent_kafka import Consumer, Producer

from ledger import (ConsumerLedger, ProducerLedger, confirmed_line, failure_level, ledger_arguments, received_line,
                    record_value, send_time, wrapped_failure)

ASCTIME_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"

stop = False


def on_term(signum, frame):
    global stop
    stop = True


def version():
    return f"confluent-kafka {confluent_kafka.__version__}, librdkafka {confluent_kafka.libversion()[0]}"


def producer(args):
    conf = {
        "bootstrap.servers": args.bootstrap,
        "client.id": args.client_id,
        "message.timeout.ms": args.message_timeout_ms,
    }
    if args.retries is not None:
        conf["retries"] = args.retries
    ledger = ProducerLedger("confluent-kafka", version(), dict(conf))
    log = None
    wrapped = args.error_style in ("wrapped", "kv", "own")
    if args.pylogging or wrapped:
        logging.basicConfig(level=logging.INFO, format=ASCTIME_FORMAT)
        log = logging.getLogger("app")
    if args.pylogging:
        conf["logger"] = logging.getLogger("kafka")
    p = Producer(conf)

    def delivery_report(err, msg, seq):
        if err is not None:
            ledger.failed(seq, err, msg.partition())  # -1 (RD_KAFKA_PARTITION_UA): never given a partition
            if wrapped:  # an app that wraps the library's error in its own words
                log.log(failure_level(args.error_style), "%s", wrapped_failure(args.error_style, seq, err))
            elif log:  # an app that logs through Python logging, and only its failures
                log.error("Message delivery failed: %s", err)
            else:    # the README's delivery_report
                print("Message delivery failed: {}".format(err), flush=True)
        else:
            ledger.confirmed(seq, msg.offset(), msg.partition())
            if args.per_record_log:  # the app's own line for every acknowledgement
                line = confirmed_line(seq, msg.topic(), msg.partition(), msg.offset())
                if log:
                    log.info("%s", line)
                else:
                    print(line, flush=True)
            elif not log:
                print("Message delivered to {} [{}]".format(msg.topic(), msg.partition()), flush=True)

    start = time.time()
    seq = 0
    while not stop and time.time() - start < args.duration:
        seq += 1
        ledger.sent(seq)
        try:
            p.produce(args.topic, record_value(args.client_id, seq).encode(), callback=lambda err, msg, s=seq: delivery_report(err, msg, s))
        except BufferError as e:
            ledger.failed(seq, e)
            if log:
                log.error("Local producer queue is full (%d messages awaiting delivery): try again", len(p))
            else:
                print("Local producer queue is full ({} messages awaiting delivery): try again".format(len(p)), flush=True)
        p.poll(0)
        next_at = min(send_time(start, seq, args.interval, args.burst), start + args.duration)
        while not stop and time.time() < next_at:
            p.poll(max(0.0, min(0.05, next_at - time.time())))
    remaining = p.flush(args.flush_timeout)
    if remaining and log:
        log.warning("%d message(s) still awaiting delivery after flush", remaining)
    elif remaining:
        print("{} message(s) still awaiting delivery after flush".format(remaining), flush=True)
    ledger.write(args.result)


def consumer(args):
    conf = {
        "bootstrap.servers": args.bootstrap,
        "client.id": args.client_id,
        "group.id": args.group,
        "auto.offset.reset": "earliest",
        "session.timeout.ms": args.session_timeout_ms,
        "heartbeat.interval.ms": 3000,
    }
    ledger = ConsumerLedger("confluent-kafka", version(), dict(conf))
    if args.pylogging:
        logging.basicConfig(level=logging.INFO, format=ASCTIME_FORMAT)
        conf["logger"] = logging.getLogger("kafka")
    c = Consumer(conf)

    def on_assign(consumer, partitions):
        ledger.assigned([f"{p.topic}[{p.partition}]" for p in partitions])
        print("Assignment: {}".format([f"{p.topic}[{p.partition}]" for p in partitions]), flush=True)

    c.subscribe([args.topic], on_assign=on_assign)
    start = time.time()
    last_report = start
    while not stop and time.time() - start < args.duration:
        msg = c.poll(0.5)
        if not args.per_record_log and time.time() - last_report >= 5:
            last_report = time.time()
            print("Consumed {} messages so far".format(len(ledger.consumed)), flush=True)
        if msg is None:
            continue
        if msg.error():
            print("Consumer error: {}".format(msg.error()), flush=True)
            continue
        ledger.got(msg.value().decode(), msg.offset())
        if args.per_record_log:
            print(received_line(msg.topic(), msg.partition(), msg.offset(), msg.value().decode()), flush=True)
    print("Consumed {} messages, closing".format(len(ledger.consumed)), flush=True)
    c.close()
    ledger.write(args.result)


def main():
    ap = ledger_arguments()
    ap.add_argument("--message-timeout-ms", type=int, default=10000)
    ap.add_argument("--pylogging", action="store_true")
    ap.add_argument("--retries", type=int, help="producer: librdkafka's retries (unset: its default)")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, on_term)
    (producer if args.role == "producer" else consumer)(args)


if __name__ == "__main__":
    sys.exit(main())
