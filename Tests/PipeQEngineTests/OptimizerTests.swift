import Foundation
import PipeQCore
import PipeQLanguage
import PipeQStorage
import Testing

@testable import PipeQEngine

/// The optimizer's rules: each fires where it should, stays out where it must, and the optimized plan gives the
/// same rows as the plan the query bound to (the executor run on both: the unoptimized plan is the oracle).
@Suite struct OptimizerTests {
    static let engine: QueryEngine = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let catalog = try! DatasetLoader.load(paths: [root.appendingPathComponent("examples").path]).catalog
        return QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-11-01"))
    }()

    static func plan(_ text: String) throws -> QueryPlan {
        guard case .query(let query) = try engine.parse(text) else { throw Diagnostic(.parse, "not a query") }
        return try engine.plan(query, text: text)
    }

    /// Every cell of a relation as text, rows in order.
    static func cells(_ relation: Relation) -> [[String]] {
        (0..<relation.count).map { row in relation.fields.map { "\($0.value(at: row))" } }
    }

    /// Each query with the rule it must fire.
    @Test(arguments: [
        ("deals where stage = \"Proposal\" and status = \"open\" | count by rep", "fused dictionary equality"),
        (
            "deals where rep = \"Alice Quiroga\" and stage = \"Proposal\" and value > 20000 and status = \"open\" | select id, value",
            "fused dictionary equality"
        ),
        ("deals where age > 30d | count", "comparison simplification"),
        ("deals | where stage_age >= 2w and 1 = 1 | count by stage", "constant folding"),
        ("deals | extend soon = close_date < 2026-11-01 + 1mo | count by soon", "constant folding"),
        ("deals | sort value desc, id | limit 7", "sort and limit to top"),
        ("deals | top 9 by value | limit 4", "sort and limit to top"),
        ("deals | sort created | where value > 50000 | select id, created", "filter push-down"),
        (
            "deals | extend w = value * probability | where w > 10000 and region = \"EMEA\" | select id, w",
            "filter push-down"
        ),
        ("deals | select id, who = rep, value | where who = \"Alice Quiroga\" and value > 1000", "filter push-down"),
        ("deals asof 2026-06-30 | where status = \"open\" | count by stage", "filter push-down"),
        ("deals where status = \"open\" or stage = \"Proposal\" | count", "filter push-down"),
    ])
    func ruleFiresAndKeepsTheAnswer(_ text: String, _ rule: String) throws {
        let plan = try Self.plan(text)
        let (optimized, applied) = Optimizer(asOfDay: plan.asOfDay ?? Self.engine.asOfDay).optimize(plan.root)
        #expect(applied.contains(rule), "\(text): applied \(applied)")
        let context = ExecutionContext(asOfDay: plan.asOfDay ?? Self.engine.asOfDay)
        let before = try Executor(context: context).run(plan)
        var after = plan
        after.root = optimized
        let rows = try Executor(context: context).run(after)
        #expect(rows.count > 0 || text.contains("limit 0"), "\(text): no rows, so nothing is compared")
        #expect(Self.cells(rows) == Self.cells(before), "\(text): the optimized plan changed the answer")
    }

    /// Filters never cross an aggregate, a limit, a top or a verb: that would change what those see.
    @Test(arguments: [
        "deals | count by rep | where count > 100",
        "deals | limit 10 | where value > 1000",
        "deals | top 10 by value | where stage = \"Proposal\"",
        "deals | winrate by rep | where win_rate > 0.2",
        "deals | extend run = cumsum(value) per rep | where rep = \"Alice Quiroga\"",
    ])
    func filtersStayAboveWhatTheyMustNotCross(_ text: String) throws {
        let plan = try Self.plan(text)
        let (optimized, _) = Optimizer(asOfDay: Self.engine.asOfDay).optimize(plan.root)
        guard case .filter = optimized else {
            Issue.record("\(text): the filter moved: \(PlanPrinter.text(optimized))")
            return
        }
    }

    /// A filter goes down through the extend and project an extend with window functions binds to, but stops at the
    /// window: below it the running sum would be over fewer rows. The answer is the unoptimized plan's.
    @Test func filtersStopAboveWindows() throws {
        let text =
            "deals | extend run = cumsum(value), big = value > 100000 | where region = \"EMEA\" and big | select id, run"
        let plan = try Self.plan(text)
        let (optimized, applied) = Optimizer(asOfDay: Self.engine.asOfDay).optimize(plan.root)
        #expect(applied.contains("filter push-down"))
        let windows = optimized.nodes.filter { if case .window = $0 { return true } else { return false } }
        #expect(windows.count == 1)
        for window in windows {
            #expect(
                !window.nodes.dropFirst().contains { if case .filter = $0 { return true } else { return false } },
                "\(PlanPrinter.text(optimized))")
            if case .window(.scan(let scan), _, _) = window { #expect(scan.filter == nil) }
        }
        let context = ExecutionContext(asOfDay: Self.engine.asOfDay)
        var after = plan
        after.root = optimized
        let rows = try Executor(context: context).run(after)
        #expect(rows.count > 0)
        #expect(Self.cells(rows) == Self.cells(try Executor(context: context).run(plan)))
    }

    /// A constant that would overflow the calendar (and leave a note when run) is left for the executor.
    @Test func foldingLeavesOverflowsToTheExecutor() throws {
        let plan = try Self.plan("deals | extend far = 9999-12-31 + 1d | select far | limit 1")
        let (optimized, _) = Optimizer(asOfDay: Self.engine.asOfDay).optimize(plan.root)
        #expect(PlanPrinter.text(optimized).contains("far = 9999-12-31 + 1d"))
        guard
            case .rows(let result) = try Self.engine.run("deals | extend far = 9999-12-31 + 1d | select far | limit 1")
        else { return }
        #expect(!result.notes.isEmpty, "the overflow note is still given")
    }

    /// `x and true` is x; `x or true` is true; `x and false` is false (so nothing passes); under three-valued logic
    /// these hold for a null x too.
    @Test func booleanConstantsSimplify() {
        let x = BoundExpr.compare(.greater, .column(0, .int), .constant(.int(1), .int))
        let yes = BoundExpr.constant(.bool(true), .bool)
        let no = BoundExpr.constant(.bool(false), .bool)
        let fold = ConstantFolding(asOfDay: 0)
        #expect(BoundExprText.text(fold.rewrite(.and(x, yes))!, ["v"]) == "v > 1")
        #expect(BoundExprText.text(fold.rewrite(.or(no, x))!, ["v"]) == "v > 1")
        #expect(BoundExprText.text(fold.rewrite(.or(x, yes))!, ["v"]) == "true")
        #expect(BoundExprText.text(fold.rewrite(.and(no, x))!, ["v"]) == "false")
        #expect(fold.rewrite(x) == nil)
    }

    /// Equalities pair in the order written, each pair where its first member stood; an odd one stays plain.
    @Test func equalitiesPairInOrder() {
        func eq(_ i: Int, _ v: String) -> BoundExpr {
            .compare(.equal, .column(i, .string), .constant(.string(v), .string))
        }
        let other = BoundExpr.compare(.greater, .column(3, .int), .constant(.int(5), .int))
        let fused = FusedDictionaryEquality().fused(.and([eq(0, "a"), other, eq(1, "b"), eq(2, "c")]))!
        #expect(BoundExprText.text(fused, ["p", "q", "r", "n"]) == "(p, q) = (\"a\", \"b\") and n > 5 and r = \"c\"")
        #expect(FusedDictionaryEquality().fused(.and(eq(0, "a"), other)) == nil)
    }

    /// Explain names each node; an unknown column in `.explain` still gets the caret under the query.
    @Test func explainFailsLikeTheQuery() {
        #expect(throws: Diagnostic.self) { try Self.engine.explain("deals | where valeu > 3") }
    }
}
