import Foundation
import XCTest

/// Builds the copies of a pod's log that an archive really holds, from recorded files: the CRI copy
/// kubelet keeps of a `kubectl logs --timestamps` file and the other way round. Each recorded line's
/// text stays byte for byte as it was; only its envelope is rewritten.
enum PodCopies {
    /// The text lines of a file (plain or gzip, decompressed with the real `gzip`), without their `\n`.
    static func lines(of path: String) -> [[UInt8]] {
        let bytes = TestSupport.run("/bin/sh", ["-c", "gzip -dcf \"$0\"", path]).stdout
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// True when every line starts with a kubectl timestamp (`2026-11-24T10:00:05.021197689Z `) and none is
    /// a CRI line, whose timestamp is followed by its stream and tag (`... stdout F `).
    static func isKubectl(_ lines: [[UInt8]]) -> Bool {
        lines.allSatisfy { line in
            let space = line.firstIndex(of: 0x20) ?? line.endIndex
            guard space >= 20, line[10] == UInt8(ascii: "T") else { return false }
            let stamped = line[space - 1] == UInt8(ascii: "Z") || line[space - 6] == UInt8(ascii: "+") || line[space - 6] == UInt8(ascii: "-")
            let fields = line.split(separator: 0x20, maxSplits: 3, omittingEmptySubsequences: false)
            let cri = fields.count > 2 && ["stdout", "stderr"].contains(String(decoding: fields[1], as: UTF8.self))
                && ["F", "P"].contains(criTag(of: line))
            return stamped && !cri
        }
    }

    /// The CRI file of kubectl `lines`: `<time> stdout F <text>`, a text over 16 KiB split into `P`
    /// fragments as containerd splits it, every fragment with the line's time.
    static func cri(fromKubectl lines: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for line in lines {
            let space = line.firstIndex(of: 0x20) ?? line.endIndex
            let stamp = line[..<space], text = line[min(space + 1, line.endIndex)...]
            var start = text.startIndex
            while text.endIndex - start > 16 * 1024 {
                out += stamp + Array(" stdout P ".utf8) + text[start..<(start + 16 * 1024)] + [0x0A]
                start += 16 * 1024
            }
            out += stamp + Array(" stdout F ".utf8) + text[start...] + [0x0A]
        }
        return out
    }

    /// The `kubectl logs --timestamps` output of CRI `lines`: each stream's `P` fragments joined to
    /// their `F` line, stamped with the first fragment's time, as kubelet prints them.
    static func kubectl(fromCRI lines: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        var pending: [String: (stamp: ArraySlice<UInt8>, text: [UInt8])] = [:]
        for line in lines {
            let fields = line.split(separator: 0x20, maxSplits: 3, omittingEmptySubsequences: false)
            precondition(fields.count >= 3, "not a CRI line")
            let stamp = fields[0], stream = String(decoding: fields[1], as: UTF8.self), tag = fields[2]
            let text = fields.count > 3 ? Array(fields[3]) : []
            var joined = pending[stream] ?? (stamp, [])
            joined.text += text
            if tag.elementsEqual("P".utf8) {
                pending[stream] = joined
            } else {
                pending[stream] = nil
                out += Array(joined.stamp)
                out.append(0x20)
                out += joined.text
                out.append(0x0A)
            }
        }
        return out
    }

    /// A CRI line's `P` or `F`.
    static func criTag(of line: [UInt8]) -> String {
        let fields = line.split(separator: 0x20, maxSplits: 3, omittingEmptySubsequences: false)
        return fields.count > 2 ? String(decoding: fields[2], as: UTF8.self) : ""
    }

    /// Where kubelet keeps `pod`'s log below `root`: `var/log/pods/<ns>_<pod>_<uid>/<container>/0.log`,
    /// the container named after the pod's service.
    static func criPath(root: String, pod: String) -> String {
        let container = pod.split(separator: "-").dropLast(2).joined(separator: "-")
        let folder = root + "/var/log/pods/recorded_\(pod)_6f1d2c3b-0a9e-4b8d-8c7f-\(String(pod.utf8.count, radix: 16))e0f1a2b3c4d5/\(container)"
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/0.log"
    }

    /// The pod a kubectl archive file is named after: `orders-api-962jvbs2w5-rccjd.log.gz` gives
    /// `orders-api-962jvbs2w5-rccjd`.
    static func pod(ofFile path: String) -> String {
        var name = URL(fileURLWithPath: path).lastPathComponent
        for suffix in [".gz", ".log"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        return name
    }

    /// The JSON report of `ingest --format json` over `inputs`, parsed by JSONSerialization.
    static func report(_ inputs: [String], file: StaticString = #filePath, line: UInt = #line) -> [String: Any] {
        let result = TestSupport.logtrace(["ingest", "--quiet", "--format", "json"] + inputs)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    }

    /// `value` as JSON with sorted keys, every object's keys in `dropping` removed at any depth: what two
    /// reports are compared by.
    static func canonical(_ value: Any?, dropping: Set<String> = []) -> String {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { !dropping.contains($0.key) }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        guard let value else { return "missing" }
        let data = try! JSONSerialization.data(withJSONObject: strip(value), options: [.sortedKeys, .fragmentsAllowed])
        return String(decoding: data, as: UTF8.self)
    }

    /// The keys that name files: what differs between reports on two copies of the same records.
    static let evidenceKeys: Set<String> = ["evidence", "anchorEvidence", "beforeEvidence", "afterEvidence"]

    /// What a report says was lost: the summary's bounds and each incident's `lost` section, with or
    /// without the evidence (which names the files).
    static func loss(_ report: [String: Any], evidence: Bool = false) -> String {
        let summary = report["summary"] as? [String: Any] ?? [:]
        let keys = ["lostRecords", "lostBatches", "failedSendsWithoutCount", "lostRecordsUpperBound", "possiblyLostUnknownSize", "lostUnknownFor"]
        let incidents = (report["incidents"] as? [[String: Any]] ?? []).map { $0["lost"] as Any }
        return canonical(["summary": summary.filter { keys.contains($0.key) }, "incidents": incidents],
                         dropping: evidence ? [] : evidenceKeys)
    }
}
