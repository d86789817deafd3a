import Foundation
import PipeQCore
import PipeQLanguage
import PipeQTestSupport
import Testing

@testable import PipeQEngine

/// Plan nodes keep the source spans of what they were bound from, so a later stage (a SQL compiler, the renderer)
/// can point into the query.
@Suite struct PlanSpanTests {
    @Test func aggregatesKeysAndSortKeysKeepTheirText() throws {
        let text = "deals | total = sum amount where amount > 0, count by owner | sort total desc | bar total"
        let engine = try FixtureEngine.engine()
        guard case .query(let query) = try engine.parse(text) else { throw CancellationError() }
        let plan = try engine.plan(query, text: text)
        func source(_ span: SourceSpan?) -> String {
            guard let span else { return "nil" }
            return String(decoding: Array(text.utf8)[span.start..<span.end], as: UTF8.self)
        }
        guard case .sort(.aggregate(_, let keys, let aggregates), let sortKeys) = plan.root else {
            Issue.record("unexpected plan: \(PlanPrinter.text(plan.root))")
            return
        }
        #expect(aggregates.map { source($0.span) } == ["total = sum amount where amount > 0", "count"])
        #expect(keys.map { source($0.span) } == ["owner"])
        #expect(sortKeys.map { source($0.span) } == ["total"])
        #expect(source(plan.presentationSpan) == "bar total")
    }
}
