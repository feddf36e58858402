import Foundation
import XCTest
@testable import LogTrace

final class QuietPodsTests: XCTestCase {
    static let scenarios = TestSupport.repoRoot + "/bench/scenarios"

    static func time(_ iso: String) -> Timestamp {
        Array(iso.utf8).withUnsafeBytes { TimestampParser().parse($0)!.0 }
    }

    static func truthOutages(_ scenario: String) throws -> [(start: Timestamp, end: Timestamp)] {
        let data = try Data(contentsOf: URL(fileURLWithPath: scenarios + "/" + scenario + "/truth.json"))
        let truth = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let outages = try XCTUnwrap(truth["outages"] as? [[String: Any]])
        return outages.map { (time($0["start"] as! String), time($0["end"] as! String)) }
    }

    /// A recorded 7 s broker freeze that no client library logged (every timeout set above it): the only
    /// trace is that six pods' per-record lines stopped and came back with a backlog. It is one incident,
    /// resting on the pods going quiet, whose T+0 and end are within a second of the freeze.
    func testAFreezeNoLibraryLogsIsAnIncidentOfPodsGoingQuiet() throws {
        let (report, _) = TestSupport.ingest(try Pipeline.inputs([Self.scenarios + "/silent-freeze/logs"]))
        let freeze = try XCTUnwrap(Self.truthOutages("silent-freeze").first)
        // Through the JSON report, as a user's tooling reads it.
        let json = try JSONSerialization.jsonObject(with: Data(JSONReport.render(report).utf8)) as! [String: Any]
        let incidents = try XCTUnwrap(json["incidents"] as? [[String: Any]])
        XCTAssertEqual(incidents.count, 1)
        let incident = incidents[0]
        XCTAssertEqual(incident["anchor"] as? String, Incident.Anchor.podsWentQuiet.rawValue)
        let basis = try XCTUnwrap(incident["quietBasis"] as? String)
        XCTAssertTrue(basis.hasPrefix("6 pods went quiet at once; no failure lines. 6 of them caught up"), basis)
        XCTAssertEqual(Self.time(incident["t0"] as! String).seconds(since: freeze.start), 0, accuracy: 1)
        XCTAssertEqual(Self.time(incident["end"] as! String).seconds(since: freeze.end), 0, accuracy: 1)
        let services = try XCTUnwrap(incident["services"] as? [[String: Any]])
        XCTAssertEqual(services.count, 6)
        for service in services {
            XCTAssertEqual(service["recoveryBasis"] as? String, ServiceImpact.RecoveryBasis.resumedLogging.rawValue, "\(service)")
        }
    }

