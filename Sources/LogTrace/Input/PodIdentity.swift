import Glibc

/// The service and pod a log file belongs to, worked out from its path.
///
/// `shopping-service-7d9f8c6b5-x2k4p.log.gz` (a Deployment's pod, as `kubectl logs` archives are usually
/// named) gives service `shopping-service`; `kafka-0.log` (a StatefulSet's pod) gives `kafka`;
/// `/var/log/pods/<ns>_<pod>_<uid>/<container>/0.log` gives the pod from the folder name.
public struct PodIdentity: Sendable, Equatable, Codable {
    public var service: String
    public var pod: String
    public var container: String?
    public var namespace: String?
    /// The container's restart count, from a kubelet log's file name (`N.log`, `N.log.<rotation>`).
    public var restartCount: Int?

    public init(service: String, pod: String, container: String? = nil, namespace: String? = nil, restartCount: Int? = nil) {
        self.service = service
        self.pod = pod
        self.container = container
        self.namespace = namespace
        self.restartCount = restartCount
    }

    /// Derives the identity from `path`; `overrides` (`--service NAME=GLOB`) are tried first, in order.
    public static func resolve(path: String, overrides: [ServiceOverride] = []) -> PodIdentity {
        let components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var identity: PodIdentity
        if let podsIndex = components.lastIndex(of: "pods"), podsIndex > 0, components[podsIndex - 1] == "log",
           podsIndex + 1 < components.count {
            // /var/log/pods/<namespace>_<pod>_<uid>/<container>/N.log
            let parts = components[podsIndex + 1].split(separator: "_", omittingEmptySubsequences: false).map(String.init)
            let pod = parts.count >= 3 ? parts[1] : parts[0]
            let container = podsIndex + 2 < components.count - 1 ? components[podsIndex + 2] : nil
            let file = components.last ?? ""
            let count = file.firstIndex(of: ".").flatMap { file[..<$0].isEmpty ? nil : Int(file[..<$0]) }
            identity = PodIdentity(service: serviceName(ofPod: pod), pod: pod, container: container,
                                   namespace: parts.count >= 3 ? parts[0] : nil, restartCount: container == nil ? nil : count)
        } else if path == "-" {
            identity = PodIdentity(service: "stdin", pod: "stdin")
        } else {
            let pod = podName(fromFileName: components.last ?? path)
            identity = PodIdentity(service: serviceName(ofPod: pod), pod: pod)
        }
        for override in overrides where override.matches(path: path) {
            identity.service = override.service
            break
        }
        return identity
    }

    /// Strips the suffixes log archives carry: `.gz`, `.log`, kubelet's rotation stamp `.20261124-100500`.
    static func podName(fromFileName name: String) -> String {
        var stem = Substring(name)
        var changed = true
        while changed {
            changed = false
            for suffix in [".gz", ".log", ".txt"] where stem.hasSuffix(suffix) {
                stem = stem.dropLast(suffix.count)
                changed = true
            }
            if let dot = stem.lastIndex(of: "."), isRotationStamp(stem[stem.index(after: dot)...]) || isRotationNumber(stem[stem.index(after: dot)...]) {
                stem = stem[..<dot]
                changed = true
            }
        }
        return String(stem)
    }

    /// logrotate's `app.log.1`, `app.log.2.gz`.
    private static func isRotationNumber(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 4 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    private static func isRotationStamp(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 15 && bytes[8] == UInt8(ascii: "-")
            && bytes.enumerated().allSatisfy { $0.offset == 8 || ($0.element >= 48 && $0.element <= 57) }
    }

    /// `name-<pod-template-hash>-<5 chars>` (Deployment) or `name-<ordinal>` (StatefulSet) gives `name`.
    static func serviceName(ofPod pod: String) -> String {
        let parts = pod.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count >= 3 {
            let suffix = parts[parts.count - 1], hash = parts[parts.count - 2]
            if suffix.count == 5 && isPodNameAlphabet(suffix) && (6...10).contains(hash.count) && isPodNameAlphabet(hash) {
                return parts.dropLast(2).joined(separator: "-")
            }
        }
        if parts.count >= 2 {
            let last = parts[parts.count - 1]
            if !last.isEmpty && last.allSatisfy(\.isNumber) {
                return parts.dropLast().joined(separator: "-")
            }
            // A bare pod of a ReplicaSet/Job: name-<5 chars>, only when the suffix mixes letters and digits.
            if last.count == 5 && isPodNameAlphabet(last) && last.contains(where: \.isNumber) && last.contains(where: \.isLetter) {
                return parts.dropLast().joined(separator: "-")
            }
        }
        return pod
    }

    /// Kubernetes' random suffixes use lower-case consonants and digits (no vowels).
    private static func isPodNameAlphabet(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 97 && c <= 122 && !"aeiou".utf8.contains(c))
        }
    }
}
