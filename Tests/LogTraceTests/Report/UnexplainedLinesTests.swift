import Foundation
import XCTest
@testable import LogTrace

/// "Lines no pattern explains" on real recordings, read back through a Markdown table reader, a JSON
/// parser and an XML parser.
final class UnexplainedLinesTests: XCTestCase {
    /// The default packs without the entries that read a library's error quoted inside an application's
    /// own line (`quoted: true`): what a user whose applications word their failures so sees.
    static let withoutQuotedEntries: PatternSet = {
        let all = TestSupport.defaultPatterns
        return try! PatternSet(definitions: all.patterns.map(\.definition).filter { !$0.quoted }, files: all.files)
    }()

    func section(_ report: Report, _ service: String) throws -> Report.UnexplainedLines.Service {
        XCTAssertEqual(report.incidents.count, 1)
        let incident = try XCTUnwrap(report.incidents.first)
        return try XCTUnwrap(incident.unexplainedLines.services.first { $0.service == service })
    }

    /// kv-errors: refunds-api (confluent-kafka) logs each failed record in its own key=value words. Read
    /// without the quoted entries, those lines are its top template, inside the incident's window.
    func testAnApplicationsOwnFailureLinesAreItsTopTemplate() throws {
        let logs = TestSupport.repoRoot + "/bench/scenarios/kv-errors/logs"
        let (report, _) = TestSupport.ingest(InputPaths.expand([logs]), patterns: Self.withoutQuotedEntries)
        let refunds = try section(report, "refunds-api")
        let top = try XCTUnwrap(refunds.templates.first)
        XCTAssertEqual(top.template, "app event=publish_failed order=<*> cause=\"KafkaError{code=_MSG_TIMED_OUT,val=<*>,str=\"Local: Message timed out\"}\"")
        XCTAssertGreaterThan(top.count, 20)
        XCTAssertTrue(top.evidence.hasPrefix(logs + "/refunds-api-58m26lm7f7-swls2.log.gz:"), top.evidence)
        XCTAssertLessThanOrEqual(top.firstOffsetSeconds, top.lastOffsetSeconds)
        let incident = report.incidents[0]
        XCTAssertEqual(incident.unexplainedLines.fromOffsetSeconds, -Report.UnexplainedLines.marginSeconds)
        XCTAssertEqual(incident.unexplainedLines.toOffsetSeconds, incident.endOffsetSeconds)
        XCTAssertGreaterThanOrEqual(top.firstOffsetSeconds, incident.unexplainedLines.fromOffsetSeconds - 10)
        XCTAssertLessThanOrEqual(top.lastOffsetSeconds, incident.unexplainedLines.toOffsetSeconds + 10)
        // Ordered by count, then text; at most 10 per service; the totals add up.
        for service in incident.unexplainedLines.services {
            XCTAssertLessThanOrEqual(service.templates.count, Report.UnexplainedLines.templatesPerService)
            for (a, b) in zip(service.templates, service.templates.dropFirst()) {
                XCTAssertTrue(a.count > b.count || (a.count == b.count && a.template < b.template), "\(a) before \(b)")
            }
            XCTAssertEqual(service.templates.map(\.count).reduce(0, +) + service.linesLeftOut, service.lines)
        }
        XCTAssertEqual(incident.unexplainedLines.services.map(\.service), incident.unexplainedLines.services.map(\.service).sorted())

        // With the default packs, the same lines are explained (rdk-message-timed-out) and so not listed.
        let (explained, _) = TestSupport.ingest(InputPaths.expand([logs]))
        XCTAssertFalse(explained.incidents.flatMap(\.unexplainedLines.services).contains { $0.service == "refunds-api" })
    }

