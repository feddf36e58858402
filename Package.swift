// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "logtrace",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "logtrace", targets: ["logtrace"]),
        .library(name: "LogTrace", targets: ["LogTrace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(name: "CPCRE2", path: "Sources/CPCRE2", pkgConfig: "libpcre2-8",
                       providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CISAL", path: "Sources/CISAL", pkgConfig: "libisal",
                       providers: [.apt(["libisal-dev"])]),
        .target(name: "CByteSearch", path: "Sources/CByteSearch"),
        .target(
            name: "LogTrace",
            dependencies: ["CPCRE2", "CZlib", "CISAL", "CByteSearch", .product(name: "Yams", package: "Yams")],
            // Exclusivity is still checked at compile time; the run-time check costs 7 % on the hot path.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "logtrace",
            dependencies: ["LogTrace", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "LogTraceTests",
            dependencies: ["LogTrace", .product(name: "Yams", package: "Yams")],
            exclude: ["Input/Fixtures", "EndToEnd/Fixtures"]
        ),
    ]
)

// libFuzzer targets, built only by scripts/fuzz (LOGTRACE_FUZZ=1 with -sanitize=fuzzer): they have no
// main of their own, so a plain `swift build` must not see them.
if ProcessInfo.processInfo.environment["LOGTRACE_FUZZ"] != nil {
    // FuzzMerge also compresses the partials it edits, with zlib.
    for (name, extra) in [("FuzzRecords", []), ("FuzzGzip", []), ("FuzzMerge", ["CZlib"])] as [(String, [Target.Dependency])] {
        package.products.append(.executable(name: name, targets: [name]))
        package.targets.append(.executableTarget(name: name, dependencies: ["LogTrace"] + extra, path: "Fuzz/\(name)",
                                                 swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    }
}
