import XCTest
@testable import LogTrace

final class PatternSetTests: XCTestCase {
    func load(_ yaml: String) throws -> PatternSet {
        try PatternSet(definitions: PatternFileParser.parse(yaml: yaml, file: "test.yaml"), files: ["test.yaml"])
    }

    func testInvalidRegexNamesFileLineEntryAndOffset() {
        let yaml = """
        pack: broken
        patterns:
          - id: good
            kind: connect_failed
            regex: 'could not be established'
          - id: bad-group
            kind: disconnected
            regex: 'Node (?<node>\\d+ disconnected'
        """
        XCTAssertThrowsError(try load(yaml)) { error in
            guard let error = error as? PatternError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.file, "test.yaml")
            XCTAssertEqual(error.line, 8)
            XCTAssertEqual(error.entry, "bad-group")
            XCTAssertTrue(error.message.contains("PCRE2 error at offset 29"), error.message)
            XCTAssertTrue(error.message.contains("missing closing parenthesis"), error.message)
        }
    }

    func testUnknownKindAndMissingFields() {
        XCTAssertThrowsError(try load("pack: x\npatterns:\n  - id: a\n    kind: exploded\n    regex: x\n")) { error in
            XCTAssertTrue("\(error)".contains("unknown kind 'exploded'"), "\(error)")
            XCTAssertTrue("\(error)".hasPrefix("test.yaml:4: pattern 'a'"), "\(error)")
        }
        XCTAssertThrowsError(try load("pack: x\npatterns:\n  - kind: reconnected\n    regex: x\n")) { error in
            XCTAssertTrue("\(error)".contains("no 'id'"), "\(error)")
        }
        XCTAssertThrowsError(try load("pack: x\npatterns: [\n")) { error in
            XCTAssertTrue("\(error)".contains("not valid YAML"), "\(error)")
        }
    }

    func testSamplesAndNearMissesAreChecked() {
        let failingSample = """
        pack: x
        patterns:
          - id: coordinator
            kind: reconnected
            regex: 'Discovered group coordinator'
            samples:
              - 'Discovered coordinator kafka:9092 for group g'
        """
        XCTAssertThrowsError(try load(failingSample)) { error in
            XCTAssertTrue("\(error)".contains("sample does not match"), "\(error)")
        }
        let matchingNearMiss = """
        pack: x
        patterns:
          - id: timeout
            kind: delivery_failed
            regex: 'TimeoutException'
            near_misses:
              - 'java.util.concurrent.TimeoutException: Did not observe any item'
        """
        XCTAssertThrowsError(try load(matchingNearMiss)) { error in
            XCTAssertTrue("\(error)".contains("near-miss matches"), "\(error)")
        }
        let literalNotInSample = """
        pack: x
        patterns:
          - id: e
            kind: batch_expired
            literal: 'record(s) for'
            regex: 'Expiring \\d+ record'
            samples:
              - 'Expiring 3 records'
        """
        XCTAssertThrowsError(try load(literalNotInSample)) { error in
            XCTAssertTrue("\(error)".contains("literal 'record(s) for' is not in sample"), "\(error)")
        }
    }

    /// A list of literals: a record holding any one is a candidate; each sample needs one of them.
    func testLiteralListIsAnyOf() throws {
        let yaml = """
        pack: x
        patterns:
          - id: m
            kind: metadata_error
            literal: ['Metadata request failed: ', 'Failed to get metadata: ']
            regex: '(?:Metadata request failed: |Failed to get metadata: (?:Local|Broker): )'
            samples:
              - '%4|1795597302.500|METADATA|rdkafka#producer-1| [thrd:main]: 127.0.0.1:29092/111: Metadata request failed: periodic topic and broker list refresh: Local: Broker transport failure (0ms): Permanent'
              - 'cimpl.KafkaException: KafkaError{code=_TRANSPORT,val=-195,str="Failed to get metadata: Local: Broker transport failure"}'
        """
        let set = try load(yaml)
        XCTAssertEqual(set.patterns[0].literalIndices, [0, 1])
        XCTAssertEqual(set.literals.map { String(decoding: $0, as: UTF8.self) }, ["Metadata request failed: ", "Failed to get metadata: "])
        let matcher = EventMatcher(patterns: set)
        for (text, expected) in [("x: Failed to get metadata: Broker: Leader not available", true),
                                 ("\"metadata\":{\"channel\":\"web\"} Metadata request failed", false)] {
            let bytes = Array(text.utf8)
            let event = bytes.withUnsafeBytes { buffer in
                matcher.match(RecordView(text: buffer, firstLine: 1, lineCount: 1, envelopeTimestamp: nil, appTimestamp: nil, inheritedTimestamp: nil, level: nil, truncated: false), service: "s", pod: "p", file: "f")
            }
            XCTAssertEqual(event != nil, expected, text)
        }
        let sampleWithNeither = yaml.replacingOccurrences(of: "Failed to get metadata: Local", with: "Failed to get metadata:  Local")
            .replacingOccurrences(of: "(?:Local|Broker)", with: " ?(?:Local|Broker)")
            .replacingOccurrences(of: "'Failed to get metadata: '", with: "'Failed to get metadata: L'")
        XCTAssertThrowsError(try load(sampleWithNeither)) { error in
            XCTAssertTrue("\(error)".contains("literal 'Metadata request failed: ' or 'Failed to get metadata: L' is not in sample"), "\(error)")
        }
        XCTAssertThrowsError(try load(yaml.replacingOccurrences(of: "'Failed to get metadata: ']", with: "'']"))) { error in
            XCTAssertTrue("\(error)".contains("list of non-empty strings"), "\(error)")
        }
    }

    func testLaterEntryWithSameIDOverrides() throws {
        let base = try PatternFileParser.parse(yaml: "pack: a\npatterns:\n  - id: x\n    kind: reconnected\n    regex: 'first'\n", file: "a.yaml")
        let extra = try PatternFileParser.parse(yaml: "pack: b\npatterns:\n  - id: x\n    kind: reconnected\n    regex: 'second'\n", file: "b.yaml")
        let set = try PatternSet(definitions: base + extra, files: ["a.yaml", "b.yaml"])
        XCTAssertEqual(set.patterns.count, 1)
        XCTAssertEqual(set.patterns[0].definition.regex, "second")
    }

    func testLiteralIsDerivedFromFixedText() {
        XCTAssertEqual(LiteralExtractor.requiredLiteral(of: "Discovered group coordinator (?<address>\\S+)"), "Discovered group coordinator ")
        XCTAssertEqual(LiteralExtractor.requiredLiteral(of: "Expiring (?<count>\\d+) record\\(s\\) for "), " record(s) for ")
        XCTAssertNil(LiteralExtractor.requiredLiteral(of: "abc|def"))
        XCTAssertEqual(LiteralExtractor.requiredLiteral(of: "Nodes? down"), " down", "the optional s cannot be part of it")
    }

    /// Every shipped pack loads, and its samples and near-misses hold (checked at load).
    func testShippedPacksLoad() throws {
        let set = try PatternLoader.load(extraDirectories: [])
        XCTAssertGreaterThan(set.patterns.count, 10)
        let kinds = Set(set.patterns.map(\.definition.kind))
        for kind in [EventKind.connectFailed, .disconnected, .coordinatorLost, .batchExpired, .reconnected, .brokerShutdown, .brokerStarted] {
            XCTAssertTrue(kinds.contains(kind), "no pattern for \(kind)")
        }
        for pattern in set.patterns {
            XCTAssertFalse(pattern.definition.samples.isEmpty, "\(pattern.definition.id) has no samples")
        }
    }
}