    /// own-words-errors with the default packs, as a user runs it: refunds-api (confluent-kafka) and
    /// billing-api (kafka-python 3) log each failed record only in their own words, with no library text,
    /// and those lines are each service's top template, read back from the Markdown table.
    func testOwnWordsFailuresAreTheTopTemplatesWithTheDefaultPacks() throws {
        let logs = TestSupport.repoRoot + "/bench/scenarios/own-words-errors/logs"
        let (report, _) = TestSupport.ingest(InputPaths.expand([logs]))
        let table = try XCTUnwrap(MarkdownTable.all(in: MarkdownReport.render(report)).first { $0.heading == "Lines no pattern explains" }?.table)
        XCTAssertEqual(Array(table.header.prefix(5)), ["Service", "Count", "First", "Last", "Template"])
        let top = Dictionary(table.rows.map { ($0[0], $0) }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(top["refunds-api"]?[4], "`app order <*> was not confirmed, giving up`")
        XCTAssertEqual(top["billing-api"]?[4], "`app:order <*> was not confirmed, giving up`")
        XCTAssertEqual(top["refunds-api"].flatMap { Int($0[1]) }, 82, "every failed record of refunds-api (truth.json: 82 lost)")
    }

    /// long-freeze-groups with the default packs: kafka-python 3's event-loop warnings, which no pack
    /// explains, in all three renderings.
    func testSectionInMarkdownJSONAndHTML() throws {
        let logs = TestSupport.repoRoot + "/bench/scenarios/long-freeze-groups/logs"
        let (report, _) = TestSupport.ingest(InputPaths.expand([logs]))
        let reporter = try section(report, "orders-reporter")
        XCTAssertEqual(reporter.templates.first?.template, UnexplainedRecordsTests.selector)
        XCTAssertEqual(reporter.templates.first?.count, 10)
        XCTAssertEqual(reporter.templates.first?.evidence, logs + "/orders-reporter-lmvgxb2h9f-z7pq8.log.gz:39")

        let markdown = MarkdownReport.render(report)
        let tables = MarkdownTable.all(in: markdown).filter { $0.heading == "Lines no pattern explains" }
        XCTAssertEqual(tables.count, 1)
        let table = try XCTUnwrap(tables.first?.table)
        XCTAssertEqual(table.header, ["Service", "Count", "First", "Last", "Template", "Example"])
        let row = try XCTUnwrap(table.rows.first { $0[0] == "orders-reporter" })
        XCTAssertEqual(row[1], "10")
        XCTAssertEqual(row[4], "`" + UnexplainedRecordsTests.selector + "`")
        XCTAssertTrue(row[5].hasPrefix("`F") && row[5].hasSuffix(":39`"), row[5])
        XCTAssertEqual(table.rows.count, report.incidents[0].unexplainedLines.services.map(\.templates.count).reduce(0, +))

        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(JSONReport.render(report).utf8)) as? [String: Any])
        let incident = try XCTUnwrap((json["incidents"] as? [[String: Any]])?.first)
        let unexplained = try XCTUnwrap(incident["unexplainedLines"] as? [String: Any])
        let services = try XCTUnwrap(unexplained["services"] as? [[String: Any]])
        let first = try XCTUnwrap((services.first { $0["service"] as? String == "orders-reporter" })?["templates"] as? [[String: Any]]).first
        XCTAssertEqual(first?["template"] as? String, UnexplainedRecordsTests.selector)
        XCTAssertEqual(first?["count"] as? Int, 10)
        XCTAssertEqual(first?["evidence"] as? String, logs + "/orders-reporter-lmvgxb2h9f-z7pq8.log.gz:39")
        // The per-file templates travel in partials, not in the report's input list.
        let files = try XCTUnwrap((json["inputs"] as? [String: Any])?["files"] as? [[String: Any]])
        XCTAssertFalse(files.contains { $0["unexplained"] != nil })

