import XCTest
@testable import LogTrace

final class EnvelopeTests: XCTestCase {
    func parts(_ envelope: Envelope, _ line: String) -> (String?, String, Bool, Envelope.Stream)? {
        let bytes = Array(line.utf8)
        return bytes.withUnsafeBytes { b in
            envelope.parse(b, into: UnescapeBuffer()).map { p in
                (p.timestamp.map { String(decoding: $0, as: UTF8.self) }, String(decoding: p.content, as: UTF8.self), p.isPartial, p.stream)
            }
        }
    }

    func testKubectlTimestamps() {
        let p = parts(.kubectl, "2026-11-24T10:00:05.123456789Z 2026-11-24T10:00:05.123Z  WARN 1 --- [main] x : y")
        XCTAssertEqual(p?.0, "2026-11-24T10:00:05.123456789Z")
        XCTAssertEqual(p?.1, "2026-11-24T10:00:05.123Z  WARN 1 --- [main] x : y")
        XCTAssertEqual(parts(.kubectl, "2026-11-24T10:00:05.1Z ")?.1, "")
        XCTAssertEqual(parts(.kubectl, "2026-11-24T10:00:05.1Z")?.1, "")
        XCTAssertNil(parts(.kubectl, "2026-11-24 10:00:05.123  WARN 1 --- [main]"), "Spring Boot 2's zone-less time is not an envelope")
    }

    func testCRIFullAndPartial() {
        let full = parts(.cri, "2026-11-24T10:00:05.123456789Z stdout F hello world")
        XCTAssertEqual(full?.1, "hello world")
        XCTAssertEqual(full?.2, false)
        let partial = parts(.cri, "2026-11-24T10:00:05.123456789Z stderr P {\"a\":")
        XCTAssertEqual(partial?.1, "{\"a\":")
        XCTAssertEqual(partial?.2, true)
        XCTAssertEqual(partial?.3, .stderr)
        XCTAssertEqual(parts(.cri, "2026-11-24T10:00:05.1Z stdout F ")?.1, "")
        XCTAssertEqual(parts(.cri, "2026-11-24T10:00:05.1Z stdout F")?.1, "")
        XCTAssertNil(parts(.cri, "2026-11-24T10:00:05.1Z stdin F x"))
        XCTAssertNil(parts(.cri, "2026-11-24T10:00:05.1Z stdout X x"))
    }

    func testSnifferPicksEnvelopeAndLayout() {
        let kubectlSpring = [
            "2026-11-24T10:00:05.1Z 2026-11-24T10:00:05.100Z  INFO 1 --- [main] o.s.b.StartupInfoLogger : Started",
            "2026-11-24T10:00:05.2Z 2026-11-24T10:00:05.200Z  WARN 1 --- [main] o.a.k.c.NetworkClient : x",
        ].map { Array($0.utf8) }
        let (e1, l1) = FormatSniffer.detect(kubectlSpring)
        XCTAssertEqual(e1, .kubectl)
        XCTAssertEqual(l1, .springBoot)
        let broker = ["2026-11-24T10:00:00.5Z [2026-11-24 10:00:00,512] INFO [BrokerServer id=1] shutting down (kafka.server.BrokerServer)"].map { Array($0.utf8) }
        XCTAssertEqual(FormatSniffer.detect(broker).1, .log4jBracket)
        let cri = ["2026-11-24T10:00:05.1Z stdout F 2026-11-24 10:00:05.100  INFO 1 --- [main] a : b"].map { Array($0.utf8) }
        XCTAssertEqual(FormatSniffer.detect(cri).0, .cri)
        XCTAssertEqual(FormatSniffer.detect(cri).1, .springBoot)
        // Spring Boot 3 in UTC, not wrapped: its own timestamp must not pass for kubectl's.
        let springUTC = [
            "2026-11-24T10:00:05.100Z  INFO 1 --- [shopping-service] [           main] o.s.b.StartupInfoLogger : Started",
            "2026-11-24T10:00:05.200Z ERROR 1 --- [shopping-service] [ping-producer-1] o.s.k.support.LoggingProducerListener : x",
        ].map { Array($0.utf8) }
        XCTAssertEqual(FormatSniffer.detect(springUTC).0, Envelope.none)
        XCTAssertEqual(FormatSniffer.detect(springUTC).1, .springBoot)
        let plain = ["WARN [Producer clientId=p] Connection to node 1 could not be established."].map { Array($0.utf8) }
        XCTAssertEqual(FormatSniffer.detect(plain).0, Envelope.none)
        XCTAssertEqual(FormatSniffer.detect(plain).1, .plain)
    }
}
