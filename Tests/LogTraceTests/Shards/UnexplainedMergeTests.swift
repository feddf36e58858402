import XCTest
@testable import LogTrace

/// The templates travel in the partials' file summaries: two shards merged give the report of one
/// process, byte for byte, "Lines no pattern explains" included.
final class UnexplainedMergeTests: XCTestCase {
    func testTwoShardsMergeIntoTheBytesOfOneRun() throws {
        let dir = TestSupport.temporaryDirectory(self)
        let logs = ["long-freeze-groups", "replicas"].map { TestSupport.repoRoot + "/bench/scenarios/\($0)/logs" }
        let paths = InputPaths.expand(logs).sorted()
        var options = PipelineOptions()
        options.jobs = 2
        let pipeline = Pipeline(options: options)
        let patterns = TestSupport.defaultPatterns
        let single = pipeline.report(pipeline.scan(paths, patterns: patterns), patterns: patterns)
        XCTAssertTrue(single.incidents.contains { !$0.unexplainedLines.services.isEmpty })

        var partials: [String] = []
        for index in 0..<2 {
            let plan = ShardPlan(index: index, count: 2)
            let chosen = plan.select(paths)
            XCTAssertFalse(chosen.isEmpty)
            let partial = Pipeline.partial(pipeline.scan(chosen, patterns: patterns), shard: plan, allPaths: paths, readFiles: chosen.count, patterns: patterns)
            partials.append(dir + "/part-\(index).json.gz")
            try partial.write(to: partials[index])
        }
        for order in [partials, partials.reversed()] {
            let (scan, used, missing) = try Pipeline.merge(order, allowMissing: false)
            XCTAssertEqual(missing, [])
            let merged = pipeline.report(scan, patterns: used)
            XCTAssertEqual(JSONReport.render(merged), JSONReport.render(single))
            XCTAssertEqual(MarkdownReport.render(merged), MarkdownReport.render(single))
            XCTAssertEqual(HTMLReport.render(merged), HTMLReport.render(single))
        }
    }
}
