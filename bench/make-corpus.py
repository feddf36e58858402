#!/usr/bin/env python3
"""Writes the benchmark corpus: deterministic Spring Boot pod logs (kubectl --timestamps), gzip-compressed.

    bench/make-corpus.py --out DIR [--size 1G] [--files 8] [--seed 20261124] [--level 6]

Each file is one pod's `kubectl logs --timestamps` output: an RFC 3339 nanosecond timestamp, a space, then
a Spring Boot 3 console line (`2026-11-24T06:00:00.123Z  INFO 1 --- [app] [thread] [trace-span] logger : msg`).
The mix: ordinary request/SQL/business lines, long one-line JSON payloads, ERROR and WARN records with
stack traces (blank line, exception, `\tat ...`, `Caused by: ...`, `... N more`), ordinary Kafka client
lines that match none of the benchmark patterns, near-misses for the prefilter literals of
bench/patterns/kafka-bench.yaml (OAuth/Keycloak `clientId=` lines, Redis/WebSocket/lock lines holding the
literals, non-Kafka TimeoutExceptions), and, in the middle 30 % of every file, a Kafka outage: about
0.1 % of all lines are Kafka client lines that match the benchmark patterns.

Every matching line is the header line of its own record (continuation lines never match), so the number
of matching lines (rg -c, grep -c) equals logtrace's event count; DIR/manifest.json holds that expected
count, per file and per kind, as a third check.

Output is deterministic for given --size, --files, --seed and --level: the text comes from one seeded
random.Random per file, and it is compressed by `pigz -n` (or `gzip -n` when pigz is missing), which store
no name or time. Text is streamed to the compressor in 1 MiB chunks; memory stays small for any size.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time

SERVICES = ["order-service", "shopping-service", "notification-service", "payment-service",
            "inventory-service", "api-gateway", "user-service", "catalog-service"]
START_EPOCH = 1795500000  # 2026-11-24T04:00:00Z
SPAN_SECONDS = 6 * 3600    # every file covers the same six hours, whatever its size
OUTAGE = (0.35, 0.65)      # the outage window, as a fraction of each file's bytes
KAFKA_SHARE = 0.001        # matching Kafka lines / all lines


def parse_size(text):
    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    t = text.strip().upper().removesuffix("IB").removesuffix("B")
    unit = t[-1] if t and t[-1] in units else ""
    number = t[:-1] if unit else t
    return int(float(number) * units[unit])


def logger(name):
    """logback %-40.40logger{39}: abbreviate package parts until it fits in 39, pad to 40."""
    parts = name.split(".")
    i = 0
    while len(".".join(parts)) > 39 and i < len(parts) - 1:
        parts[i] = parts[i][0]
        i += 1
    return ".".join(parts)[:40].ljust(40)


def thread(name):
    """%15.15t: keep the last 15 characters, pad on the left."""
    return name[-15:].rjust(15)


class Pod:
    """Everything that stays fixed for one file: names, pools of pre-built text."""

    def __init__(self, index, rng):
        service = SERVICES[index % len(SERVICES)]
        self.service = service
        alphabet = "bcdfghjklmnpqrstvwxz2456789"
        rs = "".join(rng.choice("0123456789abcdef") for _ in range(9))
        suffix = "".join(rng.choice(alphabet) for _ in range(5))
        self.pod = f"{service}-{rs}-{suffix}"
        short = service.split("-")[0]
        self.short = short
        self.producer = f"{service}-producer-1"
        self.group = f"{service}-group"
        self.consumer = f"consumer-{self.group}-1"
        self.app = f"[{service}]"
        self.blank_trace = "[" + " " * 49 + "] "
        self.http_threads = [thread(f"http-nio-8080-exec-{i}") for i in range(1, 51)]
        self.lg_dispatch = logger("org.springframework.web.servlet.DispatcherServlet")
        self.lg_controller = logger(f"com.example.shop.{short}.{short.capitalize()}Controller")
        self.lg_service = logger(f"com.example.shop.{short}.{short.capitalize()}Service")
        self.lg_repo = logger(f"com.example.shop.{short}.{short.capitalize()}Repository")
        self.lg_sql = logger("org.hibernate.SQL")
        self.lg_bind = logger("org.hibernate.orm.jdbc.bind")
        self.lg_hikari = logger("com.zaxxer.hikari.pool.HikariPool")
        self.lg_payload = logger("com.example.shop.web.PayloadLoggingFilter")
        self.lg_jwt = logger("org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider")
        self.lg_oauth = logger("org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager")
        self.lg_keycloak = logger("org.keycloak.events")
        self.lg_net = logger("org.apache.kafka.clients.NetworkClient")
        self.lg_coord = logger("org.apache.kafka.clients.consumer.internals.ConsumerCoordinator")
        self.lg_fetcher = logger("org.apache.kafka.clients.consumer.internals.ConsumerUtils")
        self.lg_meta = logger("org.apache.kafka.clients.Metadata")
        self.lg_publisher = logger(f"com.example.shop.{short}.{short.capitalize()}EventPublisher")
        self.lg_listener = logger(f"com.example.shop.{short}.{short.capitalize()}EventListener")
        self.lg_servlet = logger("org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]")
        self.lg_webclient = logger(f"com.example.shop.{short}.client.InventoryClient")
        self.lg_redis = logger("com.example.shop.cache.RedisHealthIndicator")
        self.lg_ws = logger("com.example.shop.ws.NotificationSocketHandler")
        self.lg_lock = logger("com.example.shop.lock.DistributedLockClient")
        self.lg_janitor = logger("com.example.shop.cache.SessionCacheJanitor")
        self.lg_worker = logger("org.apache.kafka.connect.runtime.distributed.WorkerCoordinator")
        self.lg_scheduler = logger(f"com.example.shop.{short}.ReconciliationJob")
        self.t_producer = thread("kafka-producer-network-thread | producer-1")
        self.t_consumer = thread("org.springframework.kafka.KafkaMessageListenerContainer#0-0-C-1")
        self.t_sched = thread("scheduling-1")
        self.t_main = thread("main")
        self.t_worker = thread("DistributedHerder-connect-1-1")
        words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
                 "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]
        self.catalog = [(f"SKU-{rng.randrange(10**7):07d}",
                         " ".join(rng.choice(words).capitalize() for _ in range(rng.randrange(2, 5))),
                         f"{rng.randrange(100, 99999) / 100:.2f}", rng.choice(words), rng.choice(["S", "M", "L", "XL"]))
                        for _ in range(400)]
        self.payloads = [self.json_payload(rng) for _ in range(192)]
        self.traces_error = [self.error_trace(rng) for _ in range(48)]
        self.traces_timeout = [self.timeout_trace(rng) for _ in range(32)]
        self.paths = [f"/api/{short}s", f"/api/{short}s/{{id}}", f"/api/{short}s/{{id}}/items",
                      f"/api/{short}s/search", "/actuator/health/readiness", "/actuator/prometheus",
                      f"/api/{short}s/{{id}}/status", "/api/customers/{id}/history"]

    # ------------------------------------------------------------------ pre-built pools

    def json_payload(self, rng):
        words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
                 "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]
        cities = ["Berlin", "München", "Zürich", "Wien", "Hamburg", "Köln", "Lyon", "Porto", "Kraków", "Malmö"]
        n_items = int(rng.lognormvariate(2.0, 0.9)) + 1
        items = []
        for _ in range(min(n_items, 120)):
            sku, name, price, color, size = self.catalog[rng.randrange(len(self.catalog))]
            items.append({
                "sku": sku,
                "name": name,
                "quantity": rng.randrange(1, 9),
                "unitPrice": {"amount": price, "currency": "EUR"},
                "attributes": {"color": color, "size": size, "warehouse": f"WH-{rng.randrange(1, 40):02d}"},
                "discounts": [{"code": f"{rng.choice(words).upper()}{rng.randrange(5, 50)}",
                               "percent": rng.randrange(5, 30)} for _ in range(rng.randrange(0, 3))],
            })
        body = {
            "customer": {"id": rng.randrange(10**6, 10**7), "email": f"{rng.choice(words)}.{rng.choice(words)}{rng.randrange(100)}@example.com",
                         "address": {"street": f"{rng.choice(words).capitalize()}straße {rng.randrange(1, 200)}",
                                     "city": rng.choice(cities), "zip": f"{rng.randrange(10000, 99999)}", "country": "DE"}},
            "items": items,
            "shipping": {"method": rng.choice(["STANDARD", "EXPRESS", "PICKUP"]), "eta": f"2026-11-{rng.randrange(25, 30)}"},
            "metadata": {"channel": rng.choice(["web", "ios", "android"]), "experiment": rng.choice(words),
                         "userAgent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"},
        }
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False)

    APP_FRAMES = [
        "com.example.shop.{s}.{S}Service.place({S}Service.java:{n})",
        "com.example.shop.{s}.{S}Service.lambda$reserve$3({S}Service.java:{n})",
        "com.example.shop.{s}.{S}Controller.create({S}Controller.java:{n})",
        "com.example.shop.{s}.{S}Repository.findByCustomer({S}Repository.java:{n})",
        "com.example.shop.{s}.client.InventoryClient.reserve(InventoryClient.java:{n})",
        "com.example.shop.{s}.client.InventoryClient$$SpringCGLIB$$0.reserve(<generated>)",
    ]
    LIB_FRAMES = [
        "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
        "java.base/java.lang.reflect.Method.invoke(Method.java:580)",
        "org.springframework.aop.support.AopUtils.invokeJoinpointUsingReflection(AopUtils.java:355)",
        "org.springframework.aop.framework.ReflectiveMethodInvocation.proceed(ReflectiveMethodInvocation.java:184)",
        "org.springframework.aop.framework.CglibAopProxy$CglibMethodInvocation.proceed(CglibAopProxy.java:765)",
        "org.springframework.transaction.interceptor.TransactionInterceptor$1.proceedWithInvocation(TransactionInterceptor.java:123)",
        "org.springframework.transaction.interceptor.TransactionAspectSupport.invokeWithinTransaction(TransactionAspectSupport.java:392)",
        "org.springframework.transaction.interceptor.TransactionInterceptor.invoke(TransactionInterceptor.java:119)",
        "org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)",
        "org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest(InvocableHandlerMethod.java:188)",
        "org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle(ServletInvocableHandlerMethod.java:118)",
        "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.invokeHandlerMethod(RequestMappingHandlerAdapter.java:986)",
        "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.handleInternal(RequestMappingHandlerAdapter.java:891)",
        "org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)",
        "org.springframework.web.servlet.DispatcherServlet.doService(DispatcherServlet.java:979)",
        "org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)",
        "org.springframework.web.servlet.FrameworkServlet.doPost(FrameworkServlet.java:914)",
        "jakarta.servlet.http.HttpServlet.service(HttpServlet.java:590)",
        "org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)",
        "org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:195)",
        "org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:140)",
        "org.springframework.web.filter.RequestContextFilter.doFilterInternal(RequestContextFilter.java:100)",
        "org.springframework.web.filter.OncePerRequestFilter.doFilter(OncePerRequestFilter.java:116)",
        "org.springframework.security.web.FilterChainProxy.doFilterInternal(FilterChainProxy.java:233)",
        "org.springframework.security.web.ObservationFilterChainDecorator$VirtualFilterChain.doFilter(ObservationFilterChainDecorator.java:137)",
        "org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter.doFilterInternal(BearerTokenAuthenticationFilter.java:128)",
        "org.springframework.web.filter.ServerHttpObservationFilter.doFilterInternal(ServerHttpObservationFilter.java:114)",
        "org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:167)",
        "org.apache.catalina.core.StandardContextValve.invoke(StandardContextValve.java:90)",
        "org.apache.catalina.authenticator.AuthenticatorBase.invoke(AuthenticatorBase.java:483)",
        "org.apache.catalina.core.StandardHostValve.invoke(StandardHostValve.java:115)",
        "org.apache.catalina.valves.ErrorReportValve.invoke(ErrorReportValve.java:93)",
        "org.apache.catalina.core.StandardEngineValve.invoke(StandardEngineValve.java:74)",
        "org.apache.catalina.connector.CoyoteAdapter.service(CoyoteAdapter.java:344)",
        "org.apache.coyote.http11.Http11Processor.service(Http11Processor.java:397)",
        "org.apache.coyote.AbstractProcessorLight.process(AbstractProcessorLight.java:63)",
        "org.apache.coyote.AbstractProtocol$ConnectionHandler.process(AbstractProtocol.java:905)",
        "org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1741)",
        "org.apache.tomcat.util.net.SocketProcessorBase.run(SocketProcessorBase.java:52)",
        "org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1190)",
        "org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:659)",
        "org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:63)",
        "java.base/java.lang.Thread.run(Thread.java:1583)",
    ]
    DB_FRAMES = [
        "org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)",
        "org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2420)",
        "org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:372)",
        "org.postgresql.jdbc.PgStatement.executeInternal(PgStatement.java:517)",
        "org.postgresql.jdbc.PgPreparedStatement.executeWithFlags(PgPreparedStatement.java:194)",
        "com.zaxxer.hikari.pool.ProxyPreparedStatement.executeQuery(ProxyPreparedStatement.java:52)",
        "com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeQuery(HikariProxyPreparedStatement.java)",
        "org.hibernate.sql.results.jdbc.internal.DeferredResultSetAccess.executeQuery(DeferredResultSetAccess.java:246)",
        "org.hibernate.sql.exec.internal.JdbcSelectExecutorStandardImpl.doExecuteQuery(JdbcSelectExecutorStandardImpl.java:204)",
        "org.hibernate.query.sqm.internal.ConcreteSqmSelectQueryPlan.performList(ConcreteSqmSelectQueryPlan.java:362)",
    ]
    REACTOR_FRAMES = [
        "reactor.core.publisher.FluxTimeout$TimeoutMainSubscriber.handleTimeout(FluxTimeout.java:296)",
        "reactor.core.publisher.FluxTimeout$TimeoutMainSubscriber.doTimeout(FluxTimeout.java:281)",
        "reactor.core.publisher.FluxTimeout$TimeoutTimeoutSubscriber.onNext(FluxTimeout.java:420)",
        "reactor.core.publisher.FluxOnErrorReturn$ReturnSubscriber.onNext(FluxOnErrorReturn.java:162)",
        "reactor.core.publisher.MonoDelay$MonoDelayRunnable.propagateDelay(MonoDelay.java:270)",
        "reactor.core.publisher.MonoDelay$MonoDelayRunnable.run(MonoDelay.java:285)",
        "reactor.core.scheduler.SchedulerTask.call(SchedulerTask.java:68)",
        "reactor.core.scheduler.SchedulerTask.call(SchedulerTask.java:28)",
        "java.base/java.util.concurrent.FutureTask.run(FutureTask.java:317)",
        "java.base/java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask.run(ScheduledThreadPoolExecutor.java:304)",
        "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)",
        "java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)",
        "java.base/java.lang.Thread.run(Thread.java:1583)",
    ]
    SOCKET_FRAMES = [
        "java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)",
        "java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:304)",
        "java.base/sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:346)",
        "java.base/sun.nio.ch.NioSocketImpl$1.read(NioSocketImpl.java:796)",
        "java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)",
        "java.base/java.io.BufferedInputStream.fill(BufferedInputStream.java:291)",
        "java.base/java.io.BufferedInputStream.read1(BufferedInputStream.java:347)",
        "java.base/sun.net.www.http.HttpClient.parseHTTPHeader(HttpClient.java:827)",
        "java.base/sun.net.www.http.HttpClient.parseHTTP(HttpClient.java:759)",
        "java.base/sun.net.www.protocol.http.HttpURLConnection.getInputStream0(HttpURLConnection.java:1705)",
        "org.springframework.http.client.SimpleClientHttpResponse.getStatusCode(SimpleClientHttpResponse.java:55)",
        "org.springframework.web.client.DefaultResponseErrorHandler.hasError(DefaultResponseErrorHandler.java:71)",
        "org.springframework.web.client.RestTemplate.handleResponse(RestTemplate.java:942)",
        "org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:891)",
    ]

    def frames(self, rng, pool, k):
        s, S = self.short, self.short.capitalize()
        out = []
        for f in pool[:k]:
            out.append("\tat " + f.format(s=s, S=S, n=rng.randrange(40, 400)))
        return out

    def error_trace(self, rng):
        """A Spring MVC 500: blank line, root-cause exception, 30-60 frames, Caused by, ... N common frames omitted."""
        kind = rng.randrange(3)
        if kind == 0:
            head = (f"org.springframework.dao.DataIntegrityViolationException: could not execute statement "
                    f"[ERROR: duplicate key value violates unique constraint \"{self.short}s_pkey\"]")
            cause = [f"Caused by: org.postgresql.util.PSQLException: ERROR: duplicate key value violates unique constraint \"{self.short}s_pkey\"",
                     f"  Detail: Key (id)=({rng.randrange(10**6)}) already exists."]
            inner = self.DB_FRAMES
        elif kind == 1:
            head = (f"java.lang.IllegalStateException: {self.short.capitalize()} {rng.randrange(10**6)} is in state "
                    f"{rng.choice(['CANCELLED', 'SHIPPED', 'REFUNDED'])} and cannot be modified")
            cause = []
            inner = []
        else:
            head = (f"org.springframework.orm.jpa.JpaSystemException: could not extract ResultSet; "
                    f"SQL [n/a]; nested exception is org.hibernate.exception.GenericJDBCException: could not extract ResultSet")
            cause = ["Caused by: org.postgresql.util.PSQLException: ERROR: canceling statement due to user request"]
            inner = self.DB_FRAMES
        lines = ["", head]
        lines += self.frames(rng, self.APP_FRAMES, rng.randrange(2, 6))
        lines += self.frames(rng, self.LIB_FRAMES, rng.randrange(30, len(self.LIB_FRAMES) + 1))
        if cause:
            lines += cause
            lines += self.frames(rng, inner, rng.randrange(4, len(inner) + 1))
            lines.append(f"\t... {rng.randrange(60, 120)} common frames omitted")
        if rng.random() < 0.5:
            lines.append("")
        return lines

    def timeout_trace(self, rng):
        """Non-Kafka TimeoutExceptions: Reactor's timeout() and a RestTemplate read timeout."""
        if rng.random() < 0.5:
            ms = rng.choice([3000, 5000, 10000])
            lines = [f"java.util.concurrent.TimeoutException: Did not observe any item or terminal signal within {ms}ms in 'map' (and no fallback has been configured)"]
            lines += self.frames(rng, self.REACTOR_FRAMES, len(self.REACTOR_FRAMES))
        else:
            lines = [f"org.springframework.web.client.ResourceAccessException: I/O error on GET request for \"http://inventory-service:8080/api/stock/{rng.randrange(10**6)}\": Read timed out"]
            lines += self.frames(rng, self.APP_FRAMES, 3)
            lines += ["Caused by: java.net.SocketTimeoutException: Read timed out"]
            lines += self.frames(rng, self.SOCKET_FRAMES, len(self.SOCKET_FRAMES))
            lines.append(f"\t... {rng.randrange(40, 90)} common frames omitted")
        return lines

    def startup(self):
        """Application start: banner lines and the Kafka client config dumps (multi-line records)."""
        out = [
            (self.t_main, logger(f"com.example.shop.{self.short}.{self.short.capitalize()}Application"), " INFO",
             f"Starting {self.short.capitalize()}Application v1.42.0 using Java 21.0.5 with PID 1 (/app/app.jar started by app in /app)", None),
            (self.t_main, logger(f"com.example.shop.{self.short}.{self.short.capitalize()}Application"), " INFO",
             "The following 1 profile is active: \"prod\"", None),
            (self.t_main, logger("org.springframework.boot.web.embedded.tomcat.TomcatWebServer"), " INFO",
             "Tomcat initialized with port 8080 (http)", None),
            (self.t_main, logger("org.apache.kafka.clients.producer.ProducerConfig"), " INFO", "ProducerConfig values: ",
             [f"\t{k} = {v}" for k, v in [("acks", "-1"), ("batch.size", "16384"), ("bootstrap.servers", "[kafka-bootstrap.kafka.svc.cluster.local:9092]"),
                                         ("buffer.memory", "33554432"), ("client.id", self.producer), ("compression.type", "lz4"),
                                         ("delivery.timeout.ms", "120000"), ("enable.idempotence", "true"), ("linger.ms", "5"),
                                         ("max.block.ms", "60000"), ("max.in.flight.requests.per.connection", "5"),
                                         ("request.timeout.ms", "30000"), ("retries", "2147483647"), ("retry.backoff.ms", "100")]] + [""]),
            (self.t_main, logger("org.apache.kafka.clients.consumer.ConsumerConfig"), " INFO", "ConsumerConfig values: ",
             [f"\t{k} = {v}" for k, v in [("auto.offset.reset", "earliest"), ("bootstrap.servers", "[kafka-bootstrap.kafka.svc.cluster.local:9092]"),
                                         ("client.id", self.consumer), ("enable.auto.commit", "false"), ("group.id", self.group),
                                         ("heartbeat.interval.ms", "3000"), ("max.poll.records", "500"), ("session.timeout.ms", "45000")]] + [""]),
            (self.t_main, logger("org.apache.kafka.common.utils.AppInfoParser"), " INFO", "Kafka version: 3.8.1", None),
            (self.t_consumer, self.lg_meta, " INFO", f"[Consumer clientId={self.consumer}, groupId={self.group}] Cluster ID: 4L6g3nShT-eMCtK--X86sw", None),
            # Matches bench-reconnected: counted in the manifest like the outage lines.
            (self.t_consumer, self.lg_coord, " INFO",
             f"[Consumer clientId={self.consumer}, groupId={self.group}] Discovered group coordinator kafka-0.kafka-headless.kafka.svc.cluster.local:9092 (id: 2147483647 rack: null)", "reconnected"),
            (self.t_main, logger("org.springframework.boot.web.embedded.tomcat.TomcatWebServer"), " INFO",
             "Tomcat started on port 8080 (http) with context path '/'", None),
        ]
        return out


