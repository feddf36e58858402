import Foundation
import XCTest
@testable import LogTrace

/// The HTML report read back through a real XML parser (`HTMLTree`): one self-contained page, the
/// swimlane chart's lanes, bars and markers where the report model puts them, hostile text inert.
final class HTMLReportTests: XCTestCase {
    /// The samples' report in the default environment, made once for the tests that only read it.
    nonisolated(unsafe) static var made: (html: String, tree: HTMLTree, report: Report)?

    /// The samples' report, as the binary writes it in HTML and in JSON.
    func samples(environment: [String: String]? = nil) throws -> (html: String, tree: HTMLTree, report: Report) {
        if environment == nil, let made = Self.made { return made }
        let made = try make(environment: environment)
        if environment == nil { Self.made = made }
        return made
    }

    private func make(environment: [String: String]?) throws -> (html: String, tree: HTMLTree, report: Report) {
        let html = TestSupport.run(TestSupport.logtraceBinary, ["ingest", "--quiet", "--format", "html", TestSupport.repoRoot + "/samples"],
                                   environment: environment)
        XCTAssertEqual(html.status, 0, html.stderr)
        let json = TestSupport.logtrace(["ingest", "--quiet", "--format", "json", TestSupport.repoRoot + "/samples"])
        let report = try JSONDecoder().decode(Report.self, from: Data(json.stdout.utf8))
        let text = String(decoding: html.stdout, as: UTF8.self)
        return (text, try HTMLTree.parse(text), report)
    }

    func seconds(_ node: HTMLTree, _ attribute: String) throws -> Double {
        try XCTUnwrap(node.attributes[attribute].flatMap(Double.init), "\(node.name) has no number in \(attribute): \(node.attributes)")
    }

    /// No script, no handler, nothing fetched: the page stands alone, online or not.
    func testPageIsSelfContained() throws {
        let (html, tree, _) = try samples()
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html"))
        XCTAssertEqual(tree.name, "html")
        XCTAssertEqual(tree.all("script").count, 0)
        XCTAssertEqual(tree.all("link").count, 0)
        XCTAssertEqual(tree.all("img").count, 0)
        for node in tree.descendants {
            for (key, value) in node.attributes {
                XCTAssertFalse(key.lowercased().hasPrefix("on"), "\(node.name) \(key)")
                if ["href", "src", "xlink:href"].contains(key) { XCTAssertTrue(value.hasPrefix("#"), "\(node.name) \(key)=\(value)") }
            }
        }
        let style = try XCTUnwrap(tree.all("style").first?.text)
        XCTAssertFalse(style.contains("url("))
        XCTAssertFalse(style.contains("@import"))
        let print = try XCTUnwrap(style.range(of: "@media print{").map { String(style[$0.upperBound...]) }, "it prints")
        XCTAssertTrue(print.contains("table.rows td,table.rows th{white-space:normal;overflow:visible"), "on paper, cut text wraps whole")
        // Every in-page link lands on an element of the page.
        let ids = Set(tree.descendants.compactMap { $0.attributes["id"] })
        for link in tree.all("a") { XCTAssertTrue(ids.contains(String(link.attributes["href"]!.dropFirst())), "\(link.attributes)") }
    }

    /// The page holds the whole report, in the Markdown report's order, with real header rows.
    func testPageHoldsTheWholeReport() throws {
        let (_, tree, report) = try samples()
        let headings = tree.descendants.filter { ["h1", "h2", "h3"].contains($0.name) }.map(\.text)
        let expected = ["Kafka outage report", "What happened", "Summary", "What to fix", "Incident 1: \(report.incidents[0].t0)", "Phases", "Timeline",
                        "Impact per service", "Lost messages", "Delayed messages (consumers cut off)", "Input", "Appendix: events by kind"]
        var at = 0
        for heading in expected {
            let found = try XCTUnwrap(headings[at...].firstIndex(of: heading), "\(heading) after \(headings[..<at])")
            at = found + 1
        }
        let story = tree.all("p").filter { $0.hasClass("story") }
        XCTAssertEqual(story.count, 1)
        XCTAssertEqual(story[0].text, IncidentNarrative.sentences(report.incidents[0]) { FileRefs(report.inputs.files).ref(evidence: $0) }.joined(separator: " "))
        let summary = try XCTUnwrap(tree.all("table").first { $0.hasClass("summary") })
        XCTAssertEqual(summary.tableHeader, ["Question", "Answer from the logs"])
        XCTAssertEqual(summary.tableRows.first?.first?.text, "Window")
        let fixes = try XCTUnwrap(tree.all("ul").first { $0.all("li").first?.all("strong").first?.text == report.recommendations.first?.what })
        XCTAssertEqual(fixes.all("li").count, report.recommendations.count)
        for (item, recommendation) in zip(fixes.all("li"), report.recommendations) {
            XCTAssertEqual(item.all("code").map { $0.attributes["title"] ?? "" }, recommendation.evidence, "each item cites its lines")
        }
        let inputs = try XCTUnwrap(tree.all("table").first { $0.hasClass("inputs") })
        XCTAssertEqual(inputs.tableRows.map { $0[0].text }, (1...report.inputs.files.count).map { "F\($0)" })
        XCTAssertEqual(inputs.tableRows.map { $0[1].text }, report.inputs.files.map(\.path), "the file index gives each full path")
        let kinds = try XCTUnwrap(tree.all("table").first { $0.hasClass("kinds") })
        XCTAssertEqual(kinds.tableRows.count, report.incidents[0].eventsByKind.count)
    }

