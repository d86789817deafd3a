import Foundation
import PipeQCore
@testable import PipeQEngine
import PipeQLanguage
import PipeQStorage
import PipeQTestSupport
import Testing

/// Verbs defined as compositions of core plan nodes (`VerbBinding.lowering`): the binder puts the lowering's plan
/// in the verb's place, and a verb with its own operator still binds to a `.verb` node.
@Suite struct VerbLoweringTests {
    static let catalog = try! DatasetLoader.load(paths: [FixtureEngine.fixturePath]).catalog

    static func bindingInput(_ name: String) -> VerbBindingInput {
        let table = catalog.table(named: "deals")!
        return VerbBindingInput(name: name, arguments: [], keys: [], span: SourceSpan(0, 0), keywordSpan: SourceSpan(0, 0),
                                schema: RelationSchema(table: table), context: BindContext(asOfDay: 0, nowMicros: 0, text: ""),
                                catalog: catalog, asOf: nil)
    }

    @Test func aLoweredVerbIsThePlanItsLoweringBuilds() throws {
        let definition = VerbBinder(word: "firstten", lower: { _, plan throws(Diagnostic) in .limit(plan, 10) })
        let scan = LogicalPlan.scan(TableScan(table: Self.catalog.table(named: "deals")!, asOf: nil))
        let plan = try definition.plan(Self.bindingInput("firstten"), over: scan)
        guard case .limit(.scan, 10) = plan else { Issue.record("expected Limit 10 over the scan, got \(PlanPrinter.text(plan))"); return }
    }

    @Test func aVerbWithItsOwnOperatorIsAVerbNode() throws {
        let scan = LogicalPlan.scan(TableScan(table: Self.catalog.table(named: "deals")!, asOf: nil))
        let plan = try VerbRegistry.all["stagetime"]!.plan(Self.bindingInput("stagetime"), over: scan)
        guard case .verb = plan else { Issue.record("expected a verb node, got \(PlanPrinter.text(plan))"); return }
    }
}