def generate(pod, rng, target, write):
    """Writes about `target` bytes of one pod's log through `write(bytes)`. Returns counters."""
    expected = {"connect_failed": 0, "disconnected": 0, "coordinator_lost": 0, "batch_expired": 0, "reconnected": 0}
    near = 0
    # Time: every file spans SPAN_SECONDS; the mean gap between records follows from the expected count.
    mean_gap_ns = max(1000, int(SPAN_SECONDS * 1e9 / max(1, target / 520)))
    t = START_EPOCH * 10**9 + rng.randrange(10**9)
    sec = -1
    sec_prefix = ""
    win_lo, win_hi = int(target * OUTAGE[0]), int(target * OUTAGE[1])
    kafka_gap = (OUTAGE[1] - OUTAGE[0]) / KAFKA_SHARE  # lines between Kafka lines inside the window
    next_kafka = 0.0
    out_bytes = 0
    lines_total = 0
    window_lines = 0
    parts = []
    pending = 0
    rnd = rng.random
    bits = rng.getrandbits
    app = pod.app
    http_threads = pod.http_threads
    payloads = pod.payloads
    traces_error = pod.traces_error
    traces_timeout = pod.traces_timeout
    paths = pod.paths
    partitions = 12
    p_prefix_c = f"[Consumer clientId={pod.consumer}, groupId={pod.group}]"
    p_prefix_p = f"[Producer clientId={pod.producer}]"
    brokers = ["kafka-0.kafka-headless.kafka.svc.cluster.local", "kafka-1.kafka-headless.kafka.svc.cluster.local",
               "kafka-2.kafka-headless.kafka.svc.cluster.local"]
    broker_ips = ["10.244.1.17", "10.244.2.31", "10.244.3.9"]
    startup = pod.startup()
    request_left = 0
    th = trace = ""

    def flush():
        nonlocal parts, pending, out_bytes, lines_total
        data = "".join(parts).encode()
        parts = []
        pending = 0
        out_bytes += len(data)
        lines_total += data.count(b"\n")
        write(data)

    while out_bytes + pending < target:
        t += int(mean_gap_ns * 2 * rnd())
        s = t // 1000000000
        if s != sec:
            sec = s
            sec_prefix = time.strftime("%Y-%m-%dT%H:%M:%S.", time.gmtime(s))
        frac = t % 1000000000
        kts = f"{sec_prefix}{frac:09d}Z "
        ats = f"{sec_prefix}{frac // 1000000:03d}Z"
        cont = None
        kind = None
        position = out_bytes + pending
        if startup:
            th, lg, level, msg, extra = startup.pop(0)
            if extra == "reconnected":
                kind = "reconnected"
            elif extra:
                cont = extra
            line = f"{kts}{ats} {level} 1 --- {app} [{th}] {pod.blank_trace}{lg} : {msg}\n"
        elif win_lo <= position < win_hi and window_lines >= next_kafka:
            # ---------------------------------------------------------------- the Kafka outage
            phase = (position - win_lo) / (win_hi - win_lo)
            node = rng.randrange(3)
            r = rnd()
            if phase > 0.93:
                kind = "reconnected" if r < 0.8 else "connect_failed"
            elif phase < 0.04:
                kind = "disconnected" if r < 0.5 else ("coordinator_lost" if r < 0.8 else "connect_failed")
            else:
                kind = ("connect_failed" if r < 0.62 else "batch_expired" if r < 0.84
                        else "disconnected" if r < 0.92 else "coordinator_lost")
            consumer_side = rnd() < 0.4
            if kind == "connect_failed":
                prefix = p_prefix_c if consumer_side else p_prefix_p
                th = pod.t_consumer if consumer_side else pod.t_producer
                nid = str(node) if rnd() < 0.8 else str(2147483647 - node)
                msg = f"{prefix} Connection to node {nid} ({brokers[node]}/{broker_ips[node]}:9092) could not be established. Node may not be available."
                line = f"{kts}{ats}  WARN 1 --- {app} [{th}] {pod.blank_trace}{pod.lg_net} : {msg}\n"
            elif kind == "disconnected":
                prefix = p_prefix_c if consumer_side else p_prefix_p
                th = pod.t_consumer if consumer_side else pod.t_producer
                line = f"{kts}{ats}  INFO 1 --- {app} [{th}] {pod.blank_trace}{pod.lg_net} : {prefix} Node {node} disconnected.\n"
            elif kind == "coordinator_lost":
                line = (f"{kts}{ats}  INFO 1 --- {app} [{pod.t_consumer}] {pod.blank_trace}{pod.lg_coord} : {p_prefix_c} Group coordinator "
                        f"{brokers[node]}:9092 (id: {2147483647 - node} rack: null) is unavailable or invalid due to cause: "
                        f"coordinator unavailable. isDisconnected: true. Rediscovery will be attempted.\n")
            elif kind == "batch_expired":
                key = bits(20)
                line = (f"{kts}{ats} ERROR 1 --- {app} [{pod.t_producer}] {pod.blank_trace}{pod.lg_publisher} : send failed for key "
                        f"{pod.short}-{key}: org.apache.kafka.common.errors.TimeoutException: Expiring {1 + bits(3)} record(s) for "
                        f"{pod.short}-events-{bits(4) % partitions}:{120000 + bits(6)} ms has passed since batch creation\n")
            else:
                line = (f"{kts}{ats}  INFO 1 --- {app} [{pod.t_consumer}] {pod.blank_trace}{pod.lg_coord} : {p_prefix_c} Discovered group coordinator "
                        f"{brokers[node]}:9092 (id: {2147483647 - node} rack: null)\n")
            next_kafka = window_lines + kafka_gap * (0.5 + rnd())
        else:
            r = rnd()
            if request_left <= 0:
                # A request: a few consecutive records on one thread share the trace id.
                request_left = 1 + bits(3)
                th = http_threads[bits(5) % 50]
                trace = f"{bits(64):016x}{bits(64):016x}"
            request_left -= 1
            corr = f"[{trace}-{bits(64):016x}] "
            if r < 0.26:
                path = paths[bits(3)].replace("{id}", str(bits(20)))
                status = "200 OK" if rnd() < 0.96 else "404 NOT_FOUND"
                line = f"{kts}{ats} DEBUG 1 --- {app} [{th}] {corr}{pod.lg_dispatch} : Completed {status} for GET {path} in {bits(8)} ms\n"
            elif r < 0.42:
                oid = bits(24)
                line = (f"{kts}{ats}  INFO 1 --- {app} [{th}] {corr}{pod.lg_service} : {pod.short.capitalize()} {oid} created for customer "
                        f"{bits(22)}, total {bits(16) / 100:.2f} EUR, {1 + bits(3)} items, published to {pod.short}-events-{oid % partitions}\n")
            elif r < 0.56:
                line = (f"{kts}{ats} DEBUG 1 --- {app} [{th}] {corr}{pod.lg_sql} : select o1_0.id,o1_0.created_at,o1_0.customer_id,"
                        f"o1_0.status,o1_0.total_amount,o1_0.currency,o1_0.version from {pod.short}s o1_0 where o1_0.customer_id=? "
                        f"and o1_0.created_at>? order by o1_0.created_at desc fetch first ? rows only\n")
            elif r < 0.62:
                line = f"{kts}{ats} TRACE 1 --- {app} [{th}] {corr}{pod.lg_bind} : binding parameter (1:BIGINT) <- [{bits(22)}]\n"
            elif r < 0.70:
                line = (f"{kts}{ats}  INFO 1 --- {app} [{th}] {corr}{pod.lg_controller} : POST /api/{pod.short}s accepted "
                        f"request {bits(32):08x} from 10.{bits(8)}.{bits(8)}.{bits(8)} user-agent=okhttp/4.12.0\n")
            elif r < 0.765:
                # JSON payload: one long line, about 0.8-17 KB.
                body = payloads[bits(8) % len(payloads)]
                line = (f"{kts}{ats} DEBUG 1 --- {app} [{th}] {corr}{pod.lg_payload} : Request body POST /api/{pod.short}s "
                        f"requestId={bits(32):08x}: {{\"requestId\":\"{bits(64):016x}\",{body[1:]}\n")
            elif r < 0.785:
                line = (f"{kts}{ats} DEBUG 1 --- {app} [{th}] {corr}{pod.lg_jwt} : Authenticated token for clientId=web-portal, "
                        f"sub=user-{bits(20)}, scope=openid profile {pod.short}s:write\n")
            elif r < 0.795:
                line = (f"{kts}{ats}  INFO 1 --- {app} [{th}] {corr}{pod.lg_oauth} : Authorized OAuth2 client clientId={pod.short}-m2m "
                        f"registrationId=keycloak principal=service-account-{pod.short} expiresAt=2026-11-24T{bits(4) % 12:02d}:00:00Z\n")
            elif r < 0.805:
                line = (f"{kts}{ats}  WARN 1 --- {app} [{th}] {corr}{pod.lg_keycloak} : type=CODE_TO_TOKEN_ERROR, realmId=shop, "
                        f"clientId=web-portal, userId=null, ipAddress=10.{bits(8)}.{bits(8)}.{bits(8)}, error=invalid_code, grant_type=authorization_code\n")
            elif r < 0.83:
                line = (f"{kts}{ats} DEBUG 1 --- {app} [{pod.t_sched}] {pod.blank_trace}{pod.lg_hikari} : HikariPool-1 - Pool stats "
                        f"(total=10, active={bits(3)}, idle={bits(3)}, waiting=0)\n")
            elif r < 0.86:
                # Ordinary Kafka client lines: they carry the client prefix but match no benchmark pattern.
                q = rnd()
                if q < 0.5:
                    line = (f"{kts}{ats}  INFO 1 --- {app} [{pod.t_consumer}] {pod.blank_trace}{pod.lg_listener} : Consumed "
                            f"{pod.short}-events-{bits(4) % partitions}@{bits(24)} key={pod.short}-{bits(20)} in {bits(6)} ms\n")
                elif q < 0.8:
                    line = (f"{kts}{ats} DEBUG 1 --- {app} [{pod.t_consumer}] {pod.blank_trace}{pod.lg_fetcher} : {p_prefix_c} Committed offset "
                            f"{bits(24)} for partition {pod.short}-events-{bits(4) % partitions}\n")
                else:
                    line = (f"{kts}{ats}  INFO 1 --- {app} [{pod.t_producer}] {pod.blank_trace}{pod.lg_meta} : {p_prefix_p} Resetting the last "
                            f"seen epoch of partition {pod.short}-events-{bits(4) % partitions} to {bits(5)} since the associated topicId changed from null to AAAAAAAAAAAAAAAAAAAAAA\n")
            elif r < 0.866:
                # ERROR with a Spring MVC stack trace (34-64 continuation lines).
                line = (f"{kts}{ats} ERROR 1 --- {app} [{th}] {corr}{pod.lg_servlet} : Servlet.service() for servlet [dispatcherServlet] in "
                        f"context with path [] threw exception [Request processing failed] with root cause\n")
                cont = traces_error[bits(8) % len(traces_error)]
            elif r < 0.872:
                # WARN with a non-Kafka TimeoutException and its trace.
                line = (f"{kts}{ats}  WARN 1 --- {app} [{th}] {corr}{pod.lg_webclient} : Stock reservation for "
                        f"{pod.short} {bits(24)} failed, will retry\n")
                cont = traces_timeout[bits(8) % len(traces_timeout)]
            elif r < 0.8745:
                # Near-misses: hold a prefilter literal of kafka-bench.yaml, match no regex.
                near += 1
                q = bits(3)
                if q == 0:
                    line = f"{kts}{ats}  WARN 1 --- {app} [{pod.t_sched}] {pod.blank_trace}{pod.lg_redis} : Connection to redis-master.cache.svc.cluster.local:6379 could not be established: Connection refused\n"
                elif q == 1:
                    line = (f"{kts}{ats}  WARN 1 --- {app} [{th}] {corr}{pod.lg_keycloak} : type=LOGIN_ERROR, realmId=shop, clientId=web-app, "
                            f"userId=null, error=invalid_client_credentials, reason=Connection to node {bits(2)} could not be established\n")
                elif q == 2:
                    line = f"{kts}{ats}  INFO 1 --- {app} [{th}] {corr}{pod.lg_ws} : WebSocket session {bits(32):08x} disconnected. Close status: CloseStatus[code=1001, reason=null]\n"
                elif q == 3:
                    line = f"{kts}{ats}  WARN 1 --- {app} [{pod.t_sched}] {pod.blank_trace}{pod.lg_lock} : Lock coordinator zk-{bits(2) % 3}.zookeeper.svc.cluster.local:2181 is unavailable or invalid, retrying in 2000 ms\n"
                elif q == 4:
                    line = f"{kts}{ats}  INFO 1 --- {app} [{pod.t_sched}] {pod.blank_trace}{pod.lg_janitor} : Expiring {bits(7)} record(s) for session-cache-{bits(3)} (max idle 1800 s)\n"
                elif q == 5:
                    line = f"{kts}{ats}  INFO 1 --- {app} [{pod.t_worker}] {pod.blank_trace}{pod.lg_worker} : [Worker clientId=connect-1, groupId=connect-cluster] Discovered group coordinator kafka-{bits(2) % 3}.kafka-headless.kafka.svc.cluster.local:9092 (id: 2147483647 rack: null)\n"
                elif q == 6:
                    line = f"{kts}{ats}  INFO 1 --- {app} [{pod.t_worker}] {pod.blank_trace}{pod.lg_worker} : [Worker clientId=connect-1, groupId=connect-cluster] Node {bits(2) % 3} disconnected.\n"
                else:
                    line = f"{kts}{ats}  WARN 1 --- {app} [{th}] {corr}{pod.lg_oauth} : [OAuth2Client clientId=web-portal] Connection to node auth-{bits(2)} could not be established\n"
            else:
                line = (f"{kts}{ats}  INFO 1 --- {app} [{pod.t_sched}] {pod.blank_trace}{pod.lg_scheduler} : Reconciliation run "
                        f"{bits(16)} finished: {bits(10)} {pod.short}s checked, {bits(3)} corrected, took {bits(10)} ms\n")
        parts.append(line)
        pending += len(line)
        n_lines = 1
        if cont is not None:
            block = kts + ("\n" + kts).join(cont) + "\n"
            parts.append(block)
            pending += len(block)
            n_lines += len(cont)
        if kind is not None:
            expected[kind] += 1
        if win_lo <= position < win_hi:
            window_lines += n_lines
        if pending >= 1 << 20:
            flush()
    flush()
    return {"bytes": out_bytes, "lines": lines_total, "expected": expected, "near_misses": near}