        let tree = try HTMLTree.parse(HTMLReport.render(report))
        let html = try XCTUnwrap(tree.all("table").first { $0.hasClass("unexplained") })
        XCTAssertEqual(html.tableHeader, ["Service", "Count", "First", "Last", "Template", "Example"])
        let cells = try XCTUnwrap(html.tableRows.first { $0.first?.text == "orders-reporter" })
        XCTAssertEqual(cells[1].text, "10")
        XCTAssertEqual(cells[4].text, UnexplainedRecordsTests.selector)
    }

    /// The section does not depend on the order of the files, and a service past 10 templates says how
    /// many were left out.
    func testOrderOfFilesDoesNotMatterAndTheCapIsStated() throws {
        let paths = InputPaths.expand([TestSupport.repoRoot + "/bench/scenarios/long-freeze-groups/logs"])
        let (report, scan) = TestSupport.ingest(paths)
        let incident = report.incidents[0]
        let built = try XCTUnwrap(IncidentBuilder(gapSeconds: 300).build(events: scan.events, silentServices: scan.silentServices).0.first)
        let t0 = built.t0, start = min(built.t0, built.firstSymptom.time), end = built.end
        let forward = Report.UnexplainedLines.build(files: scan.files, t0: t0, start: start, end: end)
        XCTAssertEqual(Report.UnexplainedLines.build(files: scan.files.reversed(), t0: t0, start: start, end: end), forward)
        XCTAssertEqual(forward, incident.unexplainedLines)

        // One file's templates, spread over twelve services by a stern-style override: the cap and its note.
        var file = try XCTUnwrap(scan.files.first { $0.unexplained != nil })
        let template = try XCTUnwrap(file.unexplained?.templates.first)
        file.unexplained?.templates = (0..<12).map { i in
            var copy = template
            copy.text = "\(i) " + template.text
            copy.service = "one-service"
            return copy
        }
        let capped = Report.UnexplainedLines.build(files: [file], t0: t0, start: start, end: end)
        let service = try XCTUnwrap(capped.services.first)
        XCTAssertEqual(service.templates.count, 10)
        XCTAssertEqual(service.templatesLeftOut, 2)
        XCTAssertEqual(Report.UnexplainedLines.leftOutNote(service), "one-service: 2 more templates (\(2 * service.templates[0].count) lines) left out")
    }

    /// patterns/README.md's walk-through: rebalance-outage's cart-worker shows an aiokafka commit failure
    /// no entry matches; the README's entry, loaded from a folder of its own, makes it events and takes
    /// it out of the section.
    func testTheReadmesEntryTurnsTheTemplateIntoEvents() throws {
        let readme = try String(contentsOfFile: TestSupport.repoRoot + "/patterns/README.md", encoding: .utf8)
        let heading = try XCTUnwrap(readme.range(of: "## From \"Lines no pattern explains\" to an entry"))
        let start = try XCTUnwrap(readme.range(of: "```yaml\n", range: heading.upperBound..<readme.endIndex))
        let end = try XCTUnwrap(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let yaml = readme[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("   ") ? String($0.dropFirst(3)) : String($0) }.joined(separator: "\n")
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.write(yaml, to: dir + "/my-services.yaml")
        let mine = try PatternLoader.load(extraDirectories: [dir], includeDefaults: true)
        let paths = InputPaths.expand([TestSupport.repoRoot + "/bench/scenarios/rebalance-outage/logs"])
        let template = "aiokafka.consumer.group_coordinator:OffsetCommit failed for group cart-worker-group due to group error ([Error <*>] UnknownMemberIdError: cart-worker-group), will rejoin"

        let (before, _) = TestSupport.ingest(paths)
        let shown = try section(before, "cart-worker")
        XCTAssertEqual(shown.templates.first?.template, template)
        XCTAssertEqual(shown.templates.first?.evidence, TestSupport.repoRoot + "/bench/scenarios/rebalance-outage/logs/cart-worker-ttp7tjfxjw-v84bs.log.gz:1136")

        let (after, scan) = TestSupport.ingest(paths, patterns: mine)
        XCTAssertFalse(after.incidents.flatMap(\.unexplainedLines.services).flatMap(\.templates).contains { $0.template == template })
        let commits = scan.events.filter { $0.patternID == "my-aio-commit-failed-group-error" }
        XCTAssertEqual(commits.map(\.line), [1136, 1142])
        XCTAssertEqual(commits.first?.fields["group"], "cart-worker-group")
    }
}
