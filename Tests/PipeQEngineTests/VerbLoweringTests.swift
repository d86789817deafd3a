import Foundation
import PipeQCore
import PipeQGenerate
import PipeQLanguage
import PipeQStorage
import PipeQTestSupport
import Testing

@testable import PipeQEngine

/// Verbs defined as compositions of core plan nodes (`VerbBinding.lowering`): the binder puts the lowering's plan
/// in the verb's place, and a verb with its own operator still binds to a `.verb` node.
@Suite struct VerbLoweringTests {
    static let catalog = try! DatasetLoader.load(paths: [FixtureEngine.fixturePath]).catalog

    static func bindingInput(_ name: String) -> VerbBindingInput {
        let table = catalog.table(named: "deals")!
        return VerbBindingInput(
            name: name, arguments: [], keys: [], span: SourceSpan(0, 0), keywordSpan: SourceSpan(0, 0),
            schema: RelationSchema(table: table), context: BindContext(asOfDay: 0, nowMicros: 0, text: ""),
            catalog: catalog, asOf: nil)
    }

    @Test func aLoweredVerbIsThePlanItsLoweringBuilds() throws {
        let definition = VerbBinder(word: "firstten", lower: { _, plan throws(Diagnostic) in .limit(plan, 10) })
        let scan = LogicalPlan.scan(TableScan(table: Self.catalog.table(named: "deals")!, asOf: nil))
        let plan = try definition.plan(Self.bindingInput("firstten"), over: scan)
        guard case .limit(.scan, 10) = plan else {
            Issue.record("expected Limit 10 over the scan, got \(PlanPrinter.text(plan))")
            return
        }
    }

    @Test func aVerbWithItsOwnOperatorIsAVerbNode() throws {
        let scan = LogicalPlan.scan(TableScan(table: Self.catalog.table(named: "deals")!, asOf: nil))
        let plan = try VerbRegistry.all["stagetime"]!.plan(Self.bindingInput("stagetime"), over: scan)
        guard case .verb = plan else {
            Issue.record("expected a verb node, got \(PlanPrinter.text(plan))")
            return
        }
    }
}

/// The verbs defined as core nodes (winrate, cycle, dealsize, velocity, aging, forecast, balance) run on the core
/// executor: their plans hold aggregates, extends, windows and fills, no verb node, so they group and aggregate per morsel on all cores (`Aggregator`) and look
/// at Ctrl-C as the core operators do, where the verbs' own loops never looked. A Ctrl-C at any look ends the
/// query with the cancel diagnostic, never a partial answer (the pattern of VerbCancellationTests).
@Suite(.serialized) struct LoweredVerbTests {
    static let engine: QueryEngine = {
        let folder = NSTemporaryDirectory() + "pipeq-lowered-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try! PipelineGenerator(deals: 40_000, seed: 11).write(to: folder)
        let catalog = try! DatasetLoader.load(paths: [folder], options: CSVLoader.Options()).catalog
        return QueryEngine(catalog: catalog, asOfDay: Int32(CivilTime.days(year: 2026, month: 11, day: 1)))
    }()

    static let queries = [
        "deals | winrate by rep",
        "deals | cycle by team",
        "deals where value > 1000 | dealsize",
        "deals | velocity by region, segment",
        "deals | aging by rep",
        "deals | forecast by week",
        "deals | balance by month",
        "deals | balance summary",
    ]

    @Test(arguments: queries)
    func planHasOnlyCoreNodes(_ text: String) throws {
        guard case .query(let query) = try Self.engine.parse(text) else { throw CancellationError() }
        let plan = try Self.engine.plan(query, text: text)
        #expect(
            !plan.root.nodes.contains { if case .verb = $0 { true } else { false } },
            "\(text):\n\(PlanPrinter.text(plan.root))")
        #expect(
            plan.root.nodes.contains { if case .aggregate = $0 { true } else { false } },
            "\(text):\n\(PlanPrinter.text(plan.root))")
    }

    @Test(arguments: queries)
    func stopsAtEveryLook(_ text: String) throws {
        let flag = Self.engine.cancellation
        _ = try Self.engine.run(text)
        let looks = flag.polls
        // Between the nodes and aggregates, and inside them: grouping, the filters' dictionary tables, the morsel loops
        // (22 to 28 looks over 40,000 deals; the verbs' own operators made 5 or 6, all between steps).
        #expect(looks >= 15, "\(text): \(looks) looks at the cancel flag")
        for poll in 1...looks {
            flag.cancel(atPoll: poll)
            defer { flag.cancel(atPoll: .max) }
            var message: String?
            do { _ = try Self.engine.run(text) } catch { message = error.message }
            #expect(message == "query cancelled", "\(text): Ctrl-C at look \(poll) of \(looks)")
            #expect(
                flag.polls - poll <= 2 * Parallel.coreCount,
                "\(text): \(flag.polls - poll) more looks after the Ctrl-C at \(poll)")
        }
        _ = try Self.engine.run(text)
    }
}
