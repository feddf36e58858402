import Foundation
import XCTest
@testable import LogTrace

/// `PatternTrial` tries every entry on a record by the matcher's rules: its winner is the entry whose
/// event the scan takes, on every record of the samples and the recorded client logs.
final class PatternTrialTests: XCTestCase {
    func testWinnerIsTheScansEventOnEveryRecordedRecord() throws {
        let paths = try Pipeline.inputs([TestSupport.repoRoot + "/samples", TestSupport.fixture("EndToEnd/Fixtures/clients")]).filter { !$0.hasSuffix(".json") && !$0.hasSuffix(".md") }
        XCTAssertGreaterThan(paths.count, 15)
        var options = PipelineOptions()
        options.readAllRecords = true
        let patterns = TestSupport.defaultPatterns
        var records = 0, matched = 0, nearMisses = 0
        for path in paths {
            let scanner = Pipeline(options: options).scanner(patterns: patterns)
            scanner.recordObserver = { record, event in
                let trial = PatternTrial(patterns, text: record.text, level: record.level)
                records += 1
                XCTAssertEqual(trial.winner.map { trial.entries[$0].id }, event?.patternID, "\(path):\(record.firstLine)")
                if let winner = trial.winner, let event, case .matched(let fields) = trial.entries[winner].outcome {
                    matched += 1
                    for field in fields { XCTAssertEqual(event.fields[field.name], field.value, "\(path):\(record.firstLine) \(field.name)") }
                    XCTAssertEqual(Set(fields.map(\.name)), Set(event.fields.sorted { $0.key < $1.key }.map(\.key)), "\(path):\(record.firstLine)")
                }
                nearMisses += trial.nearMisses.count
                return true
            }
            _ = scanner.scan(path: path)
        }
        XCTAssertGreaterThan(records, 1000)
        XCTAssertGreaterThan(matched, 100)
        XCTAssertGreaterThan(nearMisses, 10)
    }

    /// A pack's own near-miss line: its literal is present, its regex fails, and the trial says so;
    /// its sample matches with the captures the regex names.
    func testShippedNearMissAndSampleOfAnEntry() throws {
        let patterns = TestSupport.defaultPatterns
        func holdsALiteral(_ line: String, _ entry: PatternSet.Compiled) -> Bool { entry.literals.contains { line.contains(String(decoding: $0, as: UTF8.self)) } }
        let entry = try XCTUnwrap(patterns.patterns.first { entry in !entry.definition.quoted && entry.definition.nearMisses.contains { holdsALiteral($0, entry) } })
        let miss = try XCTUnwrap(entry.definition.nearMisses.first { holdsALiteral($0, entry) })
        let trial = Array(miss.utf8).withUnsafeBytes { PatternTrial(patterns, text: $0, level: nil) }
        let found = try XCTUnwrap(trial.entries.first { $0.id == entry.definition.id })
        guard case .regexFailed(let present) = found.outcome else { return XCTFail("\(found.outcome) on \(miss)") }
        XCTAssertFalse(present.isEmpty)
        XCTAssertTrue(trial.nearMisses.contains { $0.id == entry.definition.id })
        let sample = try XCTUnwrap(entry.definition.samples.first)
        let onSample = Array(sample.utf8).withUnsafeBytes { PatternTrial(patterns, text: $0, level: nil) }
        guard case .matched(let fields)? = onSample.entries.first(where: { $0.id == entry.definition.id })?.outcome else { return XCTFail(sample) }
        XCTAssertTrue(fields.allSatisfy { field in entry.regex.groupNames.contains { $0.name == field.name } || entry.definition.constantFields.contains { $0.name == field.name } })
        XCTAssertTrue(ExplainText.render(trial, indent: "").contains("near-miss \(entry.definition.id) ("), ExplainText.render(trial, indent: ""))
    }
}
