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

    /// `role`, `logs_failed_sends` and derived kinds are checked where they are written.
    func testRoleKeysAndDerivedKindsAreChecked() throws {
        let entry = "pack: x\npatterns:\n  - id: a\n    kind: client_role\n    regex: 'kafka\\.producer\\.'\n"
        XCTAssertThrowsError(try load(entry)) { error in
            XCTAssertTrue("\(error)".contains("needs a 'role' key"), "\(error)")
        }
        XCTAssertThrowsError(try load(entry + "    role: producer\n")) { error in
            XCTAssertTrue("\(error)".contains("'role' must be one of Producer, Consumer"), "\(error)")
        }
        let set = try load(entry + "    role: Producer\n    logs_failed_sends: true\n")
        XCTAssertEqual(set.patterns[0].definition.role, "Producer")
        XCTAssertTrue(set.patterns[0].definition.logsFailedSends)
        XCTAssertThrowsError(try load("pack: x\npatterns:\n  - id: a\n    kind: reconnected\n    logs_failed_sends: true\n    regex: x\n")) { error in
            XCTAssertTrue("\(error)".contains("'logs_failed_sends' goes on client_role entries"), "\(error)")
        }
        XCTAssertThrowsError(try load("pack: x\npatterns:\n  - id: a\n    kind: deliveries_stalled\n    regex: x\n")) { error in
            XCTAssertTrue("\(error)".contains("derived by logtrace"), "\(error)")
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

    /// Inside one file a repeated id is a mistake (the first entry would silently vanish): an error at
    /// load naming the file, the line of the repeat and the id. Across files, a later one still overrides.
    func testDuplicateIDInOneFileIsAnError() throws {
        let yaml = """
        pack: dup
        patterns:
          - id: broker-gone
            kind: connect_failed
            regex: 'could not be established'
          - id: other
            kind: reconnected
            regex: 'Reconnected to node'
          - id: broker-gone
            kind: disconnected
            regex: 'Node \\d+ disconnected'
        """
        XCTAssertThrowsError(try PatternFileParser.parse(yaml: yaml, file: "dup.yaml")) { error in
            guard let error = error as? PatternError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.file, "dup.yaml")
            XCTAssertEqual(error.line, 9)
            XCTAssertEqual(error.entry, "broker-gone")
            XCTAssertEqual("\(error)", "dup.yaml:9: pattern 'broker-gone': duplicate id in this file (first at line 3); ids are unique within a file, a later file's entry overrides by id")
        }
        // Through the loader and the command line: usage error, before any input is read.
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.write(yaml, to: dir + "/dup.yaml")
        XCTAssertThrowsError(try PatternLoader.load(extraDirectories: [dir])) { error in
            XCTAssertTrue("\(error)".hasPrefix(dir + "/dup.yaml:9: pattern 'broker-gone': duplicate id"), "\(error)")
        }
        let run = TestSupport.logtrace(["ingest", "--patterns", dir, "samples/"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains(dir + "/dup.yaml:9: pattern 'broker-gone': duplicate id"), run.stderr)
        XCTAssertTrue(run.stdout.isEmpty)
        // The same id in two files is the override, as before: the later file's entry wins.
        let pair = TestSupport.temporaryDirectory(self)
        TestSupport.write(yaml.components(separatedBy: "  - id: other")[0], to: pair + "/a.yaml")
        TestSupport.write("pack: b\npatterns:\n" + yaml.components(separatedBy: "'Reconnected to node'\n")[1], to: pair + "/b.yaml")
        let overridden = try PatternLoader.load(extraDirectories: [pair], includeDefaults: false)
        XCTAssertEqual(overridden.patterns.map(\.definition.id), ["broker-gone"])
        XCTAssertEqual(overridden.patterns.map(\.definition.kind), [.disconnected])
    }

    func testLiteralIsDerivedFromFixedText() {
        XCTAssertEqual(LiteralExtractor.requiredLiteral(of: "Discovered group coordinator (?<address>\\S+)"), "Discovered group coordinator ")
        XCTAssertEqual(LiteralExtractor.requiredLiteral(of: "Expiring (?<count>\\d+) record\\(s\\) for "), " record(s) for ")
        XCTAssertNil(LiteralExtractor.requiredLiteral(of: "abc|def"))
        XCTAssertEqual(LiteralExtractor.requiredLiteral(of: "Nodes? down"), " down", "the optional s cannot be part of it")
    }

    /// A pack whose one entry has no literal: its regex has no fixed text every match holds.
    static let slowPack = """
        pack: slow
        patterns:
          - id: any-disconnect
            kind: disconnected
            regex: '(?<role>Producer|Consumer) .* (gone|lost)'
            samples: ['Producer p-1 gone']
        """ + "\n"

    /// An entry whose regex yields no literal, and declares none, loads (it is valid) with a warning
    /// naming its file, line and id: it makes PCRE2 run on every record. Entries with one do not warn.
    func testAnEntryWithNoLiteralWarns() throws {
        let set = try load(Self.slowPack + """
          - id: declared
            kind: connect_failed
            literal: could not be
            regex: 'could not (be|get) established'
            samples: ['could not be established']
          - id: derived
            kind: reconnected
            regex: 'Reconnected to node (?<node>\\d+)'
            samples: ['Reconnected to node 3']
        """)
        XCTAssertFalse(set.everyPatternHasALiteral)
        XCTAssertEqual(set.warnings, ["test.yaml:5: pattern 'any-disconnect': no literal: none is declared and its regex has no fixed text of 4 characters or more that every match holds, so PCRE2 runs on every record (about 17 times slower) and none can be skipped; declare one with `literal:`"])
    }

    /// Through the binary: the warning is on stderr before the run, which goes on and ends complete.
    func testTheNoLiteralWarningReachesStderr() throws {
        let dir = TestSupport.temporaryDirectory(self)
        TestSupport.write(Self.slowPack, to: dir + "/slow.yaml")
        TestSupport.write("2026-11-24T10:00:00Z Producer p-1 gone\n", to: dir + "/app.log")
        let run = TestSupport.logtrace(["ingest", "--quiet", "--patterns", dir, dir + "/app.log"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.hasPrefix("logtrace: warning: \(dir)/slow.yaml:5: pattern 'any-disconnect': no literal: "), run.stderr)
    }

    /// Every shipped pack loads, and its samples and near-misses hold (checked at load); every entry has
    /// a literal, so none warns and records without one are skipped.
    func testShippedPacksLoad() throws {
        let set = try PatternLoader.load(extraDirectories: [])
        XCTAssertEqual(set.warnings, [])
        XCTAssertTrue(set.everyPatternHasALiteral)
        let example = try PatternLoader.load(extraDirectories: [TestSupport.repoRoot + "/examples/portal-universe/patterns"])
        XCTAssertEqual(example.warnings, [])
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
