import PipeQCore
import PipeQEngine
import PipeQStorage

/// `DealStats` in SQL, for compare and the scorecards: each row's group, outcome, value and cycle, then per group
/// the open, won and lost deals, the won deals' mean value and mean cycle in days.
extension SQLCompiler {
    /// The input rows as `DealStats` reads them: `__g` (`group`, SQL over the input's columns), `__o` (open, won,
    /// lost), `__v` (the value, a double), `__cycle` (created to close date in days), then `extra`'s columns.
    mutating func dealStatRows(
        _ input: LogicalPlan, outcome: BoundExpr, value: Int?, created: Int?, closeDate: Int?, group: String,
        extra: (SQLExpressionCompiler) throws(Diagnostic) -> [String] = { _ in [] }
    ) throws(Diagnostic) -> String {
        let below = try relation(input, ordered: false)
        let fields = input.schema.fields
        let compiler = expressions(over: input, below)
        func typed(_ i: Int) -> BoundExpr { .column(i, fields[i].type) }
        let number = try value.map { (i) throws(Diagnostic) in try compiler.sql(typed(i)) } ?? "NULL"
        var cycle = dialect.literal(.null, .double)
        if let created, let closeDate {
            cycle = try compiler.sql(Self.days(from: typed(created), to: typed(closeDate)))
        }
        let list =
            [
                "\(group) AS __g", "\(try compiler.sql(outcome)) AS __o",
                "CAST(\(number) AS \(dialect.typeName(.double))) AS __v", "\(cycle) AS __cycle",
            ] + (try extra(compiler))
        return add("SELECT \(list.joined(separator: ", ")) FROM \(q(below.name))")
    }

    /// The aggregates of `DealStats` over `dealStatRows`' rows (those meeting `condition`), named as `columns`
    /// names them: open, won, lost, size (mean won value), cycle (mean won cycle).
    func dealStatAggregates(_ condition: String?, _ columns: DealStatColumns) -> [String] {
        let only = condition.map { "\($0) AND " } ?? ""
        func count(_ o: String) -> String {
            "coalesce(sum(\(flag("\(only)__o = '\(o)'"))), 0) AS \(columns.name(o))"
        }
        return [
            count("open"), count("won"), count("lost"),
            "avg(CASE WHEN \(only)__o = 'won' THEN __v END) AS \(columns.name("size"))",
            "avg(CASE WHEN \(only)__o = 'won' THEN __cycle END) AS \(columns.name("cycle"))",
        ]
    }
}

/// The columns `dealStatAggregates` writes (`__open`, `__won`, …, with a suffix) and `DealStats`' measures over
/// them, read through a table alias (`prefix`).
struct DealStatColumns {
    var prefix = ""
    var suffix = ""

    /// A column's name as the aggregates write it.
    func name(_ measure: String) -> String { "__\(measure)\(suffix)" }
    /// A column as read.
    func column(_ measure: String) -> String { prefix + name(measure) }

    var deals: String { "(\(column("open")) + \(column("won")) + \(column("lost")))" }
    var size: String { column("size") }
    var cycle: String { column("cycle") }

    /// won ÷ (won + lost); null when nothing closed.
    func winRate(_ dialect: SQLDialect) -> String {
        dialect.divide(column("won"), "(\(column("won")) + \(column("lost")))")
    }

    /// open × avg won value × win rate × days ÷ avg cycle days, in `DealStats.velocity`'s order; null without a
    /// positive cycle.
    func velocity(_ dialect: SQLDialect, perDays days: Int) -> String {
        "CASE WHEN \(cycle) > 0 THEN \(column("open")) * \(size) * \(winRate(dialect)) * \(days) / \(cycle) END"
    }
}