def compressor(level):
    pigz = shutil.which("pigz")
    if pigz:
        return [pigz, "-n", f"-{level}", "-c"], "pigz"
    return [shutil.which("gzip") or "gzip", "-n", f"-{level}", "-c"], "gzip"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder to write the .log.gz files and manifest.json into")
    ap.add_argument("--size", default="1G", help="total uncompressed size (K/M/G suffixes, binary), default 1G")
    ap.add_argument("--files", type=int, default=8, help="number of files, default 8")
    ap.add_argument("--seed", type=int, default=20261124)
    ap.add_argument("--level", type=int, default=6, help="gzip level, default 6")
    args = ap.parse_args()
    total = parse_size(args.size)
    if args.files < 1 or total < args.files * 4096:
        sys.exit("make-corpus: --size must be at least 4 KiB per file")
    os.makedirs(args.out, exist_ok=True)
    command, tool = compressor(args.level)
    started = time.time()
    manifest = {"size": total, "files": [], "seed": args.seed, "level": args.level, "compressor": tool,
                "kafka_share": KAFKA_SHARE}
    for index in range(args.files):
        rng = random.Random(args.seed * 1000003 + index)
        pod = Pod(index, rng)
        target = total // args.files + (1 if index < total % args.files else 0)
        name = f"{pod.pod}.log.gz"
        path = os.path.join(args.out, name)
        with open(path + ".part", "wb") as sink:
            proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=sink)
            stats = generate(pod, rng, target, proc.stdin.write)
            proc.stdin.close()
            if proc.wait() != 0:
                sys.exit(f"make-corpus: {tool} failed on {name}")
        os.replace(path + ".part", path)
        stats["name"] = name
        stats["stored"] = os.path.getsize(path)
        manifest["files"].append(stats)
        print(f"make-corpus: {name}: {stats['bytes'] / 1e6:.1f} MB, {stats['lines']} lines, "
              f"{sum(stats['expected'].values())} Kafka lines, {stats['stored'] / 1e6:.1f} MB gzip "
              f"({time.time() - started:.1f} s)", file=sys.stderr)
    totals = {k: sum(f["expected"][k] for f in manifest["files"]) for k in manifest["files"][0]["expected"]}
    manifest["expected"] = totals
    manifest["expected_events"] = sum(totals.values())
    manifest["bytes"] = sum(f["bytes"] for f in manifest["files"])
    manifest["lines"] = sum(f["lines"] for f in manifest["files"])
    manifest["stored"] = sum(f["stored"] for f in manifest["files"])
    manifest["seconds"] = round(time.time() - started, 1)
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"make-corpus: {manifest['bytes'] / 1e6:.0f} MB in {args.files} files, {manifest['lines']} lines, "
          f"{manifest['expected_events']} matching Kafka lines ({100 * manifest['expected_events'] / manifest['lines']:.3f} %), "
          f"ratio {manifest['bytes'] / manifest['stored']:.1f}:1, {manifest['seconds']} s", file=sys.stderr)


if __name__ == "__main__":
    main()
