#!/usr/bin/env python3
"""Generate the sample pod logs in samples/ for logtrace.

Run from the repository root:

    python3 scripts/make-samples.py

The output is deterministic: a fixed random seed drives every bit of jitter, no wall clock is read,
and the .gz files are written by the real `gzip -n -9 -c` (no file name, no mtime in the header), so
running the script twice gives byte-identical files.

THE SCENARIO (namespace portal-universe, 2026-11-24, all times UTC)
-------------------------------------------------------------------
One Kafka broker (Deployment, replicas 1, KRaft combined mode, node id 1, advertised as
kafka.portal-universe.svc.cluster.local:9092) is deleted with `kubectl delete pod -l app=kafka` at
T0 = 10:00:00Z and Kubernetes starts a new pod.  The clients:

  service               Spring Boot  kafka-clients  log layout                    client ids (as printed)
  shopping-service      3.3          3.7            ISO date + [application name]  producer shopping-producer-1
  notification-service  3.1          3.4            ISO date                       consumer notification-consumer-0
  prism-service         2.7          3.1            local date, no zone            producer prism-producer-1,
                                                                                   consumer prism-consumer-0

The configured client.id values are shopping-producer, notification-consumer, prism-producer and
prism-consumer.  Spring Kafka's DefaultKafkaProducerFactory appends "-<n>" to a configured client.id
and a (Concurrent)MessageListenerContainer appends "-<index>" to the consumer's, so that is what
the Kafka client prints in its "[Producer clientId=...]" prefix and what names the producer's
network thread ("kafka-producer-network-thread | shopping-producer-1").

The timeline that the logs reproduce is spelled out in the constants just below (seconds after T0).
Every Kafka line uses wording read in the libraries' sources; see docs/samples-expected.md for the truth
table and the sources.
"""

import datetime as _dt
import json
import os
import random
import subprocess
import sys

# ----------------------------------------------------------------------------------------------
# Timeline (seconds after T0 = 2026-11-24T10:00:00Z)
# ----------------------------------------------------------------------------------------------
T0 = _dt.datetime(2026, 11, 24, 10, 0, 0, tzinfo=_dt.timezone.utc)
SEED = 20261124
WINDOW_START = -120.0          # ordinary traffic starts ~09:58:00
WINDOW_END = 185.0             # ... and ends ~10:03:05

BROKER_SIGTERM = 0.003         # old broker: "Terminating process due to signal SIGTERM"
BROKER_LEAVES_CONTROLLED = 4.996  # "The controller has asked us to exit controlled shutdown."; ~8 ms later the
                               # broker stops its request processors and every client connection drops
NEW_POD_FIRST_LINE = 46.412    # new broker pod (container started at ~T+45) prints its first line
BROKER_STARTED = 58.013        # "[BrokerServer id=1] Transition from STARTING to STARTED"

SHOPPING_DISCONNECT = 5.021    # producers notice the dropped connection ("Node 1 disconnected.")
PRISM_PRODUCER_DISCONNECT = 5.031
NOTIFICATION_DISCONNECT = 10.018   # consumers notice it (the runbook's T+10; see docs/samples-expected.md)
PRISM_CONSUMER_DISCONNECT = 10.347
LAST_FAILURE_BEFORE = 57.95    # the last "could not be established" of every client comes before this
NOTIFICATION_REJOIN = 60.104   # consumers: "Discovered group coordinator ..." then the rejoin
PRISM_CONSUMER_REJOIN = 60.587

# The lost messages: (client, topic-partition, records, batch created at, expiry logged at).
# The elapsed ms printed is round((expired - created) * 1000).
SHOPPING_BATCHES = [
    ("orders", 0, 0.012, 30.024),   # 3 records: checkout ORD-20261124-000412 (3 events)
    ("orders", 1, 3.004, 33.011),   # 2 records: checkout ORD-20261124-000413 (2 events)
    ("orders", 2, 11.020, 41.028),  # 1 record:  cancellation of ORD-20261124-000409
]
PRISM_BATCH = ("ai-jobs", 0, 5.012, 35.031)  # 2 records: two null-key jobs from one request

KAFKA_HOST = "kafka.portal-universe.svc.cluster.local"
KAFKA_ADDR = KAFKA_HOST + "/10.244.1.17:9092"               # InetSocketAddress.toString()
NODE1 = KAFKA_HOST + ":9092 (id: 1 rack: null)"                # Node.toString()
COORD_ID = 2147483647 - 1                                     # Integer.MAX_VALUE - brokerId
COORD = KAFKA_HOST + ":9092 (id: %d rack: null)" % COORD_ID

OLD_BROKER_POD = "kafka-6d8f9c7b5-q2w8r"
NEW_BROKER_POD = "kafka-6d8f9c7b5-z7m4k"
SHOPPING_POD = "shopping-service-7d9f8c6b5-x2k4p"
NOTIFICATION_POD = "notification-service-5c8f7d9b4-h6jkl"
NOTIFICATION_POD_UID = "3f2b8c1e-4d5a-4e8b-9c7d-1a2b3c4d5e6f"
PRISM_POD = "prism-service-6b7c8d9f5-m3n4p"

SHOPPING_PRODUCER = "shopping-producer-1"
NOTIFICATION_CONSUMER = "notification-consumer-0"
NOTIFICATION_GROUP = "notification-group"
PRISM_PRODUCER = "prism-producer-1"
PRISM_CONSUMER = "prism-consumer-0"
PRISM_GROUP = "prism-group"

NS = 1_000_000_000


def ns(seconds):
    """Seconds after T0 (float) -> integer nanoseconds after T0."""
    return int(round(seconds * NS))