    /// Timeline rows are one line each: a fixed layout whose cells never wrap, with the full text of a
    /// cell that may be cut in its title, and short `F3:68` references whose title is the full `path:line`.
    func testTimelineRowsAreOneLineWithFullTextInTitles() throws {
        let (html, tree, report) = try samples()
        let timeline = try XCTUnwrap(tree.all("table").first { $0.hasClass("timeline") })
        XCTAssertTrue(timeline.hasClass("rows"))
        XCTAssertEqual(timeline.all("col").count, 6)
        XCTAssertTrue(html.contains("table.rows{table-layout:fixed;width:100%}"))
        XCTAssertTrue(html.contains("table.rows td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}"))
        let rows = timeline.tableRows
        XCTAssertEqual(rows.count, report.incidents[0].timeline.count)
        for (cells, row) in zip(rows, report.incidents[0].timeline) {
            XCTAssertEqual(cells.count, 6)
            XCTAssertEqual(cells[0].text, MarkdownReport.offset(row.offsetSeconds))
            XCTAssertEqual(cells[3].attributes["title"], row.pod)
            XCTAssertTrue(cells[4].attributes["title"]?.hasPrefix(row.what) == true, "\(cells[4].attributes)")
            XCTAssertNotNil(cells[5].text.wholeMatch(of: /F[0-9]+:[0-9]+/), cells[5].text)
            XCTAssertEqual(cells[5].attributes["title"], row.evidence)
        }
    }

