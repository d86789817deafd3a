import Foundation
import PipeQCore
import PipeQStorage
import Testing

@testable import PipeQEngine

/// The one outcome classifier (`OutcomeRule`): status words in any case, stage names through the definitions, and
/// the same answer whether a filter reads it straight off the dictionary or from the evaluated outcome column.
@Suite struct OutcomeRuleTests {
    @Test func statusWordsInAnyCase() {
        let rule = OutcomeRule.statusWords
        for won in ["won", "Won", "WON", "Closed Won", "closed-won"] {
            #expect(rule.outcome(of: won) == .won, "\(won)")
        }
        for lost in ["lost", "Lost", "Closed Lost", "loss"] { #expect(rule.outcome(of: lost) == .lost, "\(lost)") }
        for open in ["open", "Open", "pending", "", "wonky"] { #expect(rule.outcome(of: open) == .open, "\(open)") }
    }

    @Test func stagesThroughTheDefinitionsElseByTheirWords() {
        let stages = StageDefinitions(
            stages: [StageDefinition(name: "Signed", outcome: .won), StageDefinition(name: "Won Back")], origin: "test")
        let rule = OutcomeRule.stages(stages)
        #expect(rule.outcome(of: "Signed") == .won)
        #expect(rule.outcome(of: "Won Back") == .open)  // defined open, whatever its words
        #expect(rule.outcome(of: "Closed Lost") == .lost)  // not defined: by its words
    }

    /// `outcome(status)` over a column with nulls: the evaluated column, and the filters that read the dictionary.
    @Test func evaluatedAndFilteredAgree() {
        var nulls = NullBitmap(count: 5)
        nulls.setNull(3)
        let status = Column(
            .string(codes: [0, 1, 2, 0, 3], StringDictionary(values: ["Won", "open", "Closed Lost", "LOST"])),
            nulls: nulls)
        let relation = Relation(
            fields: [RelationField(name: "status", info: ColumnInfo(name: "status"), column: status)], count: 5)
        let evaluator = Evaluator(relation: relation, context: ExecutionContext(asOfDay: 0))
        let outcome = BoundExpr.outcome(.column(0, .string), .statusWords)
        let column = evaluator.vector(outcome, .all(5)).materialized(count: 5)
        let expected: [Scalar] = [.string("won"), .string("open"), .string("lost"), .null, .string("lost")]
        #expect((0..<5).map { "\(column.value(at: $0))" } == expected.map { "\($0)" })
        let predicate = Predicate(evaluator: evaluator)
        let won = BoundExpr.compare(.equal, outcome, .constant(.string("won"), .string))
        #expect(predicate.select(won, .all(5), want: true) == [0])
        #expect(predicate.select(won, .all(5), want: false) == [1, 2, 4])  // the null row is in neither
        let closed = BoundExpr.inList(outcome, [.string("won"), .string("lost")], negated: false)
        #expect(predicate.select(closed, .all(5), want: true) == [0, 2, 4])
        #expect(predicate.select(closed, .rows([1, 2, 3]), want: true) == [2])
    }
}
