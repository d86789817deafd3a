import PipeQCore
import PipeQEngine
import PipeQStorage

/// Each deal's stage at the end of a day, replayed from the history as `DealTimeline` does (`asof` snapshots and
/// `changes`). The history is grouped by deal id once, for every day asked at the same time; only that table
/// meets the deals.
extension SQLCompiler {
    /// The history grouped per deal: `__id`, and for each day j `__found_j` (1 when the deal has a row entered by
    /// the end of the day), `__label_j` and `__when_j` (that row's stage and entered_at: the latest entered,
    /// ties to the later row). A deal with rows at all has a row here. `terms`, columns of the history's plan,
    /// add `__term{k}_{j}` per column k: its latest value by the end of day j (`latestTerms`), or of `termDays[j]`
    /// when given (the terms as they stood on an earlier day).
    mutating func historyPerDeal(
        _ history: HistoryRead, days: [Int32], terms: [Int] = [], termDays: [Int32]? = nil
    ) throws(Diagnostic) -> String {
        let side = try sideRows(history.plan, ordered: true)
        let id = try side.column(history.dealId)
        let at = try side.column(history.enteredAt!)
        let atType = side.type(history.enteredAt!)
        var list = ["\(id) AS __id", "\(try side.column(history.stage)) AS __stage", "\(at) AS __at"]
        for (j, day) in days.enumerated() {
            let within = flag("\(at) IS NOT NULL AND \(at) < \(cutoff(day, atType))")
            var order = ["\(within) DESC", "\(at) DESC"]
            if side.step.ordered { order.append("\(Self.order) DESC") }
            list.append("\(within) AS __in\(j)")
            list.append("ROW_NUMBER() OVER (PARTITION BY \(id) ORDER BY \(order.joined(separator: ", "))) AS __rn\(j)")
        }
        var values: [String] = []
        for i in terms { values.append(try side.column(i)) }
        let termItems = latestTerms(
            values, id: id, at: at, atType: atType, days: termDays ?? days, ordered: side.step.ordered)
        let rows = add(
            "SELECT \((list + termItems.rows).joined(separator: ", ")) FROM \(q(side.step.name)) WHERE \(id) IS NOT NULL"
        )
        var grouped = ["__id"]
        for j in days.indices {
            let latest = "__rn\(j) = 1 AND __in\(j) = 1"
            grouped.append("max(__in\(j)) AS __found\(j)")
            grouped.append("max(CASE WHEN \(latest) THEN __stage END) AS __label\(j)")
            grouped.append("max(CASE WHEN \(latest) THEN __at END) AS __when\(j)")
        }
        grouped += termItems.grouped
        return add("SELECT \(grouped.joined(separator: ", ")) FROM \(q(rows)) GROUP BY __id")
    }

    /// A deal's terms over time grouped per deal, when they are rows of their own (not the history's): `__id`
    /// and `__term{k}_{j}` for the close date (k = 0, when there) and amount (next) as `latestTerms` finds them.
    mutating func termsPerDeal(_ terms: TermsRead, days: [Int32]) throws(Diagnostic) -> String {
        let side = try sideRows(terms.plan, ordered: true)
        let id = try side.column(terms.dealId)
        var values: [String] = []
        for i in terms.columns { values.append(try side.column(i)) }
        let latest = latestTerms(
            values, id: id, at: try side.column(terms.changedAt), atType: side.type(terms.changedAt), days: days,
            ordered: side.step.ordered)
        let rows = add(
            "SELECT \((["\(id) AS __id"] + latest.rows).joined(separator: ", ")) FROM \(q(side.step.name)) "
                + "WHERE \(id) IS NOT NULL")
        return add("SELECT \((["__id"] + latest.grouped).joined(separator: ", ")) FROM \(q(rows)) GROUP BY __id")
    }

