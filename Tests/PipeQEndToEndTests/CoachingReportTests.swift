import Foundation
import Testing

/// `pipeq report examples/coaching.pq --rep NAME`: the coaching report for any rep — the script's {rep} and {team}
/// filled in, the rep beside the team in one chart per funnel step and stage time (rates as percentages), and the
/// rep's scorecard with the weakest metric flagged.
@Suite struct CoachingReportTests {
    static func render(_ extra: [String]) throws -> (status: Int32, page: String, stderr: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipeq-coaching-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let html = directory.appendingPathComponent("coaching.html").path
        let script = PipeQProcess.repositoryRoot.appendingPathComponent("examples/coaching.pq").path
        let result = try PipeQProcess.run(
            ["report", script, "-o", html, PipeQProcess.examples, "--as-of", "2026-11-01"] + extra)
        let page = (try? String(contentsOfFile: html, encoding: .utf8)) ?? ""
        return (result.status, page, result.stderr)
    }

    @Test func rendersForTheRepGiven() throws {
        let (status, page, stderr) = try Self.render(["--rep", "Felix Mori"])
        #expect(status == 0, "\(stderr)")
        #expect(page.contains("<title>coaching: Felix Mori</title>"))
        #expect(!page.contains("Sam Lindqvist") && !page.contains("{rep}") && !page.contains("{team}"))
        // pipeq examples -c 'deals | compare "Felix Mori"': conversion to Closed Won 55.2% against the team's 80.9%;
        // both bars of the pair are drawn, labelled as percentages.
        #expect(page.contains("<title>conversion to Closed Won, rep: 55.2%</title>"))
        #expect(page.contains("<title>conversion to Closed Won, team: 80.9%</title>"))
        #expect(page.components(separatedBy: "rep and team by metric").count == 3)  // conversion and stage days
        // the scorecard row flagged: 55.2% against the median 80.0%, rank 51 of 59
        #expect(page.contains("← weakest"))
    }

    @Test func defaultsToTheScriptsRep() throws {
        let (status, page, stderr) = try Self.render([])
        #expect(status == 0, "\(stderr)")
        #expect(page.contains("<title>coaching: Sam Lindqvist</title>"))
    }

    @Test func refusesAnUnknownRep() throws {
        let (status, _, stderr) = try Self.render(["--rep", "Nobody Here"])
        #expect(status == 1)
        #expect(stderr.contains("Nobody Here"), "\(stderr)")
    }
}