def wall(t_ns):
    return T0 + _dt.timedelta(microseconds=t_ns // 1000)


# ----------------------------------------------------------------------------------------------
# Layouts
# ----------------------------------------------------------------------------------------------
def abbreviate_logger(name, target=39):
    """logback's TargetLengthBasedClassNameAbbreviator (1.2 - 1.5), used by %logger{39}."""
    if len(name) < target:
        return name
    right_dot = name.rfind(".")
    if right_dot == -1:
        return name
    last_len = len(name) - right_dot
    left_target = max(target - last_len, 0)
    max_trim = (len(name) - last_len) - left_target
    out, trimmed, in_dot, i = [], 0, True, 0
    while i < right_dot:
        c = name[i]
        if c == ".":
            if trimmed >= max_trim:
                break
            out.append(c)
            in_dot = True
        elif in_dot:
            out.append(c)
            in_dot = False
        else:
            trimmed += 1
        i += 1
    return "".join(out) + name[i:]


def logger_column(name):
    """%-40.40logger{39}: abbreviate, keep the rightmost 40 characters, pad on the right."""
    s = abbreviate_logger(name)
    if len(s) > 40:
        s = s[-40:]
    return s.ljust(40)


def thread_column(name):
    """%15.15t: keep the rightmost 15 characters, pad on the left."""
    return name[-15:].rjust(15)


# Checked against lines printed by real Spring Boot applications.
assert logger_column("org.apache.kafka.clients.NetworkClient").rstrip() == "org.apache.kafka.clients.NetworkClient"
assert abbreviate_logger("org.apache.kafka.clients.consumer.internals.ConsumerCoordinator") == "o.a.k.c.c.internals.ConsumerCoordinator"
assert abbreviate_logger("org.apache.kafka.clients.producer.internals.Sender") == "o.a.k.clients.producer.internals.Sender"
assert abbreviate_logger("org.springframework.kafka.support.LoggingProducerListener") == "o.s.k.support.LoggingProducerListener"
assert abbreviate_logger("org.springframework.kafka.listener.KafkaMessageListenerContainer") == "o.s.k.l.KafkaMessageListenerContainer"
assert abbreviate_logger("org.apache.kafka.common.utils.AppInfoParser") == "o.a.kafka.common.utils.AppInfoParser"
assert abbreviate_logger("org.apache.kafka.clients.FetchSessionHandler") == "o.a.kafka.clients.FetchSessionHandler"
assert logger_column("org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver") == ".w.s.m.s.DefaultHandlerExceptionResolver"
assert logger_column("org.springframework.kafka.core.DefaultKafkaConsumerFactory$ExtendedKafkaConsumer") == "fkaConsumerFactory$ExtendedKafkaConsumer"
assert thread_column("kafka-producer-network-thread | producer-1") == "ad | producer-1"
assert thread_column("org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1") == "ntainer#0-0-C-1"
assert thread_column("main") == "           main"


class Rec:
    """One log record: its time, the application's own text lines, and optional continuation lines."""

    __slots__ = ("t", "lines", "tag")

    def __init__(self, t, lines):
        self.t = t          # nanoseconds after T0 (when the application wrote it)
        self.lines = lines  # physical lines as the application printed them
        self.tag = None     # names a key event for docs/samples-expected.md


# Key events, filled while the files are written: tag -> (app timestamp text, envelope timestamp, file).
FACTS = {}


def tag(rec, name):
    rec.tag = name
    return rec


def spring(style, app_name, t, level, thread, logger, msg, exc=None):
    """A Spring Boot console-layout record.

    style "boot2":  %d{yyyy-MM-dd HH:mm:ss.SSS} %5p PID --- [%15.15t] %-40.40logger{39} : %m%n%wEx
    style "boot30": same, date yyyy-MM-dd'T'HH:mm:ss.SSSXXX (Spring Boot 3.0/3.1)
    style "boot32": adds "[spring.application.name] " before the thread (Spring Boot 3.2+)
    exc: the exception text (first line + "\tat ..." frames); %wEx puts a blank line before and after.
    """
    w = wall(t)
    ms = (t // 1_000_000) % 1000
    if style == "boot2":
        stamp = w.strftime("%Y-%m-%d %H:%M:%S") + ".%03d" % ms
    else:
        stamp = w.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % ms
    app = "[%s] " % app_name if style == "boot32" else ""
    first = "%s %5s 1 --- %s[%s] %s : %s" % (stamp, level, app, thread_column(thread), logger_column(logger), msg)
    lines = first.split("\n")
    if exc is not None:
        lines += [""] + exc.split("\n") + [""]
    return Rec(t, lines)


def broker(t, level, msg, logger):
    """Kafka broker log4j layout: [%d] %p %m (%c)%n with %d = yyyy-MM-dd HH:mm:ss,SSS."""
    w = wall(t)
    ms = (t // 1_000_000) % 1000
    text = "[%s,%03d] %s %s (%s)" % (w.strftime("%Y-%m-%d %H:%M:%S"), ms, level, msg, logger)
    return Rec(t, text.split("\n"))


# ----------------------------------------------------------------------------------------------
# Envelopes
# ----------------------------------------------------------------------------------------------
def rfc3339nano(t_ns):
    """Go's time.RFC3339Nano in UTC: the fraction loses its trailing zeros (and the dot if all zero)."""
    sec, frac = divmod(t_ns, NS)
    w = T0 + _dt.timedelta(seconds=sec)
    f = ("%09d" % frac).rstrip("0")
    return w.strftime("%Y-%m-%dT%H:%M:%S") + ("." + f if f else "") + "Z"


def stamp_lines(recs, rng, fname):
    """Give every physical line the time the container runtime read it: a little after the
    application wrote the record, strictly increasing through the file.  Returns [(ns, text)]."""
    out, last = [], -10**18
    for rec in sorted(recs, key=lambda r: r.t):
        ts = rec.t + rng.randint(40_000, 900_000)
        r = rng.random()
        if r < 0.01:                                 # now and then the clock reads a round millisecond
            ts -= ts % 1_000_000
        elif r < 0.04:                               # ... or a round microsecond
            ts -= ts % 1000
        if rec.tag == "envelope.whole_second":       # one line lands exactly on a second: no fraction at all
            ts = rec.t + (-rec.t) % NS
        for i, line in enumerate(rec.lines):
            if i:
                ts += rng.randint(2_000, 25_000)
            if ts <= last:
                ts = last + rng.randint(1_000, 9_000)
            out.append((ts, line))
            last = ts
            if i == 0 and rec.tag:
                FACTS.setdefault(rec.tag, []).append((rec.t, ts, fname, rec.lines[0]))
    return out


def kubectl_text(stamped):
    """`kubectl logs --timestamps`: "<RFC3339Nano> <line>" (an empty line keeps the space)."""
    return "".join("%s %s\n" % (rfc3339nano(ts), line) for ts, line in stamped)


CRI_MAX_LINE = 16384  # containerd max_container_log_line_size default


def cri_text(stamped, rng):
    """CRI log file as containerd writes it: "<RFC3339Nano> <stream> <P|F> <content>".

    containerd (internal/cri/io/logger.go, redirectLogs) cuts a line longer than 16384 bytes into
    16384-byte "P" chunks followed by a final "F" chunk; every chunk gets its own time.Now()."""
    out = []
    for ts, line in stamped:
        data = line.encode("utf-8")
        while len(data) > CRI_MAX_LINE:
            out.append(b"%s stdout P " % rfc3339nano(ts).encode() + data[:CRI_MAX_LINE] + b"\n")
            data = data[CRI_MAX_LINE:]
            ts += rng.randint(3_000, 15_000)
        out.append(b"%s stdout F " % rfc3339nano(ts).encode() + data + b"\n")
    return b"".join(out)


def gzip_bytes(data):
    return subprocess.run(["gzip", "-n", "-9", "-c"], input=data, stdout=subprocess.PIPE, check=True).stdout


# ----------------------------------------------------------------------------------------------
# Kafka client wording (apache/kafka clients, by version)
# ----------------------------------------------------------------------------------------------
def producer_prefix(client):
    return "[Producer clientId=%s] " % client


def consumer_prefix(client, group):
    return "[Consumer clientId=%s, groupId=%s] " % (client, group)


def connect_failed(prefix, kafka_minor):
    # NetworkClient.processDisconnection, state NOT_CONNECTED; "Broker" became "Node" in 3.7.
    word = "Node" if kafka_minor >= 7 else "Broker"
    return prefix + "Connection to node 1 (%s) could not be established. %s may not be available." % (KAFKA_ADDR, word)


def coordinator_unavailable(prefix, kafka_minor):
    # AbstractCoordinator.markCoordinatorUnknown via checkAndGetCoordinator(); 3.3 added the space.
    sep = ". " if kafka_minor >= 3 else "."
    return prefix + ("Group coordinator %s is unavailable or invalid due to cause: coordinator unavailable%s"
                     "isDisconnected: true. Rediscovery will be attempted." % (COORD, sep))


def cancelled_in_flight(prefix, api, corr, node, since_create, since_send, timeout):
    # NetworkClient.cancelInFlightRequests, INFO since 3.1 (3.8 adds "throttle time"; not used here).
    return prefix + ("Cancelled in-flight %s request with correlation id %d due to node %s being disconnected "
                     "(elapsed time since creation: %dms, elapsed time since send: %dms, request timeout: %dms)"
                     % (api, corr, node, since_create, since_send, timeout))


def generation(gen, member):
    return "Generation{generationId=%d, memberId='%s', protocol='range'}" % (gen, member)


def fetch_position(offset, offset_epoch, leader_epoch):
    return ("FetchPosition{offset=%d, offsetEpoch=Optional[%d], currentLeader=LeaderAndEpoch{leader=Optional[%s], epoch=%d}}"
            % (offset, offset_epoch, NODE1, leader_epoch))


def retry_schedule(rng, start, stop):
    """Times of the failed reconnect attempts: reconnect.backoff.ms=50 doubling up to
    reconnect.backoff.max.ms=1000, each with +-20% jitter (ClusterConnectionStates)."""
    times, t, k = [], start, 0
    while True:
        t += min(0.05 * (2 ** k), 1.0) * rng.uniform(0.8, 1.2)
        k += 1
        if t >= stop:
            return times
        times.append(t)


def record_expired(style, app, t, thread, key, payload, topic, count, tp, elapsed):
    """Spring Kafka LoggingProducerListener.onError: one ERROR record per record of the batch."""
    def show(s):
        return s if len(s) <= 100 else s[:100] + "..."
    msg = ("Exception thrown when sending a message with key='%s' and payload='%s' to topic %s:"
           % (show(key), show(payload), topic))
    exc = ("org.apache.kafka.common.errors.TimeoutException: Expiring %d record(s) for %s:%d ms has passed since batch creation"
           % (count, tp, elapsed))
    return spring(style, app, t, "ERROR", thread, "org.springframework.kafka.support.LoggingProducerListener", msg, exc)


NETWORK = "org.apache.kafka.clients.NetworkClient"
SENDER = "org.apache.kafka.clients.producer.internals.Sender"
COORDINATOR = "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator"
FETCH_SESSION = "org.apache.kafka.clients.FetchSessionHandler"
CONTAINER = "org.springframework.kafka.listener.KafkaMessageListenerContainer"
LISTENER_THREAD = "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1"


def consumer_outage(out, rng, style, app, client, group, kafka_minor, t_down, fetch_corr, session, epoch, who):
    """A consumer loses node 1 and its coordinator connection, then retries about once a second."""
    p = consumer_prefix(client, group)
    hb = "kafka-coordinator-heartbeat-thread | " + group
    t = ns(t_down)
    out.append(tag(spring(style, app, t, "INFO", LISTENER_THREAD, NETWORK, p + "Node 1 disconnected."), who + ".first_failure"))
    out.append(spring(style, app, t + 210_000, "INFO", LISTENER_THREAD, NETWORK,
                      cancelled_in_flight(p, "FETCH", fetch_corr, "1", rng.randint(120, 480), rng.randint(120, 480), 30000)))
    out.append(spring(style, app, t + 530_000, "INFO", LISTENER_THREAD, FETCH_SESSION,
                      p + "Error sending fetch request (sessionId=%d, epoch=%d) to node 1:" % (session, epoch),
                      "org.apache.kafka.common.errors.DisconnectException: null"))
    t2 = t + rng.randint(2_000_000, 9_000_000)
    out.append(spring(style, app, t2, "INFO", hb, NETWORK, p + "Node %d disconnected." % COORD_ID))
    out.append(tag(spring(style, app, t2 + 310_000, "INFO", hb, COORDINATOR, coordinator_unavailable(p, kafka_minor)),
                   who + ".coordinator_lost"))
    for a in retry_schedule(rng, t_down + 0.03, LAST_FAILURE_BEFORE):
        thread = hb if rng.random() < 0.3 else LISTENER_THREAD
        out.append(tag(spring(style, app, ns(a), "WARN", thread, NETWORK, connect_failed(p, kafka_minor)), who + ".connect_failed"))


def consumer_rejoin(out, rng, style, app, client, group, t_start, member, gen, partitions, committed, who):
    """Coordinator found again; the member rejoins (eager 'range' protocol) and gets its partitions back."""
    p = consumer_prefix(client, group)
    tps = ["%s-%d" % tp for tp in partitions]
    t = ns(t_start)

    def at(ms):
        return t + int(ms * 1_000_000) + rng.randint(0, 400_000)

    out.append(tag(spring(style, app, at(0), "INFO", LISTENER_THREAD, COORDINATOR, p + "Discovered group coordinator " + COORD),
                   who + ".discovered"))
    out.append(spring(style, app, at(3), "INFO", LISTENER_THREAD, COORDINATOR,
                      p + "Revoke previously assigned partitions " + ", ".join(tps)))
    out.append(spring(style, app, at(4), "INFO", LISTENER_THREAD, CONTAINER,
                      "%s: partitions revoked: [%s]" % (group, ", ".join(tps))))
    out.append(spring(style, app, at(5), "INFO", LISTENER_THREAD, COORDINATOR, p + "(Re-)joining group"))
    out.append(spring(style, app, at(21), "INFO", LISTENER_THREAD, COORDINATOR,
                      p + "Successfully joined group with generation " + generation(gen, member)))
    out.append(spring(style, app, at(26), "INFO", LISTENER_THREAD, COORDINATOR,
                      p + "Finished assignment for group at generation %d: {%s=Assignment(partitions=[%s])}"
                      % (gen, member, ", ".join(tps))))
    out.append(spring(style, app, at(38), "INFO", LISTENER_THREAD, COORDINATOR,
                      p + "Successfully synced group in generation " + generation(gen, member)))
    out.append(spring(style, app, at(39), "INFO", LISTENER_THREAD, COORDINATOR,
                      p + "Notifying assignor about the new Assignment(partitions=[%s])" % ", ".join(tps)))
    out.append(spring(style, app, at(40), "INFO", LISTENER_THREAD, COORDINATOR,
                      p + "Adding newly assigned partitions: " + ", ".join(tps)))
    for i, tp in enumerate(tps):
        off, oepoch, lepoch = committed[i]
        out.append(spring(style, app, at(47 + i), "INFO", LISTENER_THREAD, COORDINATOR,
                          p + "Setting offset for partition %s to the committed offset %s" % (tp, fetch_position(off, oepoch, lepoch))))
    out.append(tag(spring(style, app, at(52), "INFO", LISTENER_THREAD, CONTAINER,
                          "%s: partitions assigned: [%s]" % (group, ", ".join(tps))), who + ".assigned"))
    return at(53)


# ----------------------------------------------------------------------------------------------
# Ordinary traffic helpers
# ----------------------------------------------------------------------------------------------
def ticks(rng, start, stop, lo, hi):
    t, out = start, []
    while True:
        t += rng.uniform(lo, hi)
        if t >= stop:
            return out
        out.append(t)


USERS = ["u-1187", "u-2231", "u-0942", "u-3318", "u-1560", "u-2764", "u-0415", "u-3092", "u-1873", "u-2409"]
PRODUCTS = ["SKU-TSHIRT-BLK-M", "SKU-MUG-CERAMIC-350", "SKU-NOTEBOOK-A5", "SKU-HOODIE-GRY-L", "SKU-STICKER-PACK",
            "SKU-CAP-NAVY", "SKU-BOTTLE-750", "SKU-TOTE-CANVAS"]


def order_event(kind, order_id, user, amount, t, extra=None):
    ev = {"eventType": kind, "orderId": order_id, "userId": user}
    if amount is not None:
        ev["totalAmount"] = amount
    if extra:
        ev.update(extra)
    w = wall(t)
    ev["occurredAt"] = w.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % ((t // 1_000_000) % 1000)
    return json.dumps(ev, separators=(",", ":"))


# ----------------------------------------------------------------------------------------------
# shopping-service (Spring Boot 3.3, kafka-clients 3.7, producer only)
# ----------------------------------------------------------------------------------------------
def shopping(offsets, deliveries):
    rng = random.Random("%d:shopping" % SEED)
    S, APP = "boot32", "shopping-service"
    out = []
    pthread = "kafka-producer-network-thread | " + SHOPPING_PRODUCER
    P = producer_prefix(SHOPPING_PRODUCER)
    web = lambda: "http-nio-8080-exec-%d" % rng.randint(1, 10)
    ORDER_SVC = "com.portal.shopping.order.OrderService"
    PUBLISHER = "com.portal.shopping.order.OrderEventPublisher"
    CATALOG = "com.portal.shopping.catalog.ProductQueryService"
    CART = "com.portal.shopping.cart.CartService"

    def publish_ok(t_ack, kind, order_id, part):
        off = offsets[("orders", part)]
        offsets[("orders", part)] += 1
        deliveries.append((t_ack, "orders", part, off, kind, order_id))
        out.append(tag(spring(S, APP, t_ack, "INFO", pthread, PUBLISHER,
                              "Published %s for orderId=%s to orders-%d@%d" % (kind, order_id, part, off)), "shopping.published"))

    # Ordinary orders before and after the outage (one ORDER_CREATED record each, acked in a few ms).
    plan = ticks(rng, WINDOW_START, -1.0, 6.0, 14.0)
    after = ticks(rng, 62.0, WINDOW_END, 6.0, 13.0)
    placed = {}                                   # order id -> user, for the cancellation below
    for i, t in enumerate(plan):                  # numbered so that the last one before T0 is ...411
        order_id = "ORD-20261124-%06d" % (412 - len(plan) + i)
        user, items = rng.choice(USERS), rng.randint(1, 4)
        placed[order_id] = user
        amount = rng.randint(9, 180) * 500
        tt = ns(t)
        out.append(spring(S, APP, tt, "INFO", web(), ORDER_SVC,
                          "Order created: orderId=%s, userId=%s, items=%d, totalAmount=%d" % (order_id, user, items, amount)))
        publish_ok(tt + rng.randint(3_000_000, 19_000_000), "ORDER_CREATED", order_id, rng.randint(0, 2))

    # --- the outage -------------------------------------------------------------------------
    # T+0.012: checkout ORD-...412 publishes three events with the same key -> one batch on orders-0.
    # T+3.004: checkout ORD-...413 publishes two events -> one batch on orders-1.
    # Both produce requests are in flight when the broker stops processing requests; they are
    # cancelled when the connection drops (T+5), retried, and expire 30 s after batch creation.
    # T+11.020: a customer cancels ORD-...409 (placed before T0) -> a one-record batch on orders-2, never sent.
    lost = []
    b0 = SHOPPING_BATCHES[0]
    t = ns(b0[2]) - 9_000_000
    out.append(spring(S, APP, t, "INFO", web(), ORDER_SVC,
                      "Order created: orderId=ORD-20261124-000412, userId=u-2231, items=3, totalAmount=74500"))
    lost.append([(k, "ORD-20261124-000412", order_event(k, "ORD-20261124-000412", "u-2231", 74500, ns(b0[2]) + i * 400_000))
                 for i, k in enumerate(["ORDER_CREATED", "PAYMENT_REQUESTED", "STOCK_RESERVATION_REQUESTED"])])
    b1 = SHOPPING_BATCHES[1]
    t = ns(b1[2]) - 7_000_000
    out.append(spring(S, APP, t, "INFO", web(), ORDER_SVC,
                      "Order created: orderId=ORD-20261124-000413, userId=u-0942, items=1, totalAmount=19000"))
    lost.append([(k, "ORD-20261124-000413", order_event(k, "ORD-20261124-000413", "u-0942", 19000, ns(b1[2]) + i * 300_000))
                 for i, k in enumerate(["ORDER_CREATED", "PAYMENT_REQUESTED"])])
    b2 = SHOPPING_BATCHES[2]
    t = ns(b2[2]) - 6_000_000
    out.append(spring(S, APP, t, "INFO", web(), ORDER_SVC,
                      "Order cancelled by customer: orderId=ORD-20261124-000409, userId=%s" % placed["ORD-20261124-000409"]))
    lost.append([("ORDER_CANCELLED", "ORD-20261124-000409",
                  order_event("ORDER_CANCELLED", "ORD-20261124-000409", placed["ORD-20261124-000409"], None, ns(b2[2]),
                              {"reason": "CUSTOMER_REQUEST"}))])

    # T+5: the connection to node 1 drops; the two in-flight produce requests are cancelled.
    t = ns(SHOPPING_DISCONNECT)
    out.append(tag(spring(S, APP, t, "INFO", pthread, NETWORK, P + "Node 1 disconnected."), "shopping.first_failure"))
    for i, (corr, created) in enumerate([(48213, b0[2]), (48214, b1[2])]):
        since = int(round((SHOPPING_DISCONNECT - created) * 1000))
        out.append(spring(S, APP, t + 150_000 + i * 40_000, "INFO", pthread, NETWORK,
                          cancelled_in_flight(P, "PRODUCE", corr, "1", since, since - 1, 20000)))
    for i, (corr, part) in enumerate([(48213, 0), (48214, 1)]):
        tw = t + 420_000 + i * 90_000
        out.append(spring(S, APP, tw, "WARN", pthread, SENDER,
                          P + "Got error produce response with correlation id %d on topic-partition orders-%d, retrying "
                              "(2147483646 attempts left). Error: NETWORK_EXCEPTION. Error Message: Disconnected from node 1"
                          % (corr, part)))
        out.append(spring(S, APP, tw + 30_000, "WARN", pthread, SENDER,
                          P + "Received invalid metadata error in produce request on partition orders-%d due to "
                              "org.apache.kafka.common.errors.NetworkException: Disconnected from node 1. "
                              "Going to request metadata update now" % part))
    for a in retry_schedule(rng, SHOPPING_DISCONNECT + 0.01, LAST_FAILURE_BEFORE):
        out.append(tag(spring(S, APP, ns(a), "WARN", pthread, NETWORK, connect_failed(P, 7)), "shopping.connect_failed"))

    # The expiries: LoggingProducerListener prints every record of the batch, same millisecond.
    for (topic, part, created, expired), records in zip(SHOPPING_BATCHES, lost):
        elapsed = int(round((expired - created) * 1000))
        base = ns(expired) - ns(expired) % 1_000_000 + 90_000
        for i, (kind, key, payload) in enumerate(records):
            out.append(tag(record_expired(S, APP, base + i * 170_000, pthread, key, payload, topic, len(records),
                                          "%s-%d" % (topic, part), elapsed), "shopping.expiry.%s-%d" % (topic, part)))

    # Orders placed later in the outage wait in the accumulator and go out once the broker is back.
    late = [(31.507, "ORD-20261124-000414", "u-1560", 0), (44.812, "ORD-20261124-000415", "u-2764", 2)]
    for t_s, order_id, user, part in late:
        amount = rng.randint(9, 180) * 500
        out.append(spring(S, APP, ns(t_s), "INFO", web(), ORDER_SVC,
                          "Order created: orderId=%s, userId=%s, items=%d, totalAmount=%d" % (order_id, user, rng.randint(1, 3), amount)))
    publish_ok(ns(58.611), "ORDER_CREATED", "ORD-20261124-000414", 0)
    publish_ok(ns(58.614), "ORDER_CREATED", "ORD-20261124-000415", 2)

    seq = 415
    for t in after:
        seq += 1
        order_id = "ORD-20261124-%06d" % seq
        user, items = rng.choice(USERS), rng.randint(1, 4)
        amount = rng.randint(9, 180) * 500
        tt = ns(t)
        out.append(spring(S, APP, tt, "INFO", web(), ORDER_SVC,
                          "Order created: orderId=%s, userId=%s, items=%d, totalAmount=%d" % (order_id, user, items, amount)))
        publish_ok(tt + rng.randint(3_000_000, 19_000_000), "ORDER_CREATED", order_id, rng.randint(0, 2))

    # --- noise ----------------------------------------------------------------------------------
    for t in ticks(rng, WINDOW_START, WINDOW_END, 1.5, 5.0):
        r = rng.random()
        if r < 0.45:
            msg = "Product detail served: sku=%s, cacheHit=%s" % (rng.choice(PRODUCTS), rng.choice(["true", "true", "false"]))
            out.append(spring(S, APP, ns(t), "INFO", web(), CATALOG, msg))
        elif r < 0.8:
            out.append(spring(S, APP, ns(t), "INFO", web(), CART,
                              "Cart updated: userId=%s, sku=%s, quantity=%d" % (rng.choice(USERS), rng.choice(PRODUCTS), rng.randint(1, 3))))
        else:
            out.append(spring(S, APP, ns(t), "INFO", web(), CATALOG,
                              "Search 'q=%s' returned %d products in %d ms" % (rng.choice(["hoodie", "mug", "cap", "tote", "sticker"]),
                                                                             rng.randint(0, 14), rng.randint(4, 60))))
    out.append(spring(S, APP, ns(-38.706), "WARN", web(), "org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver",
                      "Resolved [org.springframework.web.HttpRequestMethodNotSupportedException: Request method 'GET' is not supported]"))
    # Near-miss: an OAuth/Keycloak line with a bare "clientId=" during the outage (not a Kafka client).
    out.append(spring(S, APP, ns(22.418), "WARN", web(), "com.portal.shopping.security.KeycloakTokenRelayFilter",
                      "Token refresh rejected by Keycloak: error=invalid_grant, clientId=portal-web, realm=portal-universe, userId=u-0415"))
    out.append(spring(S, APP, ns(-71.233), "INFO", web(), "com.portal.shopping.security.KeycloakTokenRelayFilter",
                      "Service token refreshed from Keycloak (clientId=shopping-service, expiresIn=300s)"))
    out.append(spring(S, APP, ns(107.514), "WARN", web(), "org.hibernate.engine.jdbc.spi.SqlExceptionHelper",
                      "SQL Error: 1213, SQLState: 40001"))
    out.append(spring(S, APP, ns(107.515), "ERROR", web(), "org.hibernate.engine.jdbc.spi.SqlExceptionHelper",
                      "Deadlock found when trying to get lock; try restarting transaction"))
    out.append(spring(S, APP, ns(107.521), "WARN", web(), CART,
                      "Cart update retried after deadlock: userId=u-1873"))
    return out


# ----------------------------------------------------------------------------------------------
# notification-service (Spring Boot 3.1, kafka-clients 3.4, consumer of orders)
# ----------------------------------------------------------------------------------------------
def notification(deliveries):
    rng = random.Random("%d:notification" % SEED)
    S, APP = "boot30", None
    out = []
    LISTENER = "com.portal.notification.listener.OrderEventListener"
    NOTIFY = "com.portal.notification.service.NotificationService"
    web = lambda: "http-nio-8080-exec-%d" % rng.randint(1, 10)

    busy = [-10**18]   # the listener thread handles one record at a time

    def consume(t_ack, topic, part, off, kind, order_id):
        # Before the outage a record is read a few ms after it is acked; records written right after
        # the broker came back wait until the partitions are assigned again (T+60.2).
        t = max(t_ack, ns(NOTIFICATION_REJOIN + 0.06)) if t_ack > 0 else t_ack
        t = max(t, busy[0]) + rng.randint(2_000_000, 40_000_000)
        out.append(tag(spring(S, APP, t, "INFO", LISTENER_THREAD, LISTENER,
                              "Received %s orderId=%s (partition=%d, offset=%d)" % (kind, order_id, part, off)),
                       "notification.received"))
        busy[0] = t
        if kind == "ORDER_CREATED":
            busy[0] = t + rng.randint(30_000_000, 240_000_000)
            out.append(spring(S, APP, busy[0], "INFO", LISTENER_THREAD, NOTIFY,
                              "Notification sent: type=ORDER_CONFIRMATION, channel=%s, orderId=%s"
                              % (rng.choice(["EMAIL", "EMAIL", "PUSH"]), order_id)))

    for d in sorted(deliveries):
        consume(*d)

    consumer_outage(out, rng, S, APP, NOTIFICATION_CONSUMER, NOTIFICATION_GROUP, 4, NOTIFICATION_DISCONNECT,
                    fetch_corr=20817, session=1180472351, epoch=2410, who="notification")
    # Committed offset = the next offset to read = 1 + the last offset consumed before the outage.
    committed = [(1 + max(off for (t, tp, p, off, _, _) in deliveries if p == part and t < 0), 4, 6) for part in range(3)]
    consumer_rejoin(out, rng, S, APP, NOTIFICATION_CONSUMER, NOTIFICATION_GROUP, NOTIFICATION_REJOIN,
                    "notification-consumer-0-3f6c1e52-9b1d-4c67-8e0a-5d2f7b9c4a11", 8,
                    [("orders", 0), ("orders", 1), ("orders", 2)], committed, "notification")

    # --- noise ----------------------------------------------------------------------------------
    for t in ticks(rng, WINDOW_START, WINDOW_END, 3.0, 9.0):
        r = rng.random()
        if r < 0.5:
            out.append(spring(S, APP, ns(t), "INFO", web(), "com.portal.notification.api.PreferenceController",
                              "Notification preferences read: userId=%s, email=%s, push=%s"
                              % (rng.choice(USERS), rng.choice(["true", "false"]), rng.choice(["true", "false"]))))
        else:
            out.append(spring(S, APP, ns(t), "INFO", "scheduling-1", "com.portal.notification.outbox.RetryScheduler",
                              "Retry sweep: %d pending, %d resent, 0 given up" % ((lambda n: (n, n))(rng.choice([0, 0, 0, 1, 2])))))
    out.append(spring(S, APP, ns(-20.338), "WARN", "HikariPool-1 housekeeper", "com.zaxxer.hikari.pool.HikariPool",
                      "HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=1m4s211ms)."))
    out.append(tag(spring(S, APP, ns(119.99962), "INFO", "scheduling-1", "com.portal.notification.outbox.RetryScheduler",
                          "Retry sweep: 0 pending, 0 resent, 0 given up"), "envelope.whole_second"))
    out.append(spring(S, APP, ns(84.902), "WARN", "scheduling-1", "com.portal.notification.push.FcmClient",
                      "FCM responded 503 for 1 message(s); retrying in 2000 ms"))
    # A very long ordinary line (> 40 KiB): the template bundle is logged as one JSON document.
    out.append(spring(S, APP, ns(-49.127), "INFO", "scheduling-1", "com.portal.notification.template.TemplateRegistry",
                      "Template bundle refreshed: " + template_bundle(rng)))
    return out


def template_bundle(rng):
    templates = []
    locales = ["ko-KR", "en-US", "ja-JP"]
    i = 0
    while True:
        i += 1
        name = ["ORDER_CONFIRMATION", "ORDER_CANCELLED", "SHIPPING_STARTED", "DELIVERY_COMPLETED", "PAYMENT_FAILED",
                "REFUND_COMPLETED", "AI_REPORT_READY", "PASSWORD_RESET"][i % 8]
        body = " ".join("{{%s}}" % rng.choice(["orderId", "userName", "totalAmount", "itemCount", "trackingNo", "eta"])
                        + " " + rng.choice(["Thank you for your order", "Your order has shipped", "We are sorry",
                                            "Your refund is on its way", "Your report is ready", "Please confirm"])
                        for _ in range(6))
        templates.append({"id": "tpl-%04d" % (1000 + i), "name": name, "locale": locales[i % 3], "channel":
                          ["EMAIL", "PUSH", "SMS"][i % 3], "version": 30 + i % 7, "subject": name.replace("_", " ").title(),
                          "body": body})
        doc = json.dumps({"bundle": "order-notifications", "revision": 37, "templates": templates}, separators=(",", ":"))
        if len(doc) > 42_000:
            return doc


# ----------------------------------------------------------------------------------------------
# prism-service (Spring Boot 2.7, kafka-clients 3.1, produces ai-jobs, consumes ai-results)
# ----------------------------------------------------------------------------------------------
def prism():
    rng = random.Random("%d:prism" % SEED)
    S, APP = "boot2", None
    out = []
    pthread = "kafka-producer-network-thread | " + PRISM_PRODUCER
    P = producer_prefix(PRISM_PRODUCER)
    web = lambda: "reactor-http-epoll-%d" % rng.randint(1, 4)
    JOBS = "com.portal.prism.job.AiJobService"
    PUB = "com.portal.prism.job.AiJobPublisher"
    RESULTS = "com.portal.prism.job.AiResultListener"
    job_off = [5510]
    res_off = [5482]

    def job_id():
        return "job-%06x" % rng.randint(0, 0xFFFFFF)

    def submit(t, jid, user, kind, ok_at=None):
        out.append(spring(S, APP, t, "INFO", web(), JOBS, "AI job submitted: jobId=%s, type=%s, userId=%s" % (jid, kind, user)))
        if ok_at is not None:
            off = job_off[0]
            job_off[0] += 1
            out.append(tag(spring(S, APP, ok_at, "INFO", pthread, PUB, "Published job %s to ai-jobs-0@%d" % (jid, off)),
                           "prism_producer.published"))

    def result(t, jid, submitted):
        off = res_off[0]
        res_off[0] += 1
        out.append(spring(S, APP, t, "INFO", LISTENER_THREAD, RESULTS,
                          "AI result received: jobId=%s, status=COMPLETED, latencyMs=%d (offset=%d)"
                          % (jid, (t - submitted) // 1_000_000 - rng.randint(5, 40), off)))

    kinds = ["SUMMARIZE", "CLASSIFY", "EMBED", "REPORT"]
    for t in ticks(rng, WINDOW_START, -1.5, 7.0, 16.0):
        jid = job_id()
        tt = ns(t)
        submit(tt, jid, rng.choice(USERS), rng.choice(kinds), tt + rng.randint(2_000_000, 15_000_000))
        if t + 6 < -0.5:
            result(tt + rng.randint(2_500_000_000, 5_500_000_000), jid, tt)

    # --- the outage -------------------------------------------------------------------------
    topic, part, created, expired = PRISM_BATCH
    ja, jb = "job-5f1c9a", "job-5f1c9b"
    out.append(spring(S, APP, ns(created) - 4_000_000, "INFO", web(), JOBS,
                      "AI batch request accepted: 2 jobs (%s, %s), userId=u-2409" % (ja, jb)))
    payloads = [json.dumps({"jobId": j, "type": "SUMMARIZE", "userId": "u-2409", "documentId": d, "model": "prism-sum-v3",
                            "requestedAt": "2026-11-24T10:00:05.0%02dZ" % (14 + i)}, separators=(",", ":"))
                for i, (j, d) in enumerate([(ja, "doc-88213"), (jb, "doc-88214")])]
    t = ns(PRISM_PRODUCER_DISCONNECT)
    out.append(tag(spring(S, APP, t, "INFO", pthread, NETWORK, P + "Node 1 disconnected."), "prism_producer.first_failure"))
    since = int(round((PRISM_PRODUCER_DISCONNECT - created) * 1000))
    out.append(spring(S, APP, t + 120_000, "INFO", pthread, NETWORK,
                      cancelled_in_flight(P, "PRODUCE", 91877, "1", since, since - 2, 30000)))
    out.append(spring(S, APP, t + 390_000, "WARN", pthread, SENDER,
                      P + "Got error produce response with correlation id 91877 on topic-partition ai-jobs-0, retrying "
                          "(2147483646 attempts left). Error: NETWORK_EXCEPTION"))
    out.append(spring(S, APP, t + 420_000, "WARN", pthread, SENDER,
                      P + "Received invalid metadata error in produce request on partition ai-jobs-0 due to "
                          "org.apache.kafka.common.errors.NetworkException: The server disconnected before a response was received.. "
                          "Going to request metadata update now"))
    for a in retry_schedule(rng, PRISM_PRODUCER_DISCONNECT + 0.01, LAST_FAILURE_BEFORE):
        out.append(tag(spring(S, APP, ns(a), "WARN", pthread, NETWORK, connect_failed(P, 1)), "prism_producer.connect_failed"))
    elapsed = int(round((expired - created) * 1000))
    base = ns(expired) - ns(expired) % 1_000_000 + 310_000
    for i, payload in enumerate(payloads):
        out.append(tag(record_expired(S, APP, base + i * 140_000, pthread, "null", payload, topic, 2, "%s-%d" % (topic, part), elapsed),
                       "prism.expiry.%s-%d" % (topic, part)))

    consumer_outage(out, rng, S, APP, PRISM_CONSUMER, PRISM_GROUP, 1, PRISM_CONSUMER_DISCONNECT,
                    fetch_corr=66310, session=734118259, epoch=1873, who="prism_consumer")

    # A job submitted late in the outage waits in the accumulator and goes out after recovery.
    jlate = "job-5f1e07"
    submit(ns(47.233), jlate, "u-1187", "CLASSIFY", ns(58.702))
    # Near-miss: a Reactor timeout (the AI provider call), not a Kafka timeout.
    out.append(spring(S, APP, ns(40.066), "ERROR", "parallel-3", "com.portal.prism.provider.LlmProviderClient",
                      "LLM provider call failed for jobId=job-5f1d2e (model=prism-sum-v3)", REACTOR_TIMEOUT))
    out.append(spring(S, APP, ns(40.069), "WARN", "parallel-3", JOBS,
                      "Job job-5f1d2e marked RETRY (attempt 1/3) after provider timeout"))

    consumer_rejoin(out, rng, S, APP, PRISM_CONSUMER, PRISM_GROUP, PRISM_CONSUMER_REJOIN,
                    "prism-consumer-0-9a27d0c4-61f3-4b8e-a5d2-0c8e71f4b3d6", 12, [("ai-results", 0)], [(res_off[0], 3, 5)],
                    "prism_consumer")
    result(ns(61.904), "job-5f1d2e", ns(58.37))
    for t in ticks(rng, 63.0, WINDOW_END, 7.0, 15.0):
        jid = job_id()
        tt = ns(t)
        submit(tt, jid, rng.choice(USERS), rng.choice(kinds), tt + rng.randint(2_000_000, 15_000_000))
        if t + 6 < WINDOW_END:
            result(tt + rng.randint(2_500_000_000, 5_500_000_000), jid, tt)

    # --- noise ----------------------------------------------------------------------------------
    for t in ticks(rng, WINDOW_START, WINDOW_END, 2.5, 7.0):
        r = rng.random()
        if r < 0.6:
            out.append(spring(S, APP, ns(t), "INFO", web(), "com.portal.prism.api.JobQueryController",
                              "Job status polled: jobId=%s, status=%s" % (job_id(), rng.choice(["QUEUED", "RUNNING", "COMPLETED"]))))
        else:
            out.append(spring(S, APP, ns(t), "INFO", "boundedElastic-%d" % rng.randint(1, 6), "com.portal.prism.cache.PromptCache",
                              "Prompt cache stats: size=%d, hitRate=%.2f" % (rng.randint(180, 260), rng.uniform(0.6, 0.9))))
    out.append(spring(S, APP, ns(-64.550), "WARN", "parallel-1", "com.portal.prism.provider.LlmProviderClient",
                      "Provider responded 429 Too Many Requests; backing off 2000 ms"))
    return out


REACTOR_TIMEOUT = "\n".join([
    "java.util.concurrent.TimeoutException: Did not observe any item or terminal signal within 30000ms in 'flatMap' (and no fallback has been configured)",
    "\tat reactor.core.publisher.FluxTimeout$TimeoutMainSubscriber.handleTimeout(FluxTimeout.java:295) ~[reactor-core-3.4.34.jar:3.4.34]",
    "\tat reactor.core.publisher.FluxTimeout$TimeoutMainSubscriber.doTimeout(FluxTimeout.java:280) ~[reactor-core-3.4.34.jar:3.4.34]",
    "\tat reactor.core.publisher.FluxTimeout$TimeoutTimeoutSubscriber.onNext(FluxTimeout.java:419) ~[reactor-core-3.4.34.jar:3.4.34]",
    "\tat reactor.core.publisher.FluxOnErrorResume$ResumeSubscriber.onNext(FluxOnErrorResume.java:79) ~[reactor-core-3.4.34.jar:3.4.34]",
    "\tat reactor.core.publisher.MonoDelay$MonoDelayRunnable.propagateDelay(MonoDelay.java:271) ~[reactor-core-3.4.34.jar:3.4.34]",
    "\tat reactor.core.publisher.MonoDelay$MonoDelayRunnable.run(MonoDelay.java:286) ~[reactor-core-3.4.34.jar:3.4.34]",
    "\tat reactor.core.scheduler.SchedulerTask.call(SchedulerTask.java:68) ~[reactor-core-3.4.34.jar:3.4.34]",
    "\tat reactor.core.scheduler.SchedulerTask.call(SchedulerTask.java:28) ~[reactor-core-3.4.34.jar:3.4.34]",
    "\tat java.base/java.util.concurrent.FutureTask.run(FutureTask.java:264) ~[na:na]",
    "\tat java.base/java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask.run(ScheduledThreadPoolExecutor.java:304) ~[na:na]",
    "\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136) ~[na:na]",
    "\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635) ~[na:na]",
    "\tat java.base/java.lang.Thread.run(Thread.java:833) ~[na:na]",
])


# ----------------------------------------------------------------------------------------------
# The broker pods (Kafka 3.6.2, KRaft combined mode, node 1)
# ----------------------------------------------------------------------------------------------
BS = "kafka.server.BrokerServer"
BLM = "kafka.server.BrokerLifecycleManager"
QUEUE = "org.apache.kafka.queue.KafkaEventQueue"
B2C = "kafka.server.BrokerToControllerRequestThread"
SOCK = "kafka.network.SocketServer"
REAPER = "kafka.server.DelayedOperationPurgatory$ExpiredOperationReaper"
THROTTLE = "kafka.server.ClientQuotaManager$ThrottledChannelReaper"
CS = "kafka.server.ControllerServer"
GMM = "kafka.coordinator.group.GroupMetadataManager"
DATA = "/var/lib/kafka/data"
CLUSTER_ID = "q7Wn3RkYTyG0cV5bXh2LmA"


def old_broker():
    """Ordinary broker lines, then SIGTERM and a KRaft combined-mode shutdown (wording and order as a
    Kafka 3.6 BrokerServer/ControllerServer print them)."""
    rng = random.Random("%d:old-broker" % SEED)
    out = []

    def b(t, msg, logger, level="INFO", name=None):
        out.append(tag(broker(ns(t), level, msg, logger), name))

    b(-111.842, "[GroupMetadataManager brokerId=1] Removed 0 expired offsets in 0 milliseconds.", GMM)
    b(-57.118, "[ProducerStateManager partition=__cluster_metadata-0]Wrote producer snapshot at offset 183204 with 0 producer ids in 1 ms.",
      "org.apache.kafka.storage.internals.log.ProducerStateManager")
    b(-57.115, "[LocalLog partition=__cluster_metadata-0, dir=%s] Rolled new log segment at offset 183204 in 4 ms." % DATA,
      "kafka.log.LocalLog")

    # The shutdown.  (t, message, logger) in order; times are seconds after T0.
    seq = [
        (BROKER_SIGTERM, "Terminating process due to signal SIGTERM", "org.apache.kafka.common.utils.LoggingSignalHandler",
         "broker.sigterm"),
        (0.011, "[BrokerServer id=1] Transition from STARTED to SHUTTING_DOWN", BS, "broker.shutting_down_transition"),
        (0.011, "[BrokerServer id=1] shutting down", BS, "broker.shutting_down"),
        (0.013, "[BrokerLifecycleManager id=1] Beginning controlled shutdown.", BLM),
        (0.016, "[QuorumController id=1] Unfenced broker 1 has requested and been granted an immediate shutdown.",
         "org.apache.kafka.controller.BrokerHeartbeatManager"),
        (0.016, "[QuorumController id=1] Replayed BrokerRegistrationChangeRecord modifying the registration for broker 1: "
                "BrokerRegistrationChangeRecord(brokerId=1, brokerEpoch=148213, fenced=1, inControlledShutdown=0)",
         "org.apache.kafka.controller.ClusterControlManager"),
        (4.866, "[BrokerLifecycleManager id=1] The controller has asked us to exit controlled shutdown.", BLM),
        (4.866, "[BrokerLifecycleManager id=1] beginShutdown: shutting down event queue.", QUEUE),
        (4.867, "[BrokerLifecycleManager id=1] Transitioning from PENDING_CONTROLLED_SHUTDOWN to SHUTTING_DOWN.", BLM),
        (4.867, "[broker-1-to-controller-heartbeat-channel-manager]: Shutting down", B2C),
        (4.867, "[broker-1-to-controller-heartbeat-channel-manager]: Stopped", B2C),
        (4.868, "[broker-1-to-controller-heartbeat-channel-manager]: Shutdown completed", B2C),
        (4.874, "[SocketServer listenerType=BROKER, nodeId=1] Stopping socket server request processors", SOCK,
         "broker.sockets_stop"),
        (4.880, "Broker to controller channel manager for heartbeat shutdown", "kafka.server.BrokerToControllerChannelManagerImpl"),
        (4.886, "[SocketServer listenerType=BROKER, nodeId=1] Stopped socket server request processors", SOCK),
        (4.889, "[data-plane Kafka Request Handler on Broker 1], shutting down", "kafka.server.KafkaRequestHandlerPool"),
        (4.893, "[data-plane Kafka Request Handler on Broker 1], shut down completely", "kafka.server.KafkaRequestHandlerPool"),
        (4.893, "[ExpirationReaper-1-AlterAcls]: Shutting down", REAPER),
        (4.894, "[ExpirationReaper-1-AlterAcls]: Stopped", REAPER),
        (4.894, "[ExpirationReaper-1-AlterAcls]: Shutdown completed", REAPER),
        (4.895, "[KafkaApi-1] Shutdown complete.", "kafka.server.KafkaApis"),
        (4.899, "[TransactionCoordinator id=1] Shutting down.", "kafka.coordinator.transaction.TransactionCoordinator"),
        (4.900, "[Transaction State Manager 1]: Shutdown complete", "kafka.coordinator.transaction.TransactionStateManager"),
        (4.900, "[TxnMarkerSenderThread-1]: Shutting down", "kafka.coordinator.transaction.TransactionMarkerChannelManager"),
        (4.900, "[TxnMarkerSenderThread-1]: Stopped", "kafka.coordinator.transaction.TransactionMarkerChannelManager"),
        (4.900, "[TxnMarkerSenderThread-1]: Shutdown completed", "kafka.coordinator.transaction.TransactionMarkerChannelManager"),
        (4.904, "[TransactionCoordinator id=1] Shutdown complete.", "kafka.coordinator.transaction.TransactionCoordinator"),
        (4.904, "[GroupCoordinator 1]: Shutting down.", "kafka.coordinator.group.GroupCoordinator"),
        (4.905, "[ExpirationReaper-1-Heartbeat]: Shutting down", REAPER),
        (4.905, "[ExpirationReaper-1-Heartbeat]: Stopped", REAPER),
        (4.905, "[ExpirationReaper-1-Heartbeat]: Shutdown completed", REAPER),
        (4.906, "[ExpirationReaper-1-Rebalance]: Shutting down", REAPER),
        (4.906, "[ExpirationReaper-1-Rebalance]: Stopped", REAPER),
        (4.906, "[ExpirationReaper-1-Rebalance]: Shutdown completed", REAPER),
        (4.907, "[GroupCoordinator 1]: Shutdown complete.", "kafka.coordinator.group.GroupCoordinator"),
        (4.908, "[ReplicaManager broker=1] Shutting down", "kafka.server.ReplicaManager"),
        (4.909, "[LogDirFailureHandler]: Shutting down", "kafka.server.ReplicaManager$LogDirFailureHandler"),
        (4.910, "[LogDirFailureHandler]: Stopped", "kafka.server.ReplicaManager$LogDirFailureHandler"),
        (4.910, "[LogDirFailureHandler]: Shutdown completed", "kafka.server.ReplicaManager$LogDirFailureHandler"),
        (4.910, "[ReplicaFetcherManager on broker 1] shutting down", "kafka.server.ReplicaFetcherManager"),
        (4.911, "[ReplicaFetcherManager on broker 1] shutdown completed", "kafka.server.ReplicaFetcherManager"),
        (4.911, "[ReplicaAlterLogDirsManager on broker 1] shutting down", "kafka.server.ReplicaAlterLogDirsManager"),
        (4.912, "[ReplicaAlterLogDirsManager on broker 1] shutdown completed", "kafka.server.ReplicaAlterLogDirsManager"),
    ]
    t = 4.912
    for name in ["Fetch", "RemoteFetch", "Produce", "DeleteRecords", "ElectLeader"]:
        seq += [(t, "[ExpirationReaper-1-%s]: Shutting down" % name, REAPER),
                (t + 0.0004, "[ExpirationReaper-1-%s]: Stopped" % name, REAPER),
                (t + 0.0005, "[ExpirationReaper-1-%s]: Shutdown completed" % name, REAPER)]
        t += 0.0008
    seq += [
        (4.917, "[AddPartitionsToTxnSenderThread-1]: Shutting down", "kafka.server.AddPartitionsToTxnManager"),
        (4.917, "[AddPartitionsToTxnSenderThread-1]: Stopped", "kafka.server.AddPartitionsToTxnManager"),
        (4.918, "[AddPartitionsToTxnSenderThread-1]: Shutdown completed", "kafka.server.AddPartitionsToTxnManager"),
        (4.918, "[ReplicaManager broker=1] Shut down completely", "kafka.server.ReplicaManager"),
    ]
    for i, ch in enumerate(["alter-partition", "forwarding"]):
        t = 4.919 + i * 0.002
        seq += [(t, "[broker-1-to-controller-%s-channel-manager]: Shutting down" % ch, B2C),
                (t, "[broker-1-to-controller-%s-channel-manager]: Stopped" % ch, B2C),
                (t, "[broker-1-to-controller-%s-channel-manager]: Shutdown completed" % ch, B2C),
                (t + 0.001, "Broker to controller channel manager for %s shutdown" % ch,
                 "kafka.server.BrokerToControllerChannelManagerImpl")]
    seq += [
        (4.924, "Shutting down.", "kafka.log.LogManager"),
        (4.924, "Shutting down the log cleaner.", "kafka.log.LogCleaner"),
        (4.925, "[kafka-log-cleaner-thread-0]: Shutting down", "kafka.log.LogCleaner$CleanerThread"),
        (4.926, "[kafka-log-cleaner-thread-0]: Stopped", "kafka.log.LogCleaner$CleanerThread"),
        (4.926, "[kafka-log-cleaner-thread-0]: Shutdown completed", "kafka.log.LogCleaner$CleanerThread"),
        (5.341, "Shutdown complete.", "kafka.log.LogManager"),
    ]
    t = 5.342
    for name in ["Fetch", "Produce", "Request", "ControllerMutation"]:
        seq += [(t, "[broker-1-ThrottledChannelReaper-%s]: Shutting down" % name, THROTTLE),
                (t + 0.0005, "[broker-1-ThrottledChannelReaper-%s]: Stopped" % name, THROTTLE),
                (t + 0.0006, "[broker-1-ThrottledChannelReaper-%s]: Shutdown completed" % name, THROTTLE)]
        t += 0.0009
    seq += [
        (5.347, "[SocketServer listenerType=BROKER, nodeId=1] Shutting down socket server", SOCK),
        (5.383, "[SocketServer listenerType=BROKER, nodeId=1] Shutdown completed", SOCK),
        (5.384, "Broker and topic stats closed", "kafka.server.BrokerTopicStats"),
        (5.385, "[BrokerLifecycleManager id=1] closed event queue.", QUEUE),
        (5.386, "[BrokerServer id=1] shut down completed", BS, "broker.shut_down_completed"),
        (5.386, "[BrokerServer id=1] Transition from SHUTTING_DOWN to SHUTDOWN", BS),
        (5.387, "[ControllerServer id=1] shutting down", CS),
        (5.388, "[raft-expiration-reaper]: Shutting down", "kafka.raft.TimingWheelExpirationService$ExpiredOperationReaper"),
        (5.437, "[raft-expiration-reaper]: Stopped", "kafka.raft.TimingWheelExpirationService$ExpiredOperationReaper"),
        (5.437, "[raft-expiration-reaper]: Shutdown completed", "kafka.raft.TimingWheelExpirationService$ExpiredOperationReaper"),
        (5.438, "[kafka-1-raft-io-thread]: Shutting down", "kafka.raft.KafkaRaftManager$RaftIoThread"),
        (5.438, "[RaftManager id=1] Beginning graceful shutdown", "org.apache.kafka.raft.KafkaRaftClient"),
        (5.439, "[RaftManager id=1] Graceful shutdown completed", "org.apache.kafka.raft.KafkaRaftClient"),
        (5.439, "[kafka-1-raft-io-thread]: Stopped", "kafka.raft.KafkaRaftManager$RaftIoThread"),
        (5.440, "[kafka-1-raft-io-thread]: Completed graceful shutdown of RaftClient", "kafka.raft.KafkaRaftManager$RaftIoThread"),
        (5.440, "[kafka-1-raft-io-thread]: Shutdown completed", "kafka.raft.KafkaRaftManager$RaftIoThread"),
        (5.441, "[kafka-1-raft-outbound-request-thread]: Shutting down", "kafka.raft.RaftSendThread"),
        (5.441, "[kafka-1-raft-outbound-request-thread]: Shutdown completed", "kafka.raft.RaftSendThread"),
        (5.442, "[kafka-1-raft-outbound-request-thread]: Stopped", "kafka.raft.RaftSendThread"),
        (5.445, "[ProducerStateManager partition=__cluster_metadata-0]Wrote producer snapshot at offset 183421 with 0 producer ids in 2 ms.",
         "org.apache.kafka.storage.internals.log.ProducerStateManager"),
        (5.452, "[SocketServer listenerType=CONTROLLER, nodeId=1] Stopping socket server request processors", SOCK),
        (5.456, "[SocketServer listenerType=CONTROLLER, nodeId=1] Stopped socket server request processors", SOCK),
        (5.457, "[QuorumController id=1] QuorumController#beginShutdown: shutting down event queue.", QUEUE),
        (5.458, "[SocketServer listenerType=CONTROLLER, nodeId=1] Shutting down socket server", SOCK),
        (5.459, "[QuorumController id=1] writeNoOpRecord: event unable to start processing because of RejectedExecutionException "
                "(treated as TimeoutException).", "org.apache.kafka.controller.QuorumController"),
        (5.466, "[SocketServer listenerType=CONTROLLER, nodeId=1] Shutdown completed", SOCK),
        (5.466, "[data-plane Kafka Request Handler on Broker 1], shutting down", "kafka.server.KafkaRequestHandlerPool"),
        (5.467, "[data-plane Kafka Request Handler on Broker 1], shut down completely", "kafka.server.KafkaRequestHandlerPool"),
        (5.467, "[ExpirationReaper-1-AlterAcls]: Shutting down", REAPER),
        (5.468, "[ExpirationReaper-1-AlterAcls]: Stopped", REAPER),
        (5.468, "[ExpirationReaper-1-AlterAcls]: Shutdown completed", REAPER),
    ]
    t = 5.468
    for name in ["Fetch", "Produce", "Request", "ControllerMutation"]:
        seq += [(t, "[controller-1-ThrottledChannelReaper-%s]: Shutting down" % name, THROTTLE),
                (t + 0.0015, "[controller-1-ThrottledChannelReaper-%s]: Stopped" % name, THROTTLE),
                (t + 0.0016, "[controller-1-ThrottledChannelReaper-%s]: Shutdown completed" % name, THROTTLE)]
        t += 0.002
    seq += [
        (5.477, "[QuorumController id=1] closed event queue.", QUEUE),
        (5.482, "[SharedServer id=1] Stopping SharedServer", "kafka.server.SharedServer"),
        (5.482, "[MetadataLoader id=1] beginShutdown: shutting down event queue.", QUEUE),
        (5.484, "[SnapshotGenerator id=1] beginShutdown: shutting down event queue.", QUEUE),
        (5.484, "[SnapshotGenerator id=1] closed event queue.", QUEUE),
        (5.485, "[MetadataLoader id=1] closed event queue.", QUEUE),
        (5.486, "Metrics scheduler closed", "org.apache.kafka.common.metrics.Metrics"),
        (5.486, "Closing reporter org.apache.kafka.common.metrics.JmxReporter", "org.apache.kafka.common.metrics.Metrics"),
        (5.486, "Metrics reporters closed", "org.apache.kafka.common.metrics.Metrics"),
        (5.487, "App info kafka.server for 1 unregistered", "org.apache.kafka.common.utils.AppInfoParser", "broker.last_line"),
    ]
    prev = 0.0
    for item in seq:                       # keep the listed order: each line no earlier than the last
        t_s, msg, logger = item[:3]
        if t_s >= 4.8:                     # the list is laid out with the release at 4.866
            t_s += BROKER_LEAVES_CONTROLLED - 4.866
        prev = max(t_s + rng.uniform(0, 0.0004), prev + 0.000001)
        b(prev, msg, logger, name=item[3] if len(item) > 3 else None)
    return out


def new_broker():
    """The replacement pod: JVM start at ~T+46, KRaft combined-mode startup, STARTED at ~T+58."""
    rng = random.Random("%d:new-broker" % SEED)
    out = []
    t = [NEW_POD_FIRST_LINE]

    def b(msg, logger, gap=0.0, level="INFO", name=None):
        t[0] += gap + rng.uniform(0.000002, 0.0003)    # keep the listed order
        out.append(tag(broker(ns(t[0]), level, msg, logger), name))

    b("Registered kafka:type=kafka.Log4jController MBean", "kafka.utils.Log4jControllerRegistration$", name="broker.new_first_line")
    b("Setting -D jdk.tls.rejectClientInitiatedRenegotiation=true to disable client-initiated TLS renegotiation",
      "org.apache.zookeeper.common.X509Util", 0.459)
    b("Registered signal handlers for TERM, INT, HUP", "org.apache.kafka.common.utils.LoggingSignalHandler", 0.158)
    b("[ControllerServer id=1] Starting controller", CS, 0.007)
    b("Updated connection-accept-rate max connection creation rate to 2147483647", "kafka.network.ConnectionQuotas", 0.291)
    b("Awaiting socket connections on 0.0.0.0:9093.", "kafka.network.DataPlaneAcceptor", 0.019)
    b("[SocketServer listenerType=CONTROLLER, nodeId=1] Created data-plane acceptor and processors for endpoint : ListenerName(CONTROLLER)",
      SOCK, 0.012)
    b("[SharedServer id=1] Starting SharedServer", "kafka.server.SharedServer", 0.004)
    b("[BrokerServer id=1] Transition from SHUTDOWN to STARTING", BS, 0.001, name="broker.starting")
    b("[LogLoader partition=__cluster_metadata-0, dir=%s] Loading producer state till offset 183421 with message format version 2" % DATA,
      "kafka.log.UnifiedLog$", 0.081)
    b("[LogLoader partition=__cluster_metadata-0, dir=%s] Reloading from producer snapshot and rebuilding producer state from offset 183421" % DATA,
      "kafka.log.UnifiedLog$", 0.001)
    b("[LogLoader partition=__cluster_metadata-0, dir=%s] Producer state recovery took 3ms for snapshot load and 0ms for segment recovery from offset 183421" % DATA,
      "kafka.log.UnifiedLog$", 0.004)
    b("Initialized snapshots with IDs SortedSet(OffsetAndEpoch(offset=180112, epoch=3)) from %s/__cluster_metadata-0" % DATA,
      "kafka.raft.KafkaMetadataLog$", 0.052)
    b("[raft-expiration-reaper]: Starting", "kafka.raft.TimingWheelExpirationService$ExpiredOperationReaper", 0.027)
    b("[kafka-1-raft-outbound-request-thread]: Starting", "kafka.raft.RaftSendThread", 0.221)
    b("[kafka-1-raft-io-thread]: Starting", "kafka.raft.KafkaRaftManager$RaftIoThread", 0.003)
    b("[BrokerServer id=1] Starting broker", BS, 0.019)
    b("[ControllerServer id=1] Waiting for controller quorum voters future", CS)
    b("[ControllerServer id=1] Finished waiting for controller quorum voters future", CS, 0.001)
    for name in ["Fetch", "Produce", "Request", "ControllerMutation"]:
        b("[broker-1-ThrottledChannelReaper-%s]: Starting" % name, THROTTLE, 0.002)
    b("[QuorumController id=1] Creating new QuorumController with clusterId %s." % CLUSTER_ID,
      "org.apache.kafka.controller.QuorumController", 0.006)
    for name in ["Fetch", "Produce", "ControllerMutation", "Request"]:
        b("[controller-1-ThrottledChannelReaper-%s]: Starting" % name, THROTTLE, 0.001)
    b("[BrokerServer id=1] Waiting for controller quorum voters future", BS, 0.010)
    b("[BrokerServer id=1] Finished waiting for controller quorum voters future", BS)
    b("[ExpirationReaper-1-AlterAcls]: Starting", REAPER, 0.001)
    b("[broker-1-to-controller-forwarding-channel-manager]: Starting", B2C, 0.005)
    b("[QuorumController id=1] Becoming the active controller at epoch 4, next write offset 183422.",
      "org.apache.kafka.controller.QuorumController", 0.690)
    b("[broker-1-to-controller-forwarding-channel-manager]: Recorded new controller, from now on will use node localhost:9093 (id: 1 rack: null)",
      B2C, 0.004)
    b("[ControllerServer id=1] Waiting for the controller metadata publishers to be installed", CS, 0.003)
    b("[ControllerServer id=1] Finished waiting for the controller metadata publishers to be installed", CS, 0.002)
    b("[SocketServer listenerType=CONTROLLER, nodeId=1] Enabling request processing.", SOCK)
    b("[ControllerServer id=1] Waiting for all of the authorizer futures to be completed", CS, 0.006)
    b("[ControllerServer id=1] Finished waiting for all of the authorizer futures to be completed", CS, 0.001)
    b("[ControllerServer id=1] Waiting for all of the SocketServer Acceptors to be started", CS)
    b("[ControllerServer id=1] Finished waiting for all of the SocketServer Acceptors to be started", CS)
    b("Updated connection-accept-rate max connection creation rate to 2147483647", "kafka.network.ConnectionQuotas", 0.036)
    b("Awaiting socket connections on 0.0.0.0:9092.", "kafka.network.DataPlaneAcceptor", 0.001)
    b("[SocketServer listenerType=BROKER, nodeId=1] Created data-plane acceptor and processors for endpoint : ListenerName(PLAINTEXT)",
      SOCK, 0.005)
    b("[broker-1-to-controller-alter-partition-channel-manager]: Starting", B2C, 0.005)
    b("[broker-1-to-controller-alter-partition-channel-manager]: Recorded new controller, from now on will use node localhost:9093 (id: 1 rack: null)",
      B2C, 0.001)
    for name in ["Produce", "Fetch", "DeleteRecords", "ElectLeader", "RemoteFetch", "Heartbeat", "Rebalance"]:
        b("[ExpirationReaper-1-%s]: Starting" % name, REAPER, 0.002 + rng.uniform(0, 0.01))
    b("[broker-1-to-controller-heartbeat-channel-manager]: Starting", B2C, 0.031)
    b("[broker-1-to-controller-heartbeat-channel-manager]: Recorded new controller, from now on will use node localhost:9093 (id: 1 rack: null)",
      B2C)
    b("[BrokerLifecycleManager id=1] Incarnation 4kQpW2tuRjWbn7F0e3hVsg of broker 1 in cluster %s is now STARTING." % CLUSTER_ID,
      BLM, 0.008)
    b("[ExpirationReaper-1-AlterAcls]: Starting", REAPER, 0.031)
    b("[BrokerServer id=1] Waiting for the broker metadata publishers to be installed", BS, 0.016)
    b("[MetadataLoader id=1] InitializeNewPublishers: initializing BrokerMetadataPublisher with a snapshot at offset 183421",
      "org.apache.kafka.image.loader.MetadataLoader", 0.002)
    b("[BrokerMetadataPublisher id=1] Publishing initial metadata at offset OffsetAndEpoch(offset=183421, epoch=4) with metadata.version 3.6-IV2.",
      "kafka.server.metadata.BrokerMetadataPublisher")
    b("Loading logs from log dirs ArraySeq(%s)" % DATA, "kafka.log.LogManager", 0.001)
    b("[BrokerServer id=1] Finished waiting for the broker metadata publishers to be installed", BS, 0.002)
    b("[BrokerServer id=1] Waiting for the controller to acknowledge that we are caught up", BS)
    b("Loaded 57 logs in 3841ms", "kafka.log.LogManager", 3.840)
    b("Starting log cleanup with a period of 300000 ms.", "kafka.log.LogManager", 0.002)
    b("Starting log flusher with a default period of 9223372036854775807 ms.", "kafka.log.LogManager")
    b("Starting the log cleaner", "kafka.log.LogCleaner", 0.010)
    b("[kafka-log-cleaner-thread-0]: Starting", "kafka.log.LogCleaner$CleanerThread", 0.024)
    b("[LogDirFailureHandler]: Starting", "kafka.server.ReplicaManager$LogDirFailureHandler", 0.021)
    b("[GroupCoordinator 1]: Starting up.", "kafka.coordinator.group.GroupCoordinator", 0.005)
    b("[AddPartitionsToTxnSenderThread-1]: Starting", "kafka.server.AddPartitionsToTxnManager", 0.001)
    b("[GroupCoordinator 1]: Startup complete.", "kafka.coordinator.group.GroupCoordinator", 0.001)
    b("[TransactionCoordinator id=1] Starting up.", "kafka.coordinator.transaction.TransactionCoordinator", 0.001)
    b("[TransactionCoordinator id=1] Startup complete.", "kafka.coordinator.transaction.TransactionCoordinator", 0.003)
    b("[BrokerMetadataPublisher id=1] Updating metadata.version to 14 at offset OffsetAndEpoch(offset=183421, epoch=4).",
      "kafka.server.metadata.BrokerMetadataPublisher")
    b("[TxnMarkerSenderThread-1]: Starting", "kafka.coordinator.transaction.TransactionMarkerChannelManager", 0.002)
    b("[BrokerLifecycleManager id=1] Successfully registered broker 1 with broker epoch 183425", BLM, 1.922)
    # Catching up with the metadata log is the slow part of this start; the rest follows quickly.
    t[0] = BROKER_STARTED - 0.1752
    b("[BrokerLifecycleManager id=1] The broker has caught up. Transitioning from STARTING to RECOVERY.", BLM)
    b("[BrokerServer id=1] Finished waiting for the controller to acknowledge that we are caught up", BS)
    b("[BrokerServer id=1] Waiting for the initial broker metadata update to be published", BS)
    b("[BrokerServer id=1] Finished waiting for the initial broker metadata update to be published", BS)
    b(kafka_config_values(), "kafka.server.KafkaConfig", 0.001)
    b("[BrokerServer id=1] Waiting for the broker to be unfenced", BS, 0.008)
    b("[QuorumController id=1] The request from broker 1 to unfence has been granted because it has caught up with the offset of "
      "its register broker record 183425.", "org.apache.kafka.controller.BrokerHeartbeatManager", 0.001)
    b("[QuorumController id=1] Replayed BrokerRegistrationChangeRecord modifying the registration for broker 1: "
      "BrokerRegistrationChangeRecord(brokerId=1, brokerEpoch=183425, fenced=-1, inControlledShutdown=0)",
      "org.apache.kafka.controller.ClusterControlManager", 0.005)
    # Unfenced: the broker leads its partitions again and loads the consumer-group state.
    t_load = t[0] + 0.016
    for p in range(50):
        took = rng.randint(1, 9) if p not in (41, 45) else rng.randint(14, 41)   # 41, 45: the two groups
        out.append(broker(ns(t_load + p * 0.0021 + rng.uniform(0, 0.0015)), "INFO",
                          "[GroupMetadataManager brokerId=1] Finished loading offsets and group metadata from __consumer_offsets-%d "
                          "in %d milliseconds for epoch 6, of which %d milliseconds was spent in the scheduler." % (p, took + 2, rng.randint(0, 2)),
                          GMM))
    t[0] = t_load + 50 * 0.0021 + 0.004
    b("[BrokerLifecycleManager id=1] The broker has been unfenced. Transitioning from RECOVERY to RUNNING.", BLM, 0.020)
    b("[BrokerServer id=1] Finished waiting for the broker to be unfenced", BS)
    b("authorizerStart completed for endpoint PLAINTEXT. Endpoint is now READY.", "org.apache.kafka.server.network.EndpointReadyFutures", 0.001)
    b("[SocketServer listenerType=BROKER, nodeId=1] Enabling request processing.", SOCK)
    b("[BrokerServer id=1] Waiting for all of the authorizer futures to be completed", BS, 0.001)
    b("[BrokerServer id=1] Finished waiting for all of the authorizer futures to be completed", BS)
    b("[BrokerServer id=1] Waiting for all of the SocketServer Acceptors to be started", BS)
    b("[BrokerServer id=1] Finished waiting for all of the SocketServer Acceptors to be started", BS)
    # The scripted timeline pins STARTED; the lines above were laid out to end just before it.
    if t[0] >= BROKER_STARTED:
        raise SystemExit("new broker startup overran BROKER_STARTED (%.3f)" % t[0])
    t[0] = BROKER_STARTED
    b("[BrokerServer id=1] Transition from STARTING to STARTED", BS, name="broker.started")
    start_ms = int((T0 + _dt.timedelta(seconds=BROKER_STARTED + 0.001)).timestamp() * 1000)
    b("Kafka version: 3.6.2", "org.apache.kafka.common.utils.AppInfoParser", 0.001)
    b("Kafka commitId: c4deed513057c94e", "org.apache.kafka.common.utils.AppInfoParser")
    b("Kafka startTimeMs: %d" % start_ms, "org.apache.kafka.common.utils.AppInfoParser")
    b("[KafkaRaftServer nodeId=1] Kafka Server started", "kafka.server.KafkaRaftServer", 0.001, name="broker.kafka_server_started")
    # Ordinary lines afterwards: a segment roll of __consumer_offsets-41 (notification-group's partition).
    t[0] = 131.406
    b("[ProducerStateManager partition=__consumer_offsets-41]Wrote producer snapshot at offset 96114 with 0 producer ids in 1 ms.",
      "org.apache.kafka.storage.internals.log.ProducerStateManager")
    b("[LocalLog partition=__consumer_offsets-41, dir=%s] Rolled new log segment at offset 96114 in 3 ms." % DATA,
      "kafka.log.LocalLog", 0.002)
    return out


def kafka_config_values():
    """KafkaConfig.logAll(): "KafkaConfig values: " then one "\\tkey = value" line per key; the
    message ends with a newline, so the log4j " (logger)" suffix lands on a line of its own."""
    lines = KAFKA_CONFIG_3_6.strip("\n").split("\n")
    return "KafkaConfig values: \n" + "".join("\t%s\n" % l for l in lines)


# Kafka 3.6 broker configuration keys in logAll() order, with this deployment's values.
KAFKA_CONFIG_3_6 = """
advertised.listeners = PLAINTEXT://kafka.portal-universe.svc.cluster.local:9092
alter.config.policy.class.name = null
alter.log.dirs.replication.quota.window.num = 11
alter.log.dirs.replication.quota.window.size.seconds = 1
authorizer.class.name = 
auto.create.topics.enable = true
auto.include.jmx.reporter = true
auto.leader.rebalance.enable = true
background.threads = 10
broker.heartbeat.interval.ms = 2000
broker.id = 1
broker.id.generation.enable = true
broker.rack = null
broker.session.timeout.ms = 9000
client.quota.callback.class = null
compression.type = producer
connection.failed.authentication.delay.ms = 100
connections.max.idle.ms = 600000
connections.max.reauth.ms = 0
control.plane.listener.name = null
controlled.shutdown.enable = true
controlled.shutdown.max.retries = 3
controlled.shutdown.retry.backoff.ms = 5000
controller.listener.names = CONTROLLER
controller.quorum.append.linger.ms = 25
controller.quorum.election.backoff.max.ms = 1000
controller.quorum.election.timeout.ms = 1000
controller.quorum.fetch.timeout.ms = 2000
controller.quorum.request.timeout.ms = 2000
controller.quorum.retry.backoff.ms = 20
controller.quorum.voters = [1@localhost:9093]
controller.quota.window.num = 11
controller.quota.window.size.seconds = 1
controller.socket.timeout.ms = 30000
create.topic.policy.class.name = null
default.replication.factor = 1
delegation.token.expiry.check.interval.ms = 3600000
delegation.token.expiry.time.ms = 86400000
delegation.token.master.key = null
delegation.token.max.lifetime.ms = 604800000
delegation.token.secret.key = null
delete.records.purgatory.purge.interval.requests = 1
delete.topic.enable = true
early.start.listeners = null
fetch.max.bytes = 57671680
fetch.purgatory.purge.interval.requests = 1000
group.consumer.assignors = [org.apache.kafka.coordinator.group.assignor.RangeAssignor]
group.consumer.heartbeat.interval.ms = 5000
group.consumer.max.heartbeat.interval.ms = 15000
group.consumer.max.session.timeout.ms = 60000
group.consumer.max.size = 2147483647
group.consumer.min.heartbeat.interval.ms = 5000
group.consumer.min.session.timeout.ms = 45000
group.consumer.session.timeout.ms = 45000
group.coordinator.new.enable = false
group.coordinator.threads = 1
group.initial.rebalance.delay.ms = 0
group.max.session.timeout.ms = 1800000
group.max.size = 2147483647
group.min.session.timeout.ms = 6000
initial.broker.registration.timeout.ms = 60000
inter.broker.listener.name = PLAINTEXT
inter.broker.protocol.version = 3.6-IV2
kafka.metrics.polling.interval.secs = 10
kafka.metrics.reporters = []
leader.imbalance.check.interval.seconds = 300
leader.imbalance.per.broker.percentage = 10
listener.security.protocol.map = CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
listeners = PLAINTEXT://:9092,CONTROLLER://:9093
log.cleaner.backoff.ms = 15000
log.cleaner.dedupe.buffer.size = 134217728
log.cleaner.delete.retention.ms = 86400000
log.cleaner.enable = true
log.cleaner.io.buffer.load.factor = 0.9
log.cleaner.io.buffer.size = 524288
log.cleaner.io.max.bytes.per.second = 1.7976931348623157E308
log.cleaner.max.compaction.lag.ms = 9223372036854775807
log.cleaner.min.cleanable.ratio = 0.5
log.cleaner.min.compaction.lag.ms = 0
log.cleaner.threads = 1
log.cleanup.policy = [delete]
log.dir = /tmp/kafka-logs
log.dirs = /var/lib/kafka/data
log.flush.interval.messages = 9223372036854775807
log.flush.interval.ms = null
log.flush.offset.checkpoint.interval.ms = 60000
log.flush.scheduler.interval.ms = 9223372036854775807
log.flush.start.offset.checkpoint.interval.ms = 60000
log.index.interval.bytes = 4096
log.index.size.max.bytes = 10485760
log.local.retention.bytes = -2
log.local.retention.ms = -2
log.message.downconversion.enable = true
log.message.format.version = 3.0-IV1
log.message.timestamp.after.max.ms = 9223372036854775807
log.message.timestamp.before.max.ms = 9223372036854775807
log.message.timestamp.difference.max.ms = 9223372036854775807
log.message.timestamp.type = CreateTime
log.preallocate = false
log.retention.bytes = -1
log.retention.check.interval.ms = 300000
log.retention.hours = 168
log.retention.minutes = null
log.retention.ms = null
log.roll.hours = 168
log.roll.jitter.hours = 0
log.roll.jitter.ms = null
log.roll.ms = null
log.segment.bytes = 1073741824
log.segment.delete.delay.ms = 60000
max.connection.creation.rate = 2147483647
max.connections = 2147483647
max.connections.per.ip = 2147483647
max.connections.per.ip.overrides = 
max.incremental.fetch.session.cache.slots = 1000
message.max.bytes = 1048588
metadata.log.dir = null
metadata.log.max.record.bytes.between.snapshots = 20971520
metadata.log.max.snapshot.interval.ms = 3600000
metadata.log.segment.bytes = 1073741824
metadata.log.segment.min.bytes = 8388608
metadata.log.segment.ms = 604800000
metadata.max.idle.interval.ms = 500
metadata.max.retention.bytes = 104857600
metadata.max.retention.ms = 604800000
metric.reporters = []
metrics.num.samples = 2
metrics.recording.level = INFO
metrics.sample.window.ms = 30000
min.insync.replicas = 1
node.id = 1
num.io.threads = 8
num.network.threads = 3
num.partitions = 3
num.recovery.threads.per.data.dir = 1
num.replica.alter.log.dirs.threads = null
num.replica.fetchers = 1
offset.metadata.max.bytes = 4096
offsets.commit.required.acks = -1
offsets.commit.timeout.ms = 5000
offsets.load.buffer.size = 5242880
offsets.retention.check.interval.ms = 600000
offsets.retention.minutes = 10080
offsets.topic.compression.codec = 0
offsets.topic.num.partitions = 50
offsets.topic.replication.factor = 1
offsets.topic.segment.bytes = 104857600
password.encoder.cipher.algorithm = AES/CBC/PKCS5Padding
password.encoder.iterations = 4096
password.encoder.key.length = 128
password.encoder.keyfactory.algorithm = null
password.encoder.old.secret = null
password.encoder.secret = null
principal.builder.class = class org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder
process.roles = [broker, controller]
producer.id.expiration.check.interval.ms = 600000
producer.id.expiration.ms = 86400000
producer.purgatory.purge.interval.requests = 1000
queued.max.request.bytes = -1
queued.max.requests = 500
quota.window.num = 11
quota.window.size.seconds = 1
remote.log.index.file.cache.total.size.bytes = 1073741824
remote.log.manager.task.interval.ms = 30000
remote.log.manager.task.retry.backoff.max.ms = 30000
remote.log.manager.task.retry.backoff.ms = 500
remote.log.manager.task.retry.jitter = 0.2
remote.log.manager.thread.pool.size = 10
remote.log.metadata.custom.metadata.max.bytes = 128
remote.log.metadata.manager.class.name = org.apache.kafka.server.log.remote.metadata.storage.TopicBasedRemoteLogMetadataManager
remote.log.metadata.manager.class.path = null
remote.log.metadata.manager.impl.prefix = rlmm.config.
remote.log.metadata.manager.listener.name = null
remote.log.reader.max.pending.tasks = 100
remote.log.reader.threads = 10
remote.log.storage.manager.class.name = null
remote.log.storage.manager.class.path = null
remote.log.storage.manager.impl.prefix = rsm.config.
remote.log.storage.system.enable = false
replica.fetch.backoff.ms = 1000
replica.fetch.max.bytes = 1048576
replica.fetch.min.bytes = 1
replica.fetch.response.max.bytes = 10485760
replica.fetch.wait.max.ms = 500
replica.high.watermark.checkpoint.interval.ms = 5000
replica.lag.time.max.ms = 30000
replica.selector.class = null
replica.socket.receive.buffer.bytes = 65536
replica.socket.timeout.ms = 30000
replication.quota.window.num = 11
replication.quota.window.size.seconds = 1
request.timeout.ms = 30000
reserved.broker.max.id = 1000
sasl.client.callback.handler.class = null
sasl.enabled.mechanisms = [GSSAPI]
sasl.jaas.config = null
sasl.kerberos.kinit.cmd = /usr/bin/kinit
sasl.kerberos.min.time.before.relogin = 60000
sasl.kerberos.principal.to.local.rules = [DEFAULT]
sasl.kerberos.service.name = null
sasl.kerberos.ticket.renew.jitter = 0.05
sasl.kerberos.ticket.renew.window.factor = 0.8
sasl.login.callback.handler.class = null
sasl.login.class = null
sasl.login.connect.timeout.ms = null
sasl.login.read.timeout.ms = null
sasl.login.refresh.buffer.seconds = 300
sasl.login.refresh.min.period.seconds = 60
sasl.login.refresh.window.factor = 0.8
sasl.login.refresh.window.jitter = 0.05
sasl.login.retry.backoff.max.ms = 10000
sasl.login.retry.backoff.ms = 100
sasl.mechanism.controller.protocol = GSSAPI
sasl.mechanism.inter.broker.protocol = GSSAPI
sasl.oauthbearer.clock.skew.seconds = 30
sasl.oauthbearer.expected.audience = null
sasl.oauthbearer.expected.issuer = null
sasl.oauthbearer.jwks.endpoint.refresh.ms = 3600000
sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms = 10000
sasl.oauthbearer.jwks.endpoint.retry.backoff.ms = 100
sasl.oauthbearer.jwks.endpoint.url = null
sasl.oauthbearer.scope.claim.name = scope
sasl.oauthbearer.sub.claim.name = sub
sasl.oauthbearer.token.endpoint.url = null
sasl.server.callback.handler.class = null
sasl.server.max.receive.size = 524288
security.inter.broker.protocol = PLAINTEXT
security.providers = null
server.max.startup.time.ms = 9223372036854775807
socket.connection.setup.timeout.max.ms = 30000
socket.connection.setup.timeout.ms = 10000
socket.listen.backlog.size = 50
socket.receive.buffer.bytes = 102400
socket.request.max.bytes = 104857600
socket.send.buffer.bytes = 102400
ssl.cipher.suites = []
ssl.client.auth = none
ssl.enabled.protocols = [TLSv1.2, TLSv1.3]
ssl.endpoint.identification.algorithm = https
ssl.engine.factory.class = null
ssl.key.password = null
ssl.keymanager.algorithm = SunX509
ssl.keystore.certificate.chain = null
ssl.keystore.key = null
ssl.keystore.location = null
ssl.keystore.password = null
ssl.keystore.type = JKS
ssl.principal.mapping.rules = DEFAULT
ssl.protocol = TLSv1.3
ssl.provider = null
ssl.secure.random.implementation = null
ssl.trustmanager.algorithm = PKIX
ssl.truststore.certificates = null
ssl.truststore.location = null
ssl.truststore.password = null
ssl.truststore.type = JKS
transaction.abort.timed.out.transaction.cleanup.interval.ms = 10000
transaction.max.timeout.ms = 900000
transaction.partition.verification.enable = true
transaction.remove.expired.transaction.cleanup.interval.ms = 3600000
transaction.state.log.load.buffer.size = 5242880
transaction.state.log.min.isr = 1
transaction.state.log.num.partitions = 50
transaction.state.log.replication.factor = 1
transaction.state.log.segment.bytes = 104857600
transactional.id.expiration.ms = 604800000
unclean.leader.election.enable = false
unstable.api.versions.enable = false
zookeeper.clientCnxnSocket = null
zookeeper.connect = null
zookeeper.connection.timeout.ms = null
zookeeper.max.in.flight.requests = 10
zookeeper.metadata.migration.enable = false
zookeeper.metadata.migration.min.batch.size = 200
zookeeper.session.timeout.ms = 18000
zookeeper.set.acl = false
zookeeper.ssl.cipher.suites = null
zookeeper.ssl.client.enable = false
zookeeper.ssl.crl.enable = false
zookeeper.ssl.enabled.protocols = null
zookeeper.ssl.endpoint.identification.algorithm = HTTPS
zookeeper.ssl.keystore.location = null
zookeeper.ssl.keystore.password = null
zookeeper.ssl.keystore.type = null
zookeeper.ssl.ocsp.enable = false
zookeeper.ssl.protocol = TLSv1.2
zookeeper.ssl.truststore.location = null
zookeeper.ssl.truststore.password = null
zookeeper.ssl.truststore.type = null
"""


# ----------------------------------------------------------------------------------------------
# Writing the files
# ----------------------------------------------------------------------------------------------
def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")
    root = os.path.normpath(root)

    offsets = {("orders", 0): 1021, ("orders", 1): 1164, ("orders", 2): 998}
    deliveries = []   # (ack time ns, topic, partition, offset, event type, order id) of delivered records
    shop = shopping(offsets, deliveries)
    notif = notification(deliveries)
    prs = prism()

    rng = random.Random("%d:envelopes" % SEED)
    files = {}
    old_f = OLD_BROKER_POD + ".log.gz"
    new_f = NEW_BROKER_POD + ".log.gz"
    shop_f = SHOPPING_POD + ".log.gz"
    prism_f = PRISM_POD + ".log.gz"
    files[old_f] = gzip_bytes(kubectl_text(stamp_lines(old_broker(), rng, old_f)).encode())
    files[new_f] = gzip_bytes(kubectl_text(stamp_lines(new_broker(), rng, new_f)).encode())
    files[shop_f] = gzip_bytes(kubectl_text(stamp_lines(shop, rng, shop_f)).encode())

    cri_path = "var/log/pods/portal-universe_%s_%s/notification-service/0.log.20261124-100500.gz" % (
        NOTIFICATION_POD, NOTIFICATION_POD_UID)
    files[cri_path] = gzip_bytes(cri_text(stamp_lines(notif, rng, cri_path), rng))

    # prism-service: two gzip members, like a file that was rotated/appended (cut at 10:00:20).
    stamped = stamp_lines(prs, rng, prism_f)
    cut = ns(20.0)
    first = kubectl_text([x for x in stamped if x[0] < cut]).encode()
    second = kubectl_text([x for x in stamped if x[0] >= cut]).encode()
    files[prism_f] = gzip_bytes(first) + gzip_bytes(second)
    PRISM_SPLIT[0], PRISM_SPLIT[1] = first.count(b"\n"), second.count(b"\n")
    LONG_LINE[0] = max(len(r.lines[0].encode()) for r in notif)
    KAFKA_CONFIG_LINES[0] = 2 + len(KAFKA_CONFIG_3_6.strip("\n").split("\n"))

    for rel, data in sorted(files.items()):
        write(os.path.join(root, rel), data)
    # The truth lives beside the samples, not among them, so `logtrace ingest samples/` reads only logs.
    truth = os.path.join(os.path.dirname(root), "docs", "samples-expected.md")
    os.makedirs(os.path.dirname(truth), exist_ok=True)
    write(truth, expected_md().encode())
    for rel in sorted(files):
        print("%8d  samples/%s" % (os.path.getsize(os.path.join(root, rel)), rel))
    print("%8d  docs/samples-expected.md" % os.path.getsize(truth))


def app_ms(t_ns):
    """The application's own timestamp (milliseconds, as its layout prints it)."""
    w = wall(t_ns)
    return w.strftime("%H:%M:%S") + ".%03d" % ((t_ns // 1_000_000) % 1000)


def fact(name, which=0):
    """(application time, envelope time, file) of the first (0) or last (-1) record tagged `name`."""
    recs = sorted(FACTS[name])
    t, env, fname, _ = recs[which]
    return "%s | `%s` | %s" % (app_ms(t), rfc3339nano(env), short(fname))


def short(fname):
    return "notification CRI file" if fname.startswith("var/") else fname


def count(name):
    return len(FACTS.get(name, []))


def expected_md():
    lines = []
    w = lines.append
    w("# samples/: what logtrace should reconstruct")
    w("")
    w("Generated by `python3 scripts/make-samples.py` (deterministic; do not edit by hand).")
    w("Namespace `portal-universe`, 2026-11-24, all times UTC. **T0 = 10:00:00Z**: `kubectl delete pod -l app=kafka`")
    w("(the deletion itself is in no log; the first trace of it is the broker's SIGTERM line).")
    w("")
    w("## Files")
    w("")
    w("| file | pod / container | envelope | application layout |")
    w("|---|---|---|---|")
    w("| `%s.log.gz` | old broker pod | `kubectl logs --timestamps` | Kafka 3.6.2 log4j `[%%d] %%p %%m (%%c)%%n` |" % OLD_BROKER_POD)
    w("| `%s.log.gz` | new broker pod (started ~T+45) | `kubectl logs --timestamps` | Kafka 3.6.2 log4j |" % NEW_BROKER_POD)
    w("| `%s.log.gz` | shopping-service | `kubectl logs --timestamps` | Spring Boot 3.3 (`[shopping-service]` app name), kafka-clients 3.7, spring-kafka 3.2 |" % SHOPPING_POD)
    w("| `var/log/pods/portal-universe_%s_%s/notification-service/0.log.20261124-100500.gz` | notification-service | CRI (`<ts> stdout F\\|P <text>`) | Spring Boot 3.1, kafka-clients 3.4, spring-kafka 3.0 |" % (NOTIFICATION_POD, NOTIFICATION_POD_UID))
    w("| `%s.log.gz` | prism-service | `kubectl logs --timestamps`, **two gzip members** (cut at 10:00:20) | Spring Boot 2.7 (local time, no zone), kafka-clients 3.1, spring-kafka 2.8 |" % PRISM_POD)
    w("")
    w("Envelope timestamps are RFC 3339 with nanoseconds as Go prints them (trailing zeros of the fraction trimmed)")
    w("and run 0.04-0.9 ms after the application's own (millisecond) timestamp, so the two can differ in the last digit.")
    w("")
    w("## Broker")
    w("")
    w("| event | app time | envelope | file |")
    w("|---|---|---|---|")
    for label, name in [("SIGTERM (`Terminating process due to signal SIGTERM`)", "broker.sigterm"),
                        ("`[BrokerServer id=1] Transition from STARTED to SHUTTING_DOWN`", "broker.shutting_down_transition"),
                        ("`[BrokerServer id=1] shutting down`", "broker.shutting_down"),
                        ("socket server stops (client connections drop)", "broker.sockets_stop"),
                        ("`[BrokerServer id=1] shut down completed`", "broker.shut_down_completed"),
                        ("last line of the old pod", "broker.last_line"),
                        ("first line of the new pod", "broker.new_first_line"),
                        ("`[BrokerServer id=1] Transition from SHUTDOWN to STARTING`", "broker.starting"),
                        ("**broker back**: `[BrokerServer id=1] Transition from STARTING to STARTED`", "broker.started"),
                        ("`[KafkaRaftServer nodeId=1] Kafka Server started`", "broker.kafka_server_started")]:
        w("| %s | %s |" % (label, fact(name)))
    w("")
    w("## Clients")
    w("")
    w("Client ids are printed the way Spring Kafka makes them: the configured `client.id` plus `-1` (producer factory)")
    w("or `-0` (listener container).")
    w("")
    w("| service | client (role) | first failure | last failure | recovery | failure lines |")
    w("|---|---|---|---|---|---|")
    rows = [("shopping-service", "`%s` (producer)" % SHOPPING_PRODUCER, "shopping"),
            ("prism-service", "`%s` (producer)" % PRISM_PRODUCER, "prism_producer"),
            ("notification-service", "`%s`, group `%s` (consumer)" % (NOTIFICATION_CONSUMER, NOTIFICATION_GROUP), "notification"),
            ("prism-service", "`%s`, group `%s` (consumer)" % (PRISM_CONSUMER, PRISM_GROUP), "prism_consumer")]
    for svc, client, who in rows:
        first = sorted(FACTS[who + ".first_failure"])[0][0]
        last = sorted(FACTS[who + ".connect_failed"])[-1][0]
        if who in ("shopping", "prism_producer"):
            pub = [r for r in sorted(FACTS[who + ".published"]) if r[0] > ns(50)][0]
            rec = "%s first successful publish after the outage (app line; the Java producer logs no reconnect at INFO)" % app_ms(pub[0])
        else:
            rec = "%s `Discovered group coordinator`, %s `partitions assigned`" % (
                app_ms(sorted(FACTS[who + ".discovered"])[0][0]), app_ms(sorted(FACTS[who + ".assigned"])[0][0]))
        w("| %s | %s | %s `Node 1 disconnected.` | %s `Connection to node 1 (...) could not be established` | %s | %d x `could not be established` |"
          % (svc, client, app_ms(first), app_ms(last), rec, count(who + ".connect_failed")))
    w("")
    w("Every client's last connection failure comes before the broker is back (%s); no Kafka failure line" % app_ms(sorted(FACTS["broker.started"])[0][0]))
    w("follows it. The consumers' `Revoke previously assigned partitions` / `partitions revoked` lines at recovery are")
    w("the eager rebalance, not failures.")
    w("")
    w("Other Kafka failure lines, all in the same burst as the first failure:")
    w("")
    w("- producers: `Cancelled in-flight PRODUCE request with correlation id ... due to node 1 being disconnected (...)` (INFO),")
    w("  `Got error produce response with correlation id ... on topic-partition T-P, retrying (2147483646 attempts left).")
    w("  Error: NETWORK_EXCEPTION[. Error Message: Disconnected from node 1]` (WARN) and `Received invalid metadata error in")
    w("  produce request on partition T-P due to org.apache.kafka.common.errors.NetworkException: ...` (WARN): shopping for")
    w("  orders-0 and orders-1 (the in-flight requests of the first two lost batches), prism for ai-jobs-0.")
    w("- consumers: `Cancelled in-flight FETCH request ...`, `Error sending fetch request (sessionId=..., epoch=...) to node 1:`")
    w("  followed by a blank line, `org.apache.kafka.common.errors.DisconnectException: null` and a blank line, then")
    w("  `Node %d disconnected.` (the coordinator connection) and `Group coordinator ... (id: %d rack: null) is unavailable" % (COORD_ID, COORD_ID))
    w("  or invalid due to cause: coordinator unavailable. isDisconnected: true. Rediscovery will be attempted.` (3.4;")
    w("  prism's 3.1 client prints `...coordinator unavailable.isDisconnected: true...` without the space).")
    w("- wording by client version: `... could not be established. Node may not be available.` (shopping, 3.7) versus")
    w("  `... Broker may not be available.` (notification 3.4, prism 3.1).")
    w("")
    w("## Lost messages: 8 records in 4 batches")
    w("")
    w("Each batch expiry reaches the log only through Spring Kafka's `LoggingProducerListener`, once per record of the")
    w("batch, every record carrying the batch's count and elapsed ms in the same millisecond. Each ERROR record is 4 physical")
    w("lines: the header (`Exception thrown when sending a message with key='...' and payload='...' to topic T:`), a blank")
    w("line, `org.apache.kafka.common.errors.TimeoutException: Expiring N record(s) for T-P:MS ms has passed since batch")
    w("creation` (no stack frames), a blank line. Count batches by (client, topic-partition, count, elapsed ms); sum the counts.")
    w("")
    w("| service | client | topic-partition | records | elapsed ms | expiry (app time) | ERROR records | physical lines |")
    w("|---|---|---|---|---|---|---|---|")
    total = recs_total = lines_total = 0
    batches = [("shopping-service", SHOPPING_PRODUCER, "shopping.expiry.%s-%d", b) for b in SHOPPING_BATCHES] + \
              [("prism-service", PRISM_PRODUCER, "prism.expiry.%s-%d", PRISM_BATCH)]
    for svc, client, key, (topic, part, created, expired) in batches:
        tagname = key % (topic, part)
        n = count(tagname)
        elapsed = int(round((expired - created) * 1000))
        t = sorted(FACTS[tagname])[0][0]
        w("| %s | `%s` | `%s-%d` | %d | %d | %s | %d | %d |" % (svc, client, topic, part, n, elapsed, app_ms(t), n, 4 * n))
        total += n
        recs_total += n
        lines_total += 4 * n
    w("| **total** | | | **%d** | | | %d | %d |" % (total, recs_total, lines_total))
    w("")
    w("The records of these batches never reach a consumer. notification-service receives nothing between 10:00:00 and")
    w("its rejoin; then it reads ORD-20261124-000414 and -000415, two orders placed late in the outage whose batches had")
    w("not expired and were delivered at 10:00:58.6 (offsets continue without gaps: expired records never got one).")
    w("")
    w("## Near-misses (must not count as Kafka events)")
    w("")
    w("- shopping-service 10:00:22.418 WARN `... clientId=portal-web, realm=portal-universe ...` (Keycloak, bare `clientId=`),")
    w("  and 09:58:48.767 INFO `Service token refreshed from Keycloak (clientId=shopping-service, expiresIn=300s)`.")
    w("- prism-service 10:00:40.066 ERROR with `java.util.concurrent.TimeoutException: Did not observe any item or terminal")
    w("  signal within 30000ms in 'flatMap' ...` and 14 `\\tat` frames (Reactor, an HTTP call to the AI provider).")
    w("- old broker 10:00:05.5xx `[QuorumController id=1] writeNoOpRecord: event unable to start processing because of")
    w("  RejectedExecutionException (treated as TimeoutException).` and the component shutdown lines")
    w("  (`[GroupCoordinator 1]: Shutting down.`, `[ReplicaManager broker=1] Shut down completely`, ...).")
    w("- Unrelated WARNs: Spring `HttpRequestMethodNotSupportedException`, Hibernate deadlock (SQLState 40001), HikariPool")
    w("  thread starvation, an FCM 503 and a provider 429.")
    w("")
    w("## Envelope details to get right")
    w("")
    w("- The notification CRI file holds one %d-byte line (a JSON template bundle, 09:59:10) that containerd split into" % LONG_LINE[0])
    w("  `P` chunks of exactly 16384 bytes and a final `F` chunk; each chunk has its own, slightly later, timestamp")
    w("  (containerd stamps every chunk with `time.Now()`). Join consecutive `P` chunks of a stream up to the next `F`.")
    w("- Blank lines of Spring stack traces appear as `<ts> ` (kubectl) and `<ts> stdout F ` (CRI).")
    w("- Fractions have 9 digits mostly, fewer when they end in zeros; the notification file has one line stamped")
    w("  `%s` (no fraction at all)." % rfc3339nano(sorted(FACTS["envelope.whole_second"])[0][1]))
    w("- prism-service is two gzip members: the first holds the lines stamped before 10:00:20 (%d lines), the second" % PRISM_SPLIT[0])
    w("  the rest (%d lines)." % PRISM_SPLIT[1])
    w("- The new broker's `KafkaConfig values:` record is one record of %d physical lines: tab-indented keys, then a line" % KAFKA_CONFIG_LINES[0])
    w("  that is just ` (kafka.server.KafkaConfig)` (the message ends with a newline before the log4j `(%c)`).")
    w("")
    w("## Where the wording comes from")
    w("")
    w("- spring-projects/spring-kafka `spring-kafka/src/main/java/org/springframework/kafka/support/LoggingProducerListener.java`:")
    w("  `Exception thrown when sending a message` + ` with key='K' and payload='V'` (each cut at 100 chars + `...`) +")
    w("  ` to topic T` (+ ` and partition P` only when the record named one) + `:`, logged with the exception.")
    w("  `core/DefaultKafkaProducerFactory.java`: a configured client.id becomes `clientIdPrefix + \"-\" + counter`.")
    w("- apache/kafka `clients/.../NetworkClient.java` (`Node {} disconnected.`, `Connection to node {} ({}) could not be")
    w("  established. Node may not be available.`, `Cancelled in-flight ...`), `consumer/internals/AbstractCoordinator.java`")
    w("  (`Group coordinator {} is unavailable or invalid due to cause: {}. isDisconnected: {}. Rediscovery will be attempted.`,")
    w("  `Discovered group coordinator {}`, `(Re-)joining group`, `Successfully joined group with generation {}`, ...),")
    w("  `producer/internals/Sender.java` (`Disconnected from node %s` with NETWORK_EXCEPTION), `core/.../BrokerServer.scala`")
    w("  (`Transition from {} to {}`, `shutting down`, `shut down completed` and the shutdown order).")
    w("- Real logs quoted on GitHub: a Kafka 3.6.2 KRaft combined-mode start and shutdown, an apache/kafka 3.7.0 start,")
    w("  Spring Boot 3.2 consumer joins (`FetchPosition{...}` format), 2021 producer lines with the old")
    w("  `The server disconnected before a response was received..` text, Reactor `FluxTimeout` traces.")
    w("- containerd/containerd `internal/cri/io/logger.go` (`redirectLogs`): 16384-byte `P` chunks, `time.RFC3339Nano`.")
    w("")
    w("## Simplifications (on purpose)")
    w("")
    w("- The broker drops every client connection at 10:00:05.0; the consumers report it at 10:00:10 to follow the")
    w("  runbook's timeline (T+10 s consumer disconnect).")
    w("- After the restart the consumers rejoin (eager `range` rebalance). With the group kept on disk a 3.x consumer")
    w("  could also just resume heartbeating; the rejoin gives the report a recovery line per partition.")
    w("- The first two lost batches are produce requests left unanswered while the broker was in controlled shutdown")
    w("  (cancelled when the connection drops); later records simply wait in the accumulator.")
    w("- The broker logs leave out some lines a real start prints (Raft state transitions, per-partition log loading);")
    w("  every line that is there has the broker's own wording and logger.")
    w("")
    return "\n".join(lines)


LONG_LINE = [0]
PRISM_SPLIT = [0, 0]
KAFKA_CONFIG_LINES = [0]

if __name__ == "__main__":
    sys.exit(main())
