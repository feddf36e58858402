import Foundation
import XCTest
import Yams

/// The Kubernetes example in deploy/ parses as YAML, fits the API schema of its kinds, passes Pod
/// Security "restricted", and has what an Indexed Job and its merge need; the Docker build context keeps
/// what the Dockerfile copies.
final class DeployManifestTests: XCTestCase {
    func load(_ name: String) throws -> [String: Any] {
        let text = try String(contentsOfFile: TestSupport.repoRoot + "/deploy/" + name, encoding: .utf8)
        return try XCTUnwrap(try Yams.load(yaml: text) as? [String: Any], name)
    }

    func podSpec(_ job: [String: Any]) throws -> [String: Any] {
        let spec = try XCTUnwrap(job["spec"] as? [String: Any])
        return try XCTUnwrap((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
    }

    func container(_ job: [String: Any]) throws -> [String: Any] {
        let template = try podSpec(job)
        XCTAssertEqual(template["restartPolicy"] as? String, "Never")
        return try XCTUnwrap((template["containers"] as? [[String: Any]])?.first)
    }

    func testManifestsFitTheSchemaAndPassRestricted() throws {
        for name in ["indexed-job.yaml", "merge-job.yaml", "partials-pvc.yaml"] {
            let manifest = try load(name)
            let kind = try XCTUnwrap(manifest["kind"] as? String)
            XCTAssertEqual(KubernetesSchema.problems(manifest, as: kind), [], name)
            guard kind == "Job" else { continue }
            let pod = try podSpec(manifest)
            XCTAssertEqual(KubernetesSchema.restrictedViolations(pod), [], name)
            let spec = try XCTUnwrap(manifest["spec"] as? [String: Any])
            XCTAssertGreaterThan(spec["ttlSecondsAfterFinished"] as? Int ?? 0, 0, "\(name): finished Jobs are cleaned up")
            let context = try XCTUnwrap(pod["securityContext"] as? [String: Any])
            XCTAssertEqual(context["fsGroup"] as? Int, context["runAsGroup"] as? Int, "\(name): the shared volume is writable by the pods' group")
            let text = try String(contentsOfFile: TestSupport.repoRoot + "/deploy/" + name, encoding: .utf8)
            XCTAssertTrue(text.contains("Kubernetes 1.29 or later"), "\(name) states the minimum version")
        }
    }

    /// The checks themselves refuse what they must: a typo, a wrong type, a root container.
    func testSchemaAndRestrictedCatchMistakes() throws {
        var job = try load("indexed-job.yaml")
        var spec = try XCTUnwrap(job["spec"] as? [String: Any])
        spec["ttlSecondAfterFinished"] = 5
        spec["completions"] = "8"
        job["spec"] = spec
        XCTAssertEqual(KubernetesSchema.problems(job, as: "Job"), ["spec.completions: not an integer: 8", "spec.ttlSecondAfterFinished: no such field in JobSpec"])
        var pod = try podSpec(try load("merge-job.yaml"))
        pod["securityContext"] = ["runAsUser": 0]
        pod["volumes"] = [["name": "host", "hostPath": ["path": "/"]]]
        XCTAssertEqual(KubernetesSchema.restrictedViolations(pod), ["volume host is hostPath", "pod runAsUser is 0", "logtrace: runAsNonRoot is not true", "logtrace: seccompProfile is unset"])
    }

    func testIndexedJob() throws {
        let job = try load("indexed-job.yaml")
        let spec = try XCTUnwrap(job["spec"] as? [String: Any])
        XCTAssertEqual(spec["completionMode"] as? String, "Indexed")
        let completions = try XCTUnwrap(spec["completions"] as? Int)
        let c = try container(job)
        let args = try XCTUnwrap(c["args"] as? [String])
        XCTAssertEqual(args.first, "ingest")
        XCTAssertTrue(args.contains("--shard=auto"))
        // Kubernetes sets JOB_COMPLETION_INDEX only: the count is given explicitly, equal to completions.
        let env = try XCTUnwrap(c["env"] as? [[String: Any]])
        XCTAssertEqual(env.first { $0["name"] as? String == "JOB_COMPLETIONS" }?["value"] as? String, "\(completions)")
        XCTAssertFalse(args.contains { $0.hasPrefix("--shards=") && $0 != "--shards=\(completions)" })
        XCTAssertTrue(args.contains { $0.hasPrefix("--partial=/partials/") && $0.contains("$(JOB_COMPLETION_INDEX)") })
        let mounts = try XCTUnwrap(c["volumeMounts"] as? [[String: Any]])
        XCTAssertEqual(mounts.first { $0["name"] as? String == "logs" }?["readOnly"] as? Bool, true)
        XCTAssertNotNil(mounts.first { $0["mountPath"] as? String == "/partials" })
        let memory = ((c["resources"] as? [String: Any])?["requests"] as? [String: Any])?["memory"] as? String
        XCTAssertEqual(memory, "128Mi")
    }

    func testMergeJob() throws {
        let job = try load("merge-job.yaml")
        let c = try container(job)
        let script = try XCTUnwrap((c["args"] as? [String])?.first)
        XCTAssertTrue(script.contains("logtrace merge --partials-from"))
        // Its root file system is read-only: what it writes goes to mounted volumes.
        XCTAssertEqual((c["securityContext"] as? [String: Any])?["readOnlyRootFilesystem"] as? Bool, true)
        let mounted = Set((c["volumeMounts"] as? [[String: Any]] ?? []).compactMap { $0["mountPath"] as? String })
        XCTAssertTrue(mounted.isSuperset(of: ["/tmp", "/partials"]))
        XCTAssertNotNil(try load("partials-pvc.yaml")["spec"])
    }

    /// What the Dockerfile copies from the context is not left out by .dockerignore, and the bulky
    /// folders are.
    func testDockerignoreKeepsWhatTheDockerfileCopies() throws {
        let ignore = try String(contentsOfFile: TestSupport.repoRoot + "/.dockerignore", encoding: .utf8)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let dockerfile = try String(contentsOfFile: TestSupport.repoRoot + "/deploy/Dockerfile", encoding: .utf8)
        let copied = dockerfile.split(separator: "\n").filter { $0.hasPrefix("COPY ") && !$0.contains("--from=") }
            .flatMap { $0.split(separator: " ").dropFirst().dropLast().map(String.init) }
        XCTAssertEqual(Set(copied), ["Package.swift", "Sources", "Tests", "patterns"])
        for path in copied { XCTAssertFalse(ignore.contains(path) || ignore.contains(path + "/"), "\(path) is copied but ignored") }
        for bulky in [".build", ".git", "bench", "samples", "Fuzz"] { XCTAssertTrue(ignore.contains(bulky), bulky) }
        XCTAssertTrue(dockerfile.contains("USER 65534:65534"), "a numeric user, which runAsNonRoot can check")
    }
}
