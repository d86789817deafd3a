import Foundation
import PipeQCore
import PipeQSQL
import PipeQStorage
import PipeQTestSupport
import Testing

@testable import PipeQEngine

/// `changes` and `slipped` read each deal's close dates and amounts over time from their form's `terms`, apart
/// from the stage stays (`history`), so that a table of their own can take the history's place. Here the slippage
/// history is split in two: `history` keeps deal_id, stage, entered_at and exited_at, and `terms` holds deal_id,
/// entered_at, close_date and amount. Compiled with the forms pointed that way, SQLite must give the engine's rows
/// over the whole history (the split history alone has no close dates or amounts: the answers would differ).
@Suite struct SQLTermsSourceTests {
    /// A verb that runs as another but describes itself to the compiler by `form`.
    struct Described: VerbPlan {
        let verb: any VerbPlan
        let form: HistoryVerbForm?
        var explanation: String { verb.explanation }
        var outputSchema: RelationSchema { verb.outputSchema }
        func execute(_ input: Relation, sideInputs: [Relation], context: ExecutionContext) throws(Diagnostic)
            -> Relation
        {
            try verb.execute(input, sideInputs: sideInputs, context: context)
        }
    }

    /// The history's stage stays and its terms as two tables.
    static func split(_ history: Table) -> (history: Table, terms: Table) {
        func fields(_ names: [String]) -> [Field] { names.map { history.field(named: $0)! } }
        return (
            Table(name: "history", fields: fields(["deal_id", "stage", "entered_at", "exited_at"]), role: .history),
            Table(name: "terms", fields: fields(["deal_id", "entered_at", "close_date", "amount"]))
        )
    }

    @Test(arguments: [
        "deals | changes from 2026-03-31 to 2026-06-30", "deals | changes summary from 2026-03-31 to 2026-06-30",
        "deals | slipped",
    ])
    func termsOfTheirOwnGiveTheSameRows(_ query: String) throws {
        guard let sqlite = findExecutable("sqlite3") else {
            Issue.record("sqlite3 is not installed")
            return
        }
        let catalog = try GoldenDatasets.catalog("slippage")
        let engine = QueryEngine(catalog: catalog, asOfDay: CivilTime.parseDate("2026-07-15"))
        guard case .rows(let result) = try engine.run(query), let full = catalog.table(role: .history) else {
            Issue.record("no rows for \(query)")
            return
        }
        let (history, terms) = Self.split(full)
        let stays = HistoryRead(
            table: history, plan: .scan(TableScan(table: history)), dealId: 0, stage: 1, enteredAt: 2, exitedAt: 3)
        let read = TermsRead(
            table: terms, plan: .scan(TableScan(table: terms)), dealId: 0, changedAt: 1, closeDate: 2, amount: 3,
            lastDay: nil)
        guard case .verb(let input, let verb) = try engine.optimizedPlan(query).root else {
            Issue.record("\(query) does not end in its verb")
            return
        }
        let form: HistoryVerbForm
        switch verb.form {
        case .changes(let f)?:
            form = .changes(
                ChangesForm(
                    summary: f.summary, from: f.from, to: f.to, history: stays, terms: read, id: f.id, value: f.value,
                    stage: f.stage, stageEntered: f.stageEntered, created: f.created, closeDate: f.closeDate,
                    outputSchema: f.outputSchema))
        case .slipped(let f)?:
            form = .slipped(SlippedForm(terms: read, id: f.id, asOfDay: f.asOfDay, outputSchema: f.outputSchema))
        default:
            Issue.record("\(query) has no changes or slipped form")
            return
        }
        var compiler = SQLCompiler(
            dialect: .sqlite, stages: catalog.stages, source: { SQLTableSource.loaded($0, dialect: .sqlite) })
        let statement = try compiler.compile(.verb(input, Described(verb: verb, form: form)))
        #expect(statement.text.contains("FROM \"terms\""), "\(statement.text)")
        let tables = catalog.tables.filter { $0.role != .history } + [history, terms]
        let results = try SQLiteRun.run(sqlite, tables: tables, statements: [statement.text], context: query)
        switch results[0] {
        case .failure(let failure): Issue.record("\(failure.message)\n\(statement.text)")
        case .success(let rows):
            let difference = RowComparison.difference(result.relation.materialized(), rows, fields: statement.fields)
            #expect(difference == nil, "\(difference ?? "")\n\(statement.text)")
        }
    }
}
