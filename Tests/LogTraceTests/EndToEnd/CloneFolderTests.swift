import Foundation
import XCTest
@testable import LogTrace

/// `git clone … logtrace` gives a repository folder named like the binary, and executable as folders
/// are: the tests must still run the built binary, not try to run the folder.
final class CloneFolderTests: XCTestCase {
    func testAFolderNamedLogtraceIsNotTakenForTheBinary() throws {
        let root = TestSupport.temporaryDirectory(self) + "/logtrace"
        let debug = root + "/.build/debug"
        let bundle = debug + "/logtracePackageTests.xctest/Contents"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        let binary = debug + "/logtrace"
        FileManager.default.createFile(atPath: binary, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        XCTAssertEqual(TestSupport.binary(near: URL(fileURLWithPath: bundle)), binary)

        try FileManager.default.removeItem(atPath: binary)
        XCTAssertNotEqual(TestSupport.binary(near: URL(fileURLWithPath: bundle)), root, "the clone's folder is no binary")
    }

    /// The suite's own binary runs, whatever the clone's folder is called.
    func testTheBinaryTheSuiteRunsIsAFile() {
        var isFolder: ObjCBool = true
        XCTAssertTrue(FileManager.default.fileExists(atPath: TestSupport.logtraceBinary, isDirectory: &isFolder))
        XCTAssertFalse(isFolder.boolValue)
        XCTAssertTrue(TestSupport.logtrace(["--version"]).stdout.hasPrefix("logtrace "))
    }
}
