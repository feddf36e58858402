import Foundation

/// The part of the Kubernetes API schema (batch/v1 Job, v1 PersistentVolumeClaim and the pod types
/// under them, as of 1.29) that deploy/ uses: each object's known fields and their types, the required
/// ones, and the enumerations. `problems` walks a parsed manifest and names every unknown field (a
/// typo the API server would reject in strict mode or silently drop), wrong type and missing field.
enum KubernetesSchema {
    indirect enum FieldType: Sendable {
        case string, int, bool, quantity
        case oneOf([String])
        case object(String)
        case array(FieldType)
        case map(FieldType)
    }

    struct Kind: Sendable {
        var fields: [String: FieldType]
        var required: Set<String> = []
    }

    static let kinds: [String: Kind] = [
        "Job": Kind(fields: ["apiVersion": .oneOf(["batch/v1"]), "kind": .oneOf(["Job"]), "metadata": .object("ObjectMeta"), "spec": .object("JobSpec")],
                    required: ["apiVersion", "kind", "metadata", "spec"]),
        "PersistentVolumeClaim": Kind(fields: ["apiVersion": .oneOf(["v1"]), "kind": .oneOf(["PersistentVolumeClaim"]), "metadata": .object("ObjectMeta"),
                                               "spec": .object("PersistentVolumeClaimSpec")], required: ["apiVersion", "kind", "metadata", "spec"]),
        "ObjectMeta": Kind(fields: ["name": .string, "generateName": .string, "namespace": .string, "labels": .map(.string), "annotations": .map(.string)]),
        "JobSpec": Kind(fields: [
            "activeDeadlineSeconds": .int, "backoffLimit": .int, "backoffLimitPerIndex": .int, "completionMode": .oneOf(["NonIndexed", "Indexed"]),
            "completions": .int, "managedBy": .string, "manualSelector": .bool, "maxFailedIndexes": .int, "parallelism": .int,
            "podReplacementPolicy": .oneOf(["TerminatingOrFailed", "Failed"]), "suspend": .bool, "template": .object("PodTemplateSpec"),
            "ttlSecondsAfterFinished": .int,
        ], required: ["template"]),
        "PodTemplateSpec": Kind(fields: ["metadata": .object("ObjectMeta"), "spec": .object("PodSpec")]),
        "PodSpec": Kind(fields: [
            "activeDeadlineSeconds": .int, "automountServiceAccountToken": .bool, "containers": .array(.object("Container")),
            "enableServiceLinks": .bool, "hostIPC": .bool, "hostNetwork": .bool, "hostPID": .bool, "initContainers": .array(.object("Container")),
            "nodeSelector": .map(.string), "priorityClassName": .string, "restartPolicy": .oneOf(["Always", "OnFailure", "Never"]),
            "securityContext": .object("PodSecurityContext"), "serviceAccountName": .string, "terminationGracePeriodSeconds": .int,
            "volumes": .array(.object("Volume")),
        ], required: ["containers"]),
        "PodSecurityContext": Kind(fields: [
            "fsGroup": .int, "fsGroupChangePolicy": .oneOf(["OnRootMismatch", "Always"]), "runAsGroup": .int, "runAsNonRoot": .bool,
            "runAsUser": .int, "seccompProfile": .object("SeccompProfile"), "supplementalGroups": .array(.int),
        ]),
        "SeccompProfile": Kind(fields: ["type": .oneOf(["RuntimeDefault", "Localhost", "Unconfined"]), "localhostProfile": .string], required: ["type"]),
        "Container": Kind(fields: [
            "name": .string, "image": .string, "imagePullPolicy": .oneOf(["Always", "Never", "IfNotPresent"]), "command": .array(.string),
            "args": .array(.string), "workingDir": .string, "env": .array(.object("EnvVar")), "resources": .object("ResourceRequirements"),
            "volumeMounts": .array(.object("VolumeMount")), "securityContext": .object("SecurityContext"),
        ], required: ["name"]),
        "SecurityContext": Kind(fields: [
            "allowPrivilegeEscalation": .bool, "capabilities": .object("Capabilities"), "privileged": .bool, "readOnlyRootFilesystem": .bool,
            "runAsGroup": .int, "runAsNonRoot": .bool, "runAsUser": .int, "seccompProfile": .object("SeccompProfile"),
        ]),
        "Capabilities": Kind(fields: ["add": .array(.string), "drop": .array(.string)]),
        "EnvVar": Kind(fields: ["name": .string, "value": .string], required: ["name"]),
        "ResourceRequirements": Kind(fields: ["requests": .map(.quantity), "limits": .map(.quantity)]),
        "VolumeMount": Kind(fields: ["name": .string, "mountPath": .string, "readOnly": .bool, "subPath": .string, "subPathExpr": .string],
                            required: ["name", "mountPath"]),
        "Volume": Kind(fields: ["name": .string, "persistentVolumeClaim": .object("PersistentVolumeClaimVolumeSource"),
                                "emptyDir": .object("EmptyDirVolumeSource"), "configMap": .object("Any"), "secret": .object("Any"),
                                "projected": .object("Any"), "downwardAPI": .object("Any"), "csi": .object("Any"), "ephemeral": .object("Any"),
                                "hostPath": .object("Any")], required: ["name"]),
        "PersistentVolumeClaimVolumeSource": Kind(fields: ["claimName": .string, "readOnly": .bool], required: ["claimName"]),
        "EmptyDirVolumeSource": Kind(fields: ["medium": .oneOf(["", "Memory"]), "sizeLimit": .quantity]),
        "PersistentVolumeClaimSpec": Kind(fields: [
            "accessModes": .array(.oneOf(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"])),
            "resources": .object("VolumeResourceRequirements"), "storageClassName": .string, "volumeMode": .oneOf(["Filesystem", "Block"]),
            "volumeName": .string,
        ]),
        "VolumeResourceRequirements": Kind(fields: ["requests": .map(.quantity), "limits": .map(.quantity)]),
    ]

    /// A resource quantity: `128Mi`, `2`, `500m`, `1.5Gi`.
    nonisolated(unsafe) static let quantity = try! NSRegularExpression(pattern: "^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$")

    /// Every problem of `value` read as `kind`, each naming its path (`spec.template.spec.containers[0].env[0].value`).
    static func problems(_ value: Any, as kind: String, at path: String = "") -> [String] {
        guard kind != "Any" else { return value is [String: Any] ? [] : ["\(path): not an object"] }
        guard let schema = kinds[kind] else { return ["\(path): no schema for \(kind)"] }
        guard let object = value as? [String: Any] else { return ["\(path): not an object (\(kind))"] }
        var found: [String] = []
        for name in schema.required.sorted() where object[name] == nil { found.append("\(path.isEmpty ? "" : path + ".")\(name): missing (\(kind))") }
        for (name, field) in object.sorted(by: { $0.key < $1.key }) {
            let here = path.isEmpty ? name : path + "." + name
            guard let type = schema.fields[name] else {
                found.append("\(here): no such field in \(kind)")
                continue
            }
            found += problems(field, type: type, at: here)
        }
        return found
    }

    static func problems(_ value: Any, type: FieldType, at path: String) -> [String] {
        switch type {
        case .string:
            return value is String ? [] : ["\(path): not a string: \(value)"]
        case .int:
            return value is Int ? [] : ["\(path): not an integer: \(value)"]
        case .bool:
            return value is Bool ? [] : ["\(path): not a boolean: \(value)"]
        case .quantity:
            if value is Int { return [] }
            guard let text = value as? String, quantity.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil else {
                return ["\(path): not a quantity: \(value)"]
            }
            return []
        case .oneOf(let allowed):
            guard let text = value as? String, allowed.contains(text) else { return ["\(path): not one of \(allowed.joined(separator: ", ")): \(value)"] }
            return []
        case .object(let kind):
            return problems(value, as: kind, at: path)
        case .array(let element):
            guard let items = value as? [Any] else { return ["\(path): not a list"] }
            return items.enumerated().flatMap { problems($0.element, type: element, at: "\(path)[\($0.offset)]") }
        case .map(let element):
            guard let entries = value as? [String: Any] else { return ["\(path): not a map"] }
            return entries.sorted { $0.key < $1.key }.flatMap { problems($0.value, type: element, at: "\(path).\($0.key)") }
        }
    }

    /// What the Pod Security "restricted" level (with "baseline" under it) refuses in a pod spec, each
    /// naming the field: host namespaces, privileged containers, volume types other than the allowed
    /// ones, a root or unset user, privilege escalation, capabilities beyond NET_BIND_SERVICE or not
    /// dropping ALL, and no RuntimeDefault or Localhost seccomp profile.
    static func restrictedViolations(_ pod: [String: Any]) -> [String] {
        var found: [String] = []
        for host in ["hostNetwork", "hostPID", "hostIPC"] where pod[host] as? Bool == true { found.append("\(host) is true") }
        let allowedVolumes: Set<String> = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"]
        for volume in pod["volumes"] as? [[String: Any]] ?? [] {
            for key in volume.keys where key != "name" && !allowedVolumes.contains(key) { found.append("volume \(volume["name"] ?? "?") is \(key)") }
        }
        let podContext = pod["securityContext"] as? [String: Any] ?? [:]
        let containers = (pod["containers"] as? [[String: Any]] ?? []) + (pod["initContainers"] as? [[String: Any]] ?? [])
        if podContext["runAsUser"] as? Int == 0 { found.append("pod runAsUser is 0") }
        for container in containers {
            let name = container["name"] as? String ?? "?"
            let context = container["securityContext"] as? [String: Any] ?? [:]
            if context["privileged"] as? Bool == true { found.append("\(name): privileged") }
            if context["allowPrivilegeEscalation"] as? Bool != false { found.append("\(name): allowPrivilegeEscalation is not false") }
            if (context["runAsNonRoot"] ?? podContext["runAsNonRoot"]) as? Bool != true { found.append("\(name): runAsNonRoot is not true") }
            if context["runAsUser"] as? Int == 0 { found.append("\(name): runAsUser is 0") }
            let seccomp = ((context["seccompProfile"] ?? podContext["seccompProfile"]) as? [String: Any])?["type"] as? String
            if seccomp != "RuntimeDefault" && seccomp != "Localhost" { found.append("\(name): seccompProfile is \(seccomp ?? "unset")") }
            let capabilities = context["capabilities"] as? [String: Any] ?? [:]
            if !((capabilities["drop"] as? [String]) ?? []).contains("ALL") { found.append("\(name): capabilities do not drop ALL") }
            for added in capabilities["add"] as? [String] ?? [] where added != "NET_BIND_SERVICE" { found.append("\(name): adds capability \(added)") }
        }
        return found
    }
}