    /// The chart's lanes are the broker and then each service of the model, in its order; each bar spans
    /// the service's first failure to its recovery, in the `data-` numbers and in the drawing itself,
    /// measured against the axis's own ticks.
    func testSwimlanesMatchTheModel() throws {
        let (_, tree, report) = try samples()
        let charts = tree.all("svg")
        XCTAssertEqual(charts.count, report.incidents.count, "one chart per incident")
        let incident = report.incidents[0]
        let svg = charts[0]
        XCTAssertEqual(svg.attributes["xmlns"], "http://www.w3.org/2000/svg")
        let lanes = svg.all("g").filter { $0.hasClass("lane") }
        XCTAssertEqual(lanes.map { $0.attributes["data-service"]! }, ["broker " + incident.brokerDown!.pod] + incident.services.map(\.service))
        XCTAssertEqual(lanes.map { $0.all("text").first?.text ?? "" }, ["broker " + incident.brokerDown!.pod] + incident.services.map(\.service))

        // The axis: ticks at multiples of one step, labelled with their plain number of seconds.
        let ticks = svg.all("g").filter { $0.hasClass("tick") }
        XCTAssertGreaterThanOrEqual(ticks.count, 3)
        let tickSeconds = try ticks.map { try seconds($0, "data-seconds") }
        let tickX = try ticks.map { try seconds($0.all("line")[0], "x1") }
        for (tick, value) in zip(ticks, tickSeconds) { XCTAssertEqual(tick.all("text")[0].text, value.oneDecimal) }
        XCTAssertTrue(tickSeconds.contains(0))
        let pixelsPerSecond = (tickX.last! - tickX.first!) / (tickSeconds.last! - tickSeconds.first!)
        func x(_ s: Double) -> Double { tickX.first! + (s - tickSeconds.first!) * pixelsPerSecond }
        XCTAssertGreaterThan(pixelsPerSecond, 5)

        for (lane, row) in zip(lanes.dropFirst(), incident.services) {
            let bars = lane.all("rect").filter { $0.hasClass("impact") }
            XCTAssertEqual(bars.count, 1, row.service)
            let bar = bars[0]
            XCTAssertEqual(try seconds(bar, "data-start"), row.firstFailure.offsetSeconds!, accuracy: 0.0005)
            XCTAssertEqual(try seconds(bar, "data-end"), row.recovered.offsetSeconds!, accuracy: 0.0005)
            XCTAssertEqual(try seconds(bar, "x"), x(row.firstFailure.offsetSeconds!), accuracy: 0.2, row.service)
            XCTAssertEqual(try seconds(bar, "x") + seconds(bar, "width"), x(row.recovered.offsetSeconds!), accuracy: 0.2, row.service)
            // A marker for each confirmed lost batch or send, where the model puts it; markers closer than
            // their width are one, counting them.
            let lost = incident.lost.items.filter { $0.service == row.service && $0.verdict == LostMessageEstimate.Verdict.lost.rawValue }
            let markers = lane.all("path").filter { $0.hasClass("expired") }
            let offsets = try markers.map { try seconds($0, "data-offset") }
            XCTAssertEqual(try markers.map { try seconds($0, "data-count") }.reduce(0, +), Double(lost.count), row.service)
            for item in lost {
                XCTAssertTrue(offsets.contains { $0 <= item.offsetSeconds + 0.0005 && x(item.offsetSeconds) - x($0) < 10 }, "\(row.service) \(item.offsetSeconds)")
            }
            for marker in markers {
                let middle = try seconds(marker, "data-offset")
                XCTAssertTrue(lost.contains { abs($0.offsetSeconds - middle) < 0.0005 }, "a marker stands on a loss")
                let moveTo = try XCTUnwrap(marker.attributes["d"]!.dropFirst().split(separator: " ").first.flatMap { Double($0) })
                XCTAssertEqual(moveTo, x(middle), accuracy: 0.2, "drawn at its offset")
            }
        }
        XCTAssertGreaterThan(svg.all("path").filter { $0.hasClass("expired") }.count, 0, "the samples lose batches")
        let broker = try XCTUnwrap(lanes.first?.all("rect").first { $0.hasClass("outage") })
        XCTAssertEqual(try seconds(broker, "data-start"), incident.brokerDown!.offsetSeconds!, accuracy: 0.0005)
        XCTAssertEqual(try seconds(broker, "data-end"), incident.durations.timeToBrokerBackSeconds!, accuracy: 0.0005)
        let down = try XCTUnwrap(svg.all("line").first { $0.hasClass("broker-down") })
        let back = try XCTUnwrap(svg.all("line").first { $0.hasClass("broker-back") })
        XCTAssertEqual(try seconds(down, "data-offset"), incident.brokerDown!.offsetSeconds!, accuracy: 0.0005)
        XCTAssertEqual(try seconds(back, "data-offset"), incident.brokerBack!.offsetSeconds!, accuracy: 0.0005)
        XCTAssertEqual(try seconds(back, "x1"), x(incident.brokerBack!.offsetSeconds!), accuracy: 0.2)
    }

    /// A recorded archive of three outages: a chart, a story and an incident section each, every id
    /// in the page once, each chart's lanes those of its incident.
    func testEachIncidentHasItsChart() throws {
        let logs = TestSupport.repoRoot + "/bench/scenarios/three-short-outages/logs"
        let html = TestSupport.logtrace(["ingest", "--quiet", "--format", "html", logs])
        XCTAssertEqual(html.status, 0, html.stderr)
        let report = try JSONDecoder().decode(Report.self, from: Data(TestSupport.logtrace(["ingest", "--quiet", "--format", "json", logs]).stdout.utf8))
        XCTAssertEqual(report.incidents.count, 3)
        let tree = try HTMLTree.parse(html.stdout)
        let ids = tree.descendants.compactMap { $0.attributes["id"] }
        XCTAssertEqual(ids.count, Set(ids).count, "ids are unique")
        XCTAssertEqual(tree.all("section").filter { $0.hasClass("incident") }.map { $0.attributes["id"]! }, ["incident-1", "incident-2", "incident-3"])
        XCTAssertEqual(tree.all("p").filter { $0.hasClass("story") }.map { String($0.text.prefix(12)) }, ["Incident 1. ", "Incident 2. ", "Incident 3. "])
        let charts = tree.all("svg")
        XCTAssertEqual(charts.count, 3)
        for (svg, incident) in zip(charts, report.incidents) {
            let lanes = svg.all("g").filter { $0.hasClass("lane") && $0.attributes["data-kind"] == "service" }
            XCTAssertEqual(lanes.map { $0.attributes["data-service"]! }, incident.services.map(\.service))
            for (lane, row) in zip(lanes, incident.services) {
                let bar = try XCTUnwrap(lane.all("rect").first { $0.hasClass("impact") })
                XCTAssertEqual(try seconds(bar, "data-start"), row.firstFailure.offsetSeconds!, accuracy: 0.0005)
                XCTAssertEqual(try seconds(bar, "data-end"), row.recovered.offsetSeconds!, accuracy: 0.0005)
            }
            XCTAssertTrue(svg.all("title").first?.text.hasPrefix("Incident \(incident.number): ") == true)
        }
    }

