import XCTest
@testable import LogTrace

/// The merge fuzzer starts from the partials in Fuzz/corpus/merge and stops at once if one of them is
/// not a partial this logtrace reads (as happened when the partial format moved to /4). Keep them current.
final class FuzzSeedTests: XCTestCase {
    func testEveryMergeSeedIsAPartialThisLogtraceMerges() throws {
        let folder = TestSupport.repoRoot + "/Fuzz/corpus/merge"
        let names = try XCTUnwrap(DirectoryListing.names(in: folder))
        XCTAssertGreaterThanOrEqual(names.count, 4)
        for name in names {
            XCTAssertNoThrow(try Pipeline.merge([folder + "/" + name], allowMissing: true), name)
        }
    }
}
