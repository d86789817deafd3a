import PipeQCore
import PipeQStorage

/// Where each deal's close date and amount over time come from — the one place that decides it, for `changes`,
/// `slipped` and any other backend that writes them: the terms table an import kept (`TermsTable`: every
/// close-date and amount edit of a history logged one row per change, also the edits folded into a stay), else
/// the stage history's own close_date and value columns (a history of stays, one row each).
public struct TermsSource: @unchecked Sendable {
    /// The table read: the catalog's terms table, or its history table.
    public let table: Table
    /// Its rows as the query reads them (a history scanned as of the query's day; the terms table as it is).
    public var plan: LogicalPlan
    /// Column indexes in `table` (and `plan`'s schema): the deal id, when the row was recorded, and the close
    /// date and amount it recorded (nil when the table has no such column).
    public let dealId: Int
    public let changedAt: Int
    public let closeDate: Int?
    public let amount: Int?
    /// The last day whose rows count (an `asof` query's day): rows after it had not happened yet. Nil for all.
    public let lastDay: Int32?

    /// Whether the terms come from a table of their own rather than the stage history.
    public var isTermsTable: Bool { table.role == .terms }

    /// The catalog's terms table when it has one with a deal id, a change time and a close date or amount; else
    /// the history table's columns (deal_id, entered_at, close_date, value), when it has a deal id and entry
    /// time. `asOf`: the query's `asof` day, if any.
    public static func find(_ catalog: Catalog, asOf: AsOfRead? = nil) -> TermsSource? {
        func temporal(_ t: Table, _ role: ColumnRole) -> Int? {
            t.fieldIndex(role: role).flatMap { t.fields[$0].type.isTemporal ? $0 : nil }
        }
        func numeric(_ t: Table, _ role: ColumnRole) -> Int? {
            t.fieldIndex(role: role).flatMap { t.fields[$0].type.isNumeric ? $0 : nil }
        }
        let scan = { (t: Table) in
            LogicalPlan.scan(TableScan(table: t, asOf: asOf.flatMap { AsOfRead.rebuilds(t) ? $0 : nil }))
        }
        if let t = catalog.table(role: .terms), let d = t.fieldIndex(role: .dealId), let c = temporal(t, .changedAt) {
            let close = temporal(t, .closeDate)
            let amount = numeric(t, .value)
            if close != nil || amount != nil {
                return TermsSource(
                    table: t, plan: scan(t), dealId: d, changedAt: c, closeDate: close, amount: amount,
                    lastDay: asOf?.day)
            }
        }
        guard let t = catalog.table(role: .history), let d = t.fieldIndex(role: .dealId),
            let e = temporal(t, .enteredAt)
        else { return nil }
        return TermsSource(
            table: t, plan: scan(t), dealId: d, changedAt: e, closeDate: temporal(t, .closeDate),
            amount: numeric(t, .value), lastDay: asOf?.day)
    }

    /// The terms a verb reads, as of the query's day when it has one.
    static func find(_ input: VerbBindingInput) -> TermsSource? { find(input.catalog, asOf: input.asOf) }

    /// The same columns over the rows the executor produced for `plan` (same schema, possibly other rows).
    func reading(_ rows: Relation) -> TermsSource {
        let fields = rows.fields.map { Field($0.info, $0.materialized()) }
        let read = Table(
            name: table.name, fields: fields, sourcePath: table.sourcePath, role: table.role, derived: table.derived)
        return TermsSource(
            table: read, plan: plan, dealId: dealId, changedAt: changedAt, closeDate: closeDate, amount: amount,
            lastDay: lastDay)
    }

    func column(_ i: Int) -> Column { table.fields[i].column }

    /// The same choice as another backend reads it (`ChangesForm.terms`, `SlippedForm.terms`).
    public var read: TermsRead {
        TermsRead(
            table: table, plan: plan, dealId: dealId, changedAt: changedAt, closeDate: closeDate, amount: amount,
            lastDay: lastDay)
    }
}
