import Foundation
import Testing

/// `pipeq --explain` and `.explain`: plans printed, nothing run; errors point into the query and fail the script.
@Suite struct ExplainTests {
    @Test func explainFlagPrintsBothPlansAndRunsNothing() throws {
        let result = try PipeQProcess.run([
            PipeQProcess.fixture, "--explain", "-c", "deals | sort amount desc | limit 2",
        ])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("logical plan:\nLimit 2\n  Sort amount desc\n    Scan deals\n"), "\(result)")
        #expect(
            result.stdout.contains("optimized plan (sort and limit to top):\nTop 2 by amount desc\n  Scan deals\n"),
            "\(result)")
        #expect(!result.stdout.contains("Acme"), "rows were printed: \(result)")
    }

    @Test func explainFlagKeepsLetNamesAndFailsOnABadQuery() throws {
        let result = try PipeQProcess.run([
            PipeQProcess.fixture, "--explain", "-c", "let big = deals where amount > 1", "-c", "big | count",
            "-c", "big | where valeu > 3",
        ])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("Aggregate count = count\n"), "\(result)")
        #expect(result.stderr.contains("unknown column \"valeu\""), "\(result)")
        #expect(result.stderr.contains("big | where valeu > 3\n              ^^^^^"), "\(result)")
    }

    @Test func explainMetaCommandInAScript() throws {
        let result = try PipeQProcess.run(
            [PipeQProcess.fixture],
            stdin: ".explain deals where owner = \"Li Wei\" and stage = \"Proposal\"\n.explain deals | where x = 1\n")
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.contains("Scan deals where (owner, stage) = (\"Li Wei\", \"Proposal\")"), "\(result)")
        #expect(result.stderr.contains("<stdin>:2:24: error: unknown column \"x\""), "\(result)")
    }
}