    /// The page is the same bytes in any time zone: the axis counts seconds after T+0, never a clock.
    func testTimeZoneChangesNothing() throws {
        let utc = try samples(environment: ["TZ": "UTC"]).html
        let india = try samples(environment: ["TZ": "Asia/Kolkata"]).html
        let nepal = try samples(environment: ["TZ": "Asia/Kathmandu"]).html
        XCTAssertEqual(utc, india)
        XCTAssertEqual(utc, nepal)
    }

    /// Log text is hostile: markup, quotes, control characters, bidirectional overrides and the two
    /// characters XML forbids all come out as inert text, and the page still parses.
    func testHostileTextStaysText() throws {
        var report = try samples().report
        let hostile = MarkdownReportTests.hostile + ["\"quoted\" and 'single' <b onclick=\"x\">", "nul\u{0}bell\u{7}del\u{7F}c1\u{85}",
                                                     "rtl \u{202E}txt.exe", "bad \u{FFFE}\u{FFFF} end", "repaired \u{FFFD} byte", "]]> <![CDATA[ x"]
        for (i, text) in hostile.enumerated() {
            let row = i % report.incidents[0].timeline.count
            report.incidents[0].timeline[row].what = text
            report.incidents[0].timeline[row].pod = text
            report.incidents[0].timeline[row].count = 1
        }
        report.incidents[0].services[0].service = "<script>alert('lane')</script>\nnext"
        report.recommendations[0].why = "<img src=x onerror=alert(1)>"
        let html = HTMLReport.render(report)
        let tree = try HTMLTree.parse(html)
        XCTAssertEqual(tree.all("script").count, 0)
        XCTAssertEqual(tree.all("img").count, 0)
        XCTAssertEqual(tree.all("b").count, 0)
        for node in tree.descendants { XCTAssertFalse(node.attributes.keys.contains { $0.hasPrefix("on") }, "\(node.name) \(node.attributes)") }
        for scalar in html.unicodeScalars {
            XCTAssertFalse((scalar.value < 0x20 && scalar.value != 0x0A) || (0x7F..<0xA0).contains(scalar.value), "raw control U+\(String(scalar.value, radix: 16))")
            XCTAssertFalse([0x202E, 0xFFFE, 0xFFFF].contains(scalar.value), "U+\(String(scalar.value, radix: 16))")
        }
        let rows = try XCTUnwrap(tree.all("table").first { $0.hasClass("timeline") }).tableRows
        let whats = rows.map { $0.count > 4 ? $0[4].text : "" }
        XCTAssertTrue(whats.contains("<script>alert(1)</script>"), "markup reads as text")
        XCTAssertTrue(whats.contains("\"quoted\" and 'single' <b onclick=\"x\">"))
        XCTAssertTrue(whats.contains("line⏎break"))
        XCTAssertTrue(whats.contains("nul\\x00bell\\x07del\\x7fc1\\x85"))
        XCTAssertTrue(whats.contains("rtl \\u202etxt.exe"))
        XCTAssertTrue(whats.contains("bad \u{FFFD}\u{FFFD} end"))
        XCTAssertTrue(whats.contains("]]> <![CDATA[ x"))
        XCTAssertTrue(whats.contains(String(repeating: "x", count: 300) + "…"), "long text is cut")
        XCTAssertTrue(rows.contains { $0.count > 4 && $0[4].attributes["title"] == String(repeating: "x", count: 2000) + "…" }, "its title holds much more")
        let lane = try XCTUnwrap(tree.all("g").first { $0.hasClass("lane") && $0.attributes["data-kind"] == "service" })
        XCTAssertEqual(lane.attributes["data-service"], "<script>alert('lane')</script>⏎next")
    }