    /// Per value column k (SQL over a row) and day j, the value the deal's latest row entered by the end of the
    /// day records, skipping rows without one (ties to the later row), as `DealTerms.state` reads it: the row
    /// step's items (`__term{k}`, `__tin{k}_{j}`, `__trn{k}_{j}`) and the grouping's (`__term{k}_{j}`).
    private func latestTerms(
        _ values: [String], id: String, at: String, atType: DataType, days: [Int32], ordered: Bool
    ) -> (rows: [String], grouped: [String]) {
        var rows: [String] = []
        var grouped: [String] = []
        for (k, value) in values.enumerated() {
            rows.append("\(value) AS __term\(k)")
            for (j, day) in days.enumerated() {
                let within = flag("\(at) IS NOT NULL AND \(at) < \(cutoff(day, atType)) AND \(value) IS NOT NULL")
                var order = ["\(within) DESC", "\(at) DESC"]
                if ordered { order.append("\(Self.order) DESC") }
                rows.append("\(within) AS __tin\(k)_\(j)")
                rows.append(
                    "ROW_NUMBER() OVER (PARTITION BY \(id) ORDER BY \(order.joined(separator: ", "))) AS __trn\(k)_\(j)"
                )
                grouped.append(
                    "max(CASE WHEN __trn\(k)_\(j) = 1 AND __tin\(k)_\(j) = 1 THEN __term\(k) END) AS __term\(k)_\(j)")
            }
        }
        return (rows, grouped)
    }

    /// The first instant after a day, as a value of `type` (a date: the next day).
    func cutoff(_ day: Int32, _ type: DataType) -> String {
        type == .date
            ? dialect.literal(.date(day + 1), .date)
            : dialect.literal(.timestamp((Int64(day) + 1) * CivilTime.microsPerDay), .timestamp)
    }

    /// A deal row's state at the end of day j, over its per-deal history `h` (joined to the deal's first row
    /// only): its stage, when it entered it, whether the deal existed, and its outcome (open, won, lost; absent
    /// before it existed). `stage`, `since` (stage_entered) and `created` are the deal's own columns when it has
    /// them. A deal without history keeps its current stage from stage_entered on; one with history but no row
    /// yet is open in an unknown stage.
    struct DealState {
        var label: String
        var when: String
        var exists: String
        var status: String
    }

    func dealState(
        _ j: Int, day: Int32, stage: String?, since: (sql: String, type: DataType)?,
        created: (sql: String, type: DataType)?, enteredType: DataType
    ) throws(Diagnostic) -> DealState {
        let found = "coalesce(h.__found\(j), 0) = 1"
        let has = "h.__id IS NOT NULL"
        let sinceBefore = since.map { "(\($0.sql) IS NULL OR \($0.sql) < \(cutoff(day, $0.type)))" } ?? "1 = 1"
        let current = "NOT \(has) AND \(sinceBefore)"
        let label = "(CASE WHEN \(found) THEN h.__label\(j) WHEN \(current) THEN \(stage ?? "CAST(NULL AS TEXT)") END)"
        // When it entered, as stage_entered's type.
        var when = "NULL"
        if let since {
            let fromHistory = try temporal("h.__when\(j)", from: enteredType, to: since.type)
            when = "(CASE WHEN \(found) THEN \(fromHistory) WHEN \(current) THEN \(since.sql) END)"
        }
        var exists = "(\(found) OR (\(current)))"
        if let created {
            exists =
                "(CASE WHEN \(created.sql) IS NOT NULL THEN \(created.sql) < \(cutoff(day, created.type)) ELSE \(exists) END)"
        }
        let outcome = try SQLExpressionCompiler(
            dialect: dialect, columns: [label], orders: [nil], scalar: { _ in "NULL" }
        ).sql(.outcome(.column(0, .string), .stages(stages)))
        let status = "(CASE WHEN NOT \(exists) THEN 'absent' WHEN \(label) IS NULL THEN 'open' ELSE \(outcome) END)"
        return DealState(label: label, when: when, exists: exists, status: status)
    }

    /// `a` and `b` equal, or both null.
    func same(_ a: String, _ b: String) -> String {
        dialect == .sqlite ? "(\(a) IS \(b))" : "(\(a) IS NOT DISTINCT FROM \(b))"
    }

    /// A date or datetime value as the other type (a datetime's day; a date's midnight).
    func temporal(_ sql: String, from: DataType, to: DataType) throws(Diagnostic) -> String {
        if from == to { return sql }
        let compiler = SQLExpressionCompiler(dialect: dialect, columns: [sql], orders: [nil], scalar: { _ in "NULL" })
        let x = BoundExpr.column(0, from)
        return try compiler.sql(to == .date ? .call(.date, [x], .date) : .cast(x, .timestamp))
    }
}