    /// A held-out recording: a 12 s freeze whose producers' 5 s request timeouts ran out 5 s into it,
    /// while every pod's per-record lines had stopped at once. The pods already quiet at the first
    /// timeout date the incident; the four that logged no failure but came back with a backlog are
    /// services hit, and the first backlog is the sign that the broker answered again. Every service's
    /// recovery is within a second of its first success after the freeze (truth.json).
    func testPodsQuietBeforeTheTimeoutsDateAFreeze() throws {
        let scenario = "freeze-timeouts-per-record"
        let (report, _) = TestSupport.ingest(try Pipeline.inputs([Self.scenarios + "/" + scenario + "/logs"]))
        let freeze = try XCTUnwrap(Self.truthOutages(scenario).first)
        let json = try JSONSerialization.jsonObject(with: Data(JSONReport.render(report).utf8)) as! [String: Any]
        let incidents = try XCTUnwrap(json["incidents"] as? [[String: Any]])
        XCTAssertEqual(incidents.count, 1)
        let incident = incidents[0]
        XCTAssertEqual(incident["anchor"] as? String, Incident.Anchor.quietBeforeFailures.rawValue)
        XCTAssertEqual(Self.time(incident["t0"] as! String).seconds(since: freeze.start), 0, accuracy: 1)
        let services = try XCTUnwrap(incident["services"] as? [[String: Any]])
        // The libraries' first failure line came only when the timeouts ran out, some 5 s later.
        let libraryFailures = services.filter { $0["recoveryBasis"] as? String != ServiceImpact.RecoveryBasis.resumedLogging.rawValue }
        let firstFailureLine = try XCTUnwrap(libraryFailures.compactMap { ($0["firstFailure"] as? [String: Any])?["time"] as? String }.map(Self.time).min())
        XCTAssertLessThanOrEqual(Self.time(incident["t0"] as! String), firstFailureLine)
        XCTAssertGreaterThan(firstFailureLine.seconds(since: Self.time(incident["t0"] as! String)), 4)
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.scenarios + "/" + scenario + "/truth.json"))
        let truth = try XCTUnwrap((JSONSerialization.jsonObject(with: data) as? [String: Any])?["services"] as? [[String: Any]])
        XCTAssertEqual(services.count, truth.count)
        for row in truth {
            let name = row["service"] as! String
            let firstSuccess = Self.time((row["first_success_after_outage"] as! [String])[0])
            let service = try XCTUnwrap(services.first { $0["service"] as? String == name }, name)
            let recovered = try XCTUnwrap((service["recovered"] as? [String: Any])?["time"] as? String, name)
            XCTAssertEqual(Self.time(recovered).seconds(since: firstSuccess), 0, accuracy: 1, name)
        }
        let quietOnly = services.filter { $0["recoveryBasis"] as? String == ServiceImpact.RecoveryBasis.resumedLogging.rawValue }
        XCTAssertEqual(quietOnly.count, 4, "the pods that logged no failure line")
    }

    /// The hard negative: producers that send in bursts and pause, and consumers that pause with them.
    /// Some pods go quiet together, but they resume at their usual rate: no backlog, no incident.
    func testPodsPausingTogetherWithoutABacklogAreNoIncident() throws {
        let (report, scan) = TestSupport.ingest(try Pipeline.inputs([Self.scenarios + "/quiet-day-bursts/logs"]))
        XCTAssertFalse(scan.files.allSatisfy { ($0.quietSpells ?? []).isEmpty }, "the pauses are long enough to be silences")
        XCTAssertEqual(report.incidents.count, 0)
    }

    static func spell(at second: Int64, for seconds: Int64, catchUp: Double) -> QuietSpell {
        QuietSpell(lastLine: 10, lastTime: Timestamp(nanoseconds: second * 1_000_000_000), resumedLine: 11,
                   resumedTime: Timestamp(nanoseconds: (second + seconds) * 1_000_000_000), usualGapSeconds: 0.2, catchUp: catchUp)
    }

    static func file(_ pod: String, _ spells: [QuietSpell]) -> FileSummary {
        var file = FileSummary(path: pod + ".log", service: String(pod.prefix { $0 != "-" }), pod: pod)
        file.quietSpells = spells
        return file
    }

    /// Which silences make an incident: two pods that share a moment of silence and both caught up, not
    /// one pod, not pods without a backlog, not pods whose silences do not overlap, and none close to an
    /// incident the failure lines made.
    func testWhichSilencesMakeAnIncident() {
        let both = [Self.file("a-1", [Self.spell(at: 100, for: 7, catchUp: 4)]), Self.file("b-1", [Self.spell(at: 101, for: 7, catchUp: 3)])]
        XCTAssertEqual(QuietPods.groups(both, outside: []).map { $0.map(\.file.pod) }, [["a-1", "b-1"]])
        let oneCaughtUp = [Self.file("a-1", [Self.spell(at: 100, for: 7, catchUp: 4)]), Self.file("b-1", [Self.spell(at: 101, for: 7, catchUp: 1.2)])]
        XCTAssertTrue(QuietPods.groups(oneCaughtUp, outside: []).isEmpty)
        let apart = [Self.file("a-1", [Self.spell(at: 100, for: 7, catchUp: 4)]), Self.file("b-1", [Self.spell(at: 110, for: 7, catchUp: 3)])]
        XCTAssertTrue(QuietPods.groups(apart, outside: []).isEmpty)
        let onePod = [Self.file("a-1", [Self.spell(at: 100, for: 7, catchUp: 4), Self.spell(at: 103, for: 7, catchUp: 4)])]
        XCTAssertTrue(QuietPods.groups(onePod, outside: []).isEmpty)
        let window = (from: Timestamp(nanoseconds: 110 * 1_000_000_000), to: Timestamp(nanoseconds: 130 * 1_000_000_000))
        XCTAssertTrue(QuietPods.groups(both, outside: [window]).isEmpty, "within the margin before an incident")
    }
}