    /// Bytes that are not UTF-8 and markup in a file's name: the name is shown escaped, the page parses.
    func testFileNamesThatAreNotUTF8OrMarkup() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let bytes = TestSupport.readBytes(TestSupport.repoRoot + "/samples/kafka-6d8f9c7b5-q2w8r.log.gz")
        let name = Array((dir + "/kafka-caf").utf8) + [0xE9, 0xFF] + Array("<script>\"x\".log.gz".utf8)
        let file = try XCTUnwrap(fopen(name.map { CChar(bitPattern: $0) } + [0], "wb"))
        XCTAssertEqual(fwrite(bytes, 1, bytes.count, file), bytes.count)
        fclose(file)
        let run = TestSupport.logtrace(["ingest", "--quiet", "--format", "html", dir])
        XCTAssertEqual(run.status, 0, run.stderr)
        let tree = try HTMLTree.parse(run.stdout)
        XCTAssertEqual(tree.all("script").count, 0)
        let inputs = try XCTUnwrap(tree.all("table").first { $0.hasClass("inputs") })
        XCTAssertEqual(inputs.tableRows.first?[1].text, dir + "/kafka-caf\\xe9\\xff<script>\"x\".log.gz")
    }

    /// A long report goes out in pieces of about 64 KiB, never as one string, and still parses whole.
    func testLongReportIsWrittenInPieces() throws {
        var report = try samples().report
        let timeline = report.incidents[0].timeline
        report.incidents[0].timeline = (0..<40).flatMap { _ in timeline }
        var pieces: [Int] = []
        var text = ""
        HTMLReport.render(report) { piece in
            pieces.append(piece.utf8.count)
            text += piece
        }
        XCTAssertGreaterThan(pieces.count, 4)
        XCTAssertLessThan(pieces.max()!, 80_000, "no piece much over 64 KiB")
        let tree = try HTMLTree.parse(text)
        XCTAssertEqual(try XCTUnwrap(tree.all("table").first { $0.hasClass("timeline") }).tableRows.count, timeline.count * 40)
    }

    /// Past 40 services the chart stops adding lanes and says how many more the tables hold.
    func testManyServicesAreCappedAndCounted() throws {
        var report = try samples().report
        let service = report.incidents[0].services[0]
        report.incidents[0].services = (0..<45).map { i in
            var row = service
            row.service = "svc-\(i)"
            return row
        }
        let tree = try HTMLTree.parse(HTMLReport.render(report))
        let lanes = tree.all("g").filter { $0.hasClass("lane") && $0.attributes["data-kind"] == "service" }
        XCTAssertEqual(lanes.map { $0.attributes["data-service"]! }, (0..<40).map { "svc-\($0)" })
        XCTAssertTrue(try XCTUnwrap(tree.all("figcaption").first).text.contains("5 more services are in the Impact per service table."))
    }

    /// With the game-day plan, the page holds the alert rules' verdicts as the JSON has them, and each
    /// delayed consumer's backlog.
    func testAlertsAndBacklogsAreOnThePage() throws {
        let arguments = ["ingest", "--quiet", "--scenario", "examples/kafka-broker-down.scenario.yaml", TestSupport.repoRoot + "/samples"]
        let html = TestSupport.logtrace(arguments + ["--format", "html"])
        let json = TestSupport.logtrace(arguments + ["--format", "json"])
        let report = try JSONDecoder().decode(Report.self, from: Data(json.stdout.utf8))
        let tree = try HTMLTree.parse(html.stdout)
        let alerts = try XCTUnwrap(tree.all("table").first { $0.hasClass("alerts") })
        let expected = try XCTUnwrap(report.incidents.first?.scenario?.alerts)
        XCTAssertEqual(alerts.tableRows.map { $0[0].text }, expected.map(\.alert))
        XCTAssertEqual(alerts.tableRows.map { $0[4].text }, expected.map { $0.firesOffsetSeconds.map(MarkdownReport.offset) ?? "-" })
        let delayed = try XCTUnwrap(tree.all("table").first { $0.hasClass("delayed") })
        XCTAssertEqual(delayed.tableHeader.last, "Messages behind")
        XCTAssertEqual(delayed.tableRows.map { $0.last?.text }, report.incidents[0].delayed.map(\.messagesBehindBasis))
    }

    func testTickSteps() {
        XCTAssertEqual(SwimlaneChart.tickStep(span: 8), 1)
        XCTAssertEqual(SwimlaneChart.tickStep(span: 60.6), 10)
        XCTAssertEqual(SwimlaneChart.tickStep(span: 300), 30)
        XCTAssertEqual(SwimlaneChart.tickStep(span: 4320), 600)
        XCTAssertEqual(SwimlaneChart.tickStep(span: 86_400 * 30), 86_400 * 3)
    }
}
