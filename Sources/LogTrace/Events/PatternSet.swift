import CByteSearch
import Glibc

/// Every pattern in force for a run, compiled and checked: its samples match, its near-misses do not,
/// and its literal prefilter occurs in every sample. Built once, before any input is read.
public final class PatternSet: @unchecked Sendable {
    /// A checked, compiled entry.
    public struct Compiled: @unchecked Sendable {
        public var definition: PatternDefinition
        public var regex: PCRE2Regex
        /// The prefilter's literals (any one of them makes a record a candidate); empty when the entry
        /// has none (the regex then runs on every record).
        public var literals: [[UInt8]]
        /// Indices into `PatternSet.literals`, one per literal.
        public var literalIndices: [Int]
    }

    public let patterns: [Compiled]
    /// Distinct literals, each searched for once per record.
    public let literals: [[UInt8]]
    /// The literals holding a byte that a JSON encoder may escape (Docker's json-file writes `"`, `\`,
    /// control bytes, `<`, `>`, `&` and some non-ASCII escaped): in escaped text they can hide.
    public let escapableLiterals: [Int]
    /// The pattern files read, in order.
    public let files: [String]
    /// True when every entry has a literal, so a record holding none cannot match and may be skipped.
    public var everyPatternHasALiteral: Bool { patterns.allSatisfy { !$0.literalIndices.isEmpty } }
    /// What is wrong with valid entries, one line each naming the file, line and entry: an entry with
    /// no literal (none declared, none found in its regex) makes PCRE2 run on every record.
    public let warnings: [String]

    public init(definitions: [PatternDefinition], files: [String]) throws(PatternError) {
        var byID: [String: Int] = [:]
        var ordered: [PatternDefinition] = []
        for definition in definitions {
            if let existing = byID[definition.id] {
                ordered[existing] = definition
            } else {
                byID[definition.id] = ordered.count
                ordered.append(definition)
            }
        }
        // Quoted library errors are the fallback of every pack: tried after all ordinary entries.
        ordered = ordered.filter { !$0.quoted } + ordered.filter(\.quoted)
        var compiled: [Compiled] = []
        var literals: [[UInt8]] = []
        var literalIndex: [[UInt8]: Int] = [:]
        for definition in ordered {
            let regex: PCRE2Regex
            do {
                regex = try PCRE2Regex(definition.regex)
            } catch {
                throw PatternError(file: definition.file, line: definition.line, entry: definition.id,
                                   message: "PCRE2 error at offset \(error.offset): \(error.message)")
            }
            let declared = definition.literals.isEmpty ? LiteralExtractor.requiredLiteral(of: definition.regex).map { [$0] } ?? [] : definition.literals
            let own = declared.map { Array($0.utf8) }
            var indices: [Int] = []
            for literal in own {
                if let known = literalIndex[literal] {
                    indices.append(known)
                } else {
                    indices.append(literals.count)
                    literalIndex[literal] = literals.count
                    literals.append(literal)
                }
            }
            compiled.append(Compiled(definition: definition, regex: regex, literals: own, literalIndices: indices))
        }
        self.patterns = compiled
        self.literals = literals
        self.escapableLiterals = literals.indices.filter { index in
            literals[index].contains { $0 < 0x20 || $0 >= 0x80 || [0x22, 0x5C, 0x3C, 0x3E, 0x26].contains($0) }
        }
        self.files = files
        self.warnings = compiled.filter(\.literals.isEmpty).map { pattern in
            let d = pattern.definition
            return PatternError(file: d.file, line: d.line, entry: d.id, message: "no literal: none is declared and its regex has no fixed text of 4 characters or more that every match holds, so PCRE2 runs on every record (about 17 times slower) and none can be skipped; declare one with `literal:`").description
        }
        try checkSamples()
    }

    private func checkSamples() throws(PatternError) {
        let matcher = PCRE2Matcher()
        for pattern in patterns {
            let d = pattern.definition
            for sample in d.samples {
                let bytes = Array(sample.utf8)
                let matched = bytes.withUnsafeBytes { buffer -> Bool in
                    if case .match = matcher.match(pattern.regex, in: buffer) { return true }
                    return false
                }
                if !matched {
                    throw PatternError(file: d.file, line: d.line, entry: d.id, message: "sample does not match: \(sample)")
                }
                if !pattern.literals.isEmpty && !pattern.literals.contains(where: { literal in bytes.withUnsafeBytes { Self.contains($0, literal) } }) {
                    let quoted = pattern.literals.map { "'" + String(decoding: $0, as: UTF8.self) + "'" }.joined(separator: " or ")
                    throw PatternError(file: d.file, line: d.line, entry: d.id, message: "literal \(quoted) is not in sample: \(sample)")
                }
            }
            for nearMiss in d.nearMisses {
                let matched = Array(nearMiss.utf8).withUnsafeBytes { buffer -> Bool in
                    if case .match = matcher.match(pattern.regex, in: buffer) { return true }
                    return false
                }
                if matched {
                    throw PatternError(file: d.file, line: d.line, entry: d.id, message: "near-miss matches but must not: \(nearMiss)")
                }
            }
        }
    }

    @inline(__always)
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard let base = haystack.baseAddress, haystack.count >= needle.count else { return false }
        return needle.withUnsafeBytes { logtrace_memmem(base, haystack.count, $0.baseAddress!, needle.count) != nil }
    }
}

/// Derives a prefilter literal from a regex's fixed text when a pattern does not declare one: the
/// longest run of plain characters at nesting depth 0, if the regex has no top-level alternation.
enum LiteralExtractor {
    static func requiredLiteral(of regex: String) -> String? {
        let chars = Array(regex)
        var depth = 0
        var best = "", current = ""
        var i = 0
        func endRun() {
            if current.count > best.count { best = current }
            current = ""
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\\":
                if i + 1 < chars.count, depth == 0, "[](){}.*+?|^$\\/- ".contains(chars[i + 1]) {
                    current.append(chars[i + 1])
                } else {
                    endRun()
                }
                i += 2
                continue
            case "(":
                depth += 1
                endRun()
            case ")":
                depth -= 1
                endRun()
            case "[":
                endRun()
                i += 1
                while i < chars.count && chars[i] != "]" {
                    if chars[i] == "\\" { i += 1 }
                    i += 1
                }
            case "|":
                if depth == 0 { return nil }
            case "*", "?", "{":
                // The character before is optional or repeated: it cannot be part of the literal.
                if !current.isEmpty { current.removeLast() }
                endRun()
            case "+", ".", "^", "$", "}":
                endRun()
            default:
                if depth == 0 { current.append(c) } else { endRun() }
            }
            i += 1
        }
        endRun()
        return best.count >= 4 ? best : nil
    }
}
