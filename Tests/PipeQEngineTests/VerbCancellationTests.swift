import Foundation
import PipeQCore
import PipeQEngine
import PipeQGenerate
import PipeQStorage
import Testing

/// Ctrl-C inside string functions, high-cardinality grouping, the history verbs, snapshot rebuilds (issue
/// 18), joins and pivots: each looks at the cancellation flag while it works (per 16,384 rows, or between its steps), and a
/// Ctrl-C at any of those looks ends the query with the cancel diagnostic, never a partial answer.
@Suite(.serialized) struct VerbCancellationTests {
    static let engine: QueryEngine = {
        let folder = NSTemporaryDirectory() + "pipeq-cancel-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try! PipelineGenerator(deals: 40_000, seed: 7).write(to: folder)
        let catalog = try! DatasetLoader.load(paths: [folder], options: CSVLoader.Options()).catalog
        return QueryEngine(catalog: catalog, asOfDay: Int32(CivilTime.days(year: 2026, month: 11, day: 1)))
    }()

    /// Each query with the fewest looks at the flag it must make. From stagetime on, the figure is every look it
    /// makes now, so a check removed from any of its passes lowers the count (issue 18, item 17: bucketing and
    /// quantiles, deal keys, the funnel's and stage-time's passes over the history, grouping's passes).
    @Test(arguments: [
        ("deals where lower(name) contains \"zz\" | count", 9),
        ("deals | extend u = upper(name) | count distinct u", 10),
        ("deals | sort created | limit 1", 3),
        ("deals | stagetime | count", 99),
        ("deals | stalled | count", 54),
        ("deals | compare \"Hana Torres\"", 114),
        ("deals | metrics", 115),
        ("deals asof 2026-06-30 | count", 20),
        ("deals | join deals on id | count", 15),
        ("deals | join anti deals on account | count", 15),
        ("deals | select id, stage, value | pivot stage values value | count", 18),
        ("history | stagetime | count", 93),
        ("deals | funnel", 35),
        ("deals | winrate by rep", 14),
        ("deals | velocity by rep", 20),
        ("deals | dealsize by rep", 24),
        ("deals | cycle by rep", 22),  // lowered to the core aggregator (issue 14)
        ("deals | balance", 9),
        ("deals | count by name | count", 21),
        ("deals | distinct name | count", 17),
        ("history | count by deal_id | count", 73),
        ("deals | count distinct value", 10),
        ("deals | count distinct created", 10),
    ])
    func stopsAtEveryLook(_ query: String, _ minimumLooks: Int) throws {
        let flag = Self.engine.cancellation
        // The engine keeps an `asof` day's rebuild for the next query; forgetting it makes every run rebuild.
        Self.engine.datasetChanged()
        _ = try Self.engine.run(query)
        Self.engine.datasetChanged()
        _ = try Self.engine.run(query)
        let looks = flag.polls
        #expect(looks >= minimumLooks, "\(query): \(looks) looks at the cancel flag")
        for poll in 1...looks {
            flag.cancel(atPoll: poll)
            defer { flag.cancel(atPoll: .max) }
            var message: String?
            Self.engine.datasetChanged()
            do { _ = try Self.engine.run(query) } catch {
                message = error.message
                #expect(error.isCancellation, "\(query): the cancel is a typed diagnostic, phase \(error.phase)")
            }
            #expect(message == "query cancelled", "\(query): Ctrl-C at look \(poll) of \(looks)")
            #expect(
                flag.polls - poll <= 2 * Parallel.coreCount,
                "\(query): \(flag.polls - poll) more looks after the Ctrl-C at \(poll)")
        }
        // And it runs normally again.
        _ = try Self.engine.run(query)
    }

    /// The pipeline as of a day is rebuilt once: the next query on that day reuses it (far fewer looks at the
    /// flag, which the rebuild's steps make), and planning one reads no rows at all.
    @Test func asOfRebuildIsKeptForTheNextQuery() throws {
        let flag = Self.engine.cancellation
        Self.engine.datasetChanged()
        _ = try Self.engine.run("deals asof 2026-06-30 | count")
        let rebuilding = flag.polls
        _ = try Self.engine.run("deals asof 2026-06-30 | where status = \"open\" | count")
        let kept = flag.polls
        #expect(kept < rebuilding, "\(kept) looks with the rebuild kept, \(rebuilding) rebuilding")
        flag.reset()
        guard case .query(let query) = try Self.engine.parse("deals asof 2026-05-31 | stagetime") else {
            throw CancellationError()
        }
        _ = try Self.engine.plan(query, text: "deals asof 2026-05-31 | stagetime")
        #expect(flag.polls == 0, "planning an asof query looked at the flag \(flag.polls) times: it read rows")
    }
}
