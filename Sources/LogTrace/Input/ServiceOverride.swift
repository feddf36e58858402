import Glibc

/// `--service NAME=GLOB`: files whose path matches GLOB belong to service NAME.
public struct ServiceOverride: Sendable, Equatable {
    public var service: String
    public var glob: String

    public init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex,
              argument.index(after: equals) != argument.endIndex else { return nil }
        service = String(argument[..<equals])
        glob = String(argument[argument.index(after: equals)...])
    }

    public func matches(path: String) -> Bool {
        fnmatch(glob, path, 0) == 0 || fnmatch(glob, String(path.split(separator: "/").last ?? ""), 0) == 0
    }
}
