import PipeQCore
import PipeQStorage

/// Where quotas come from: the quotas table (a rep or team, the start of the period, the quota), else the quota
/// column of the reps table. Either way a quota lasts `length` and is spread evenly over its months, so the quota
/// for another period is the sum over the quotas overlapping it of quota × months in common ÷ months it lasts.
struct QuotaSource {
    enum Kind {
        /// A quotas table: one row per rep (or team) and period start.
        case table(period: Int)
        /// The reps table's quota column: one quota per rep, the same every period.
        case repsColumn
    }

    let table: Table
    let kind: Kind
    let rep: Int?
    let team: Int?
    let quota: Int
    /// How long one quota lasts.
    let length: QuotaPeriodLength

    /// The quotas table, else the reps table when it has a quota column; nil when there are no quotas.
    static func find(_ catalog: Catalog) -> QuotaSource? {
        if let t = catalog.table(role: .quotas), let quota = numeric(t, .quota),
            let period = t.fieldIndex(role: .period),
            t.fields[period].type.isTemporal
        {
            let rep = t.fieldIndex(role: .rep)
            let team = t.fieldIndex(role: .team)
            if rep != nil || team != nil {
                return QuotaSource(
                    table: t, kind: .table(period: period), rep: rep, team: team, quota: quota,
                    length: catalog.quotaPeriod ?? spacing(t.fields[period].column))
            }
        }
        if let t = catalog.table(role: .reps), let quota = numeric(t, .quota), let rep = t.fieldIndex(role: .rep) {
            return QuotaSource(
                table: t, kind: .repsColumn, rep: rep, team: t.fieldIndex(role: .team), quota: quota,
                length: catalog.quotaPeriod ?? .year)
        }
        return nil
    }

    private static func numeric(_ t: Table, _ role: ColumnRole) -> Int? {
        t.fieldIndex(role: role).flatMap { t.fields[$0].type.isNumeric ? $0 : nil }
    }

    /// How far apart the distinct period starts are, at the least: a year, a quarter (3 to 11 months) or a month;
    /// a quarter when there is one start.
    static func spacing(_ column: Column) -> QuotaPeriodLength {
        let days = VerbSupport.days(column)
        var months = Set<Int>()
        for i in days.indices where !column.isNull(i) { months.insert(QuotaPeriod.monthIndex(day: Int(days[i]))) }
        let sorted = months.sorted()
        let gap = zip(sorted, sorted.dropFirst()).map { $1 - $0 }.min()
        guard let gap else { return .quarter }
        return gap >= 12 ? .year : gap >= 3 ? .quarter : .month
    }

    /// Whether some quotas belong to a team rather than a rep: a team column, and no rep column or rows without a rep.
    var hasTeamQuotas: Bool {
        guard case .table = kind, let team else { return false }
        guard let rep else { return true }
        let reps = table.fields[rep].column
        let teams = table.fields[team].column
        return (0..<table.rowCount).contains { reps.isNull($0) && !teams.isNull($0) }
    }

    /// Where the quotas are, for notes: `quotas.csv` or `reps.quota`.
    var origin: String {
        switch kind {
        case .table: return table.name
        case .repsColumn: return table.name + "." + table.fields[quota].name
        }
    }

    /// Rows of (key, quota) for `period`: the rep's quota (or, `byTeam`, the team's), one row per key, the quotas
    /// overlapping the period summed as the type says; keys with no quota there have no row.
    func plan(_ input: VerbBindingInput, byTeam: Bool, for period: QuotaPeriod) -> LogicalPlan {
        let schema = RelationSchema(table: table)
        let keyIndex = byTeam ? team! : rep!
        let key = BoundExpr.column(keyIndex, schema.fields[keyIndex].type)
        let amount = BoundExpr.cast(.column(quota, schema.fields[quota].type), .double)
        var keep = BoundExpr.and(.isNull(key, negated: true), .isNull(amount, negated: true))
        if byTeam, let rep { keep = .and(keep, .isNull(.column(rep, schema.fields[rep].type), negated: false)) }
        let share: BoundExpr
        switch kind {
        case .repsColumn:
            share = .constant(.double(Double(period.months) / Double(length.months)), .double)
        case .table(let column):
            // each quota start's month → the months it shares with the period; null (dropped) for none
            let start = BoundExpr.call(.month, [.column(column, schema.fields[column].type)], .date)
            var whens: [BoundWhen] = []
            for month in (period.firstMonth - length.months + 1)..<period.endMonth {
                let common = min(month + length.months, period.endMonth) - max(month, period.firstMonth)
                guard common > 0 else { continue }
                whens.append(
                    BoundWhen(
                        condition: .compare(
                            .equal, start, .constant(.date(Int32(QuotaPeriod.day(month: month))), .date)),
                        value: .constant(.double(Double(common) / Double(length.months)), .double)))
            }
            share = .caseWhen(whens, otherwise: .constant(.null, .double))
            keep = .and(keep, .isNull(share, negated: true))
        }
        let name = byTeam ? "team" : "rep"
        let rows = LogicalPlan.project(
            .filter(input.scan(table), keep),
            [
                NamedBoundExpr(name: name, expr: key, info: ColumnInfo(name: name)),
                NamedBoundExpr(
                    name: "quota", expr: .arithmetic(.multiply, amount, share, result: .double),
                    info: ColumnInfo(name: "quota")),
            ])
        return .aggregate(
            rows, keys: [NamedBoundExpr(name: name, expr: .column(0, key.type), info: ColumnInfo(name: name))],
            aggregates: [VerbLowering.aggregate(.sum, .column(1, .double), where: nil, "quota", .double)])
    }
}
