import Foundation
import XCTest
import Yams

/// The Kubernetes example in deploy/ parses as YAML and has what an Indexed Job and its merge need.
final class DeployManifestTests: XCTestCase {
    func load(_ name: String) throws -> [String: Any] {
        let text = try String(contentsOfFile: TestSupport.repoRoot + "/deploy/" + name, encoding: .utf8)
        return try XCTUnwrap(try Yams.load(yaml: text) as? [String: Any], name)
    }

    func container(_ job: [String: Any]) throws -> [String: Any] {
        let spec = try XCTUnwrap(job["spec"] as? [String: Any])
        let template = try XCTUnwrap((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        XCTAssertEqual(template["restartPolicy"] as? String, "Never")
        return try XCTUnwrap((template["containers"] as? [[String: Any]])?.first)
    }

    func testIndexedJob() throws {
        let job = try load("indexed-job.yaml")
        XCTAssertEqual(job["apiVersion"] as? String, "batch/v1")
        XCTAssertEqual(job["kind"] as? String, "Job")
        let spec = try XCTUnwrap(job["spec"] as? [String: Any])
        XCTAssertEqual(spec["completionMode"] as? String, "Indexed")
        let completions = try XCTUnwrap(spec["completions"] as? Int)
        let c = try container(job)
        let args = try XCTUnwrap(c["args"] as? [String])
        XCTAssertEqual(args.first, "ingest")
        XCTAssertTrue(args.contains("--shard=auto"))
        XCTAssertTrue(args.contains("--shards=\(completions)"), "--shards matches completions")
        XCTAssertTrue(args.contains { $0.hasPrefix("--partial=/partials/") && $0.contains("$(JOB_COMPLETION_INDEX)") })
        let mounts = try XCTUnwrap(c["volumeMounts"] as? [[String: Any]])
        XCTAssertEqual(mounts.first { $0["name"] as? String == "logs" }?["readOnly"] as? Bool, true)
        XCTAssertNotNil(mounts.first { $0["mountPath"] as? String == "/partials" })
        let memory = ((c["resources"] as? [String: Any])?["requests"] as? [String: Any])?["memory"] as? String
        XCTAssertEqual(memory, "128Mi")
    }

    func testMergeJob() throws {
        let job = try load("merge-job.yaml")
        XCTAssertEqual(job["kind"] as? String, "Job")
        let c = try container(job)
        let script = try XCTUnwrap((c["args"] as? [String])?.first)
        XCTAssertTrue(script.contains("logtrace merge --partials-from"))
        XCTAssertNotNil(try load("partials-pvc.yaml")["spec"])
    }
}
