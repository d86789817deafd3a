import PipeQCore
import PipeQLanguage
import PipeQStorage

/// `growth [MEASURE, …] [by week|month|quarter|year]`: period over period. Each row of a per-period result gets
/// the measure of the previous period and of the same period a year earlier, with the changes:
/// `previous, change, change_pct, year_ago, yoy_change, yoy_pct` (prefixed `MEASURE_` when there are several
/// measures; no year-ago columns for years). Lowered to core nodes: a window of period lags (the row whose period
/// is one step, or a year, earlier in the calendar — a missing period gives null, never the row before it) over
/// partitions of the other key columns, then a projection of the differences. Display: previous and year-ago
/// values read as the measure (a win rate as `63.2%`), the change of a rate in percentage points (`+5.0 pp`), the
/// percent changes as percentages (`-14.2%`); CSV and JSON keep the exact fractions.
enum GrowthVerb {
    static let binder = VerbBinder(word: "growth", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    static let example = "e.g. \"deals | sum value by month(created) | growth\""

    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        let fields = input.schema.fields
        guard let periodIndex = fields.firstIndex(where: { $0.type == .date }) else {
            throw Diagnostic(
                .bind, "growth needs a column of periods (dates), and the input has none", span: input.keywordSpan,
                hint: example)
        }
        let periodName = fields[periodIndex].name
        let unit: PeriodUnit
        if input.keys.isEmpty {
            guard let named = PeriodUnit.allCases.first(where: { periodName.lowercased().hasPrefix($0.rawValue + "_") })
            else {
                throw Diagnostic(
                    .bind, "growth cannot tell what period \"\(periodName)\" is", span: input.keywordSpan,
                    hint: "name it: \"growth by month\" (week, month, quarter or year)")
            }
            unit = named
        } else {
            unit = try PeriodUnit.parse(input, default: .month)
        }
        var measures: [Int] = []
        for argument in input.arguments {
            guard case .word(let word, let span) = argument else {
                if case .expr(let e) = argument {
                    throw Diagnostic(
                        .bind, "growth takes measure columns by name", span: e.span,
                        hint: "usage: " + VerbSupport.usage("growth"))
                }
                continue
            }
            guard let i = fields.firstIndex(where: { $0.name == word }) else {
                throw Diagnostic(
                    .bind, "unknown column \"\(word)\"", span: span,
                    hint: Suggestions.hint(for: word, in: fields.map(\.name)))
            }
            guard fields[i].type.isNumeric, i != periodIndex else {
                throw Diagnostic(
                    .bind, "growth compares numbers, but \"\(word)\" is \(fields[i].type.withArticle)", span: span)
            }
            measures.append(i)
        }
        if input.arguments.isEmpty {
            measures = fields.indices.filter { fields[$0].type.isNumeric }
        }
        guard !measures.isEmpty else {
            throw Diagnostic(
                .bind, "growth needs a number per period to compare, and the input has none", span: input.keywordSpan,
                hint: example)
        }
        // The other non-numeric columns are the series: each compared with itself.
        let partition = fields.indices.filter { $0 != periodIndex && !fields[$0].type.isNumeric }
            .map { BoundExpr.column($0, fields[$0].type) }
        let period = PeriodStep(key: .column(periodIndex, .date), unit: unit)
        let perYear: Int
        switch unit {
        case .week: perYear = 52
        case .month: perYear = 12
        case .quarter: perYear = 4
        case .year: perYear = 1
        }
        var taken = fields.map(\.name)
        func unique(_ name: String) -> String { UniqueName.take(name, &taken) }
        // Window: previous and year-ago values (hidden names, projected away).
        var items: [WindowItem] = []
        for m in measures {
            let value = BoundExpr.column(m, fields[m].type)
            var previous = WindowItem(
                name: unique("previous_" + fields[m].name), function: .lag, argument: value, count: 1,
                type: fields[m].type)
            previous.period = period
            items.append(previous)
            if perYear > 1 {
                var ago = WindowItem(
                    name: unique("year_ago_" + fields[m].name), function: .lag, argument: value, count: perYear,
                    type: fields[m].type)
                ago.period = period
                items.append(ago)
            }
        }
        let window = LogicalPlan.window(plan, items, partition: partition)
        taken = fields.map(\.name)
        var out = fields.enumerated().map { NamedBoundExpr(name: $1.name, expr: .column($0, $1.type), info: $1.info) }
        var next = fields.count
        for m in measures {
            let prefix = measures.count == 1 ? "" : fields[m].name + "_"
            let value = BoundExpr.column(m, fields[m].type)
            let columns: [(String, String, String)] =
                perYear > 1
                ? [("previous", "change", "change_pct"), ("year_ago", "yoy_change", "yoy_pct")]
                : [("previous", "change", "change_pct")]
            let measureEncoding = fields[m].info.encoding
            let encodings = Self.encodings(of: measureEncoding)
            for (base, change, pct) in columns {
                let earlier = BoundExpr.column(next, fields[m].type)
                next += 1
                for (name, expr, encoding) in [
                    (base, earlier, encodings.earlier),
                    (
                        change, BoundExpr.arithmetic(.subtract, value, earlier, result: fields[m].type),
                        encodings.change
                    ),
                    (
                        pct,
                        BoundExpr.arithmetic(
                            .subtract, .arithmetic(.divide, value, earlier, result: .double),
                            .constant(.double(1), .double), result: .double),
                        CellEncoding.rate
                    ),
                ] {
                    let named = unique(prefix + name)
                    var info = ColumnInfo(name: named)
                    info.encoding = encoding
                    out.append(NamedBoundExpr(name: named, expr: expr, info: info))
                }
            }
        }
        return .project(window, out)
    }

    /// How the columns beside a measure read: the earlier values as the measure does (a rate as a percentage,
    /// `round(x, 1)` with one decimal); the change of a rate in percentage points (`+5.0 pp`), of anything else as
    /// the measure; the percent changes (`change_pct`, `yoy_pct`) always as percentages.
    static func encodings(of measure: CellEncoding?) -> (earlier: CellEncoding?, change: CellEncoding?) {
        switch measure {
        case .rate?: return (.rate, .points)
        case .monthlyCounts?, .series?, .byRow?: return (nil, nil)
        default: return (measure, measure)
        }
    }
}
