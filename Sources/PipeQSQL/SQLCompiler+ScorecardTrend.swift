import PipeQCore
import PipeQEngine
import PipeQStorage

/// `scorecard trend [for REP]`, as `ScorecardTrendPlan` sets it out: per rep with deals, the `DealStats` of the
/// deals closing in each of the last quarters (a fiscal quarter's number counted as `ScorecardTrendForm`
/// counts it), and win rate, avg deal size and avg cycle days as series: each quarter's number as plain text
/// (`Scalar.plainDouble`), empty where it has none, separated by spaces.
extension SQLCompiler {
    mutating func scorecardTrend(_ input: LogicalPlan, _ form: ScorecardTrendForm) throws(Diagnostic) -> Step {
        let fields = input.schema.fields
        let rep = q(fields[form.rep].name)
        let count = form.quarters
        let first = form.lastQuarter - count + 1
        // Quarters start in the months r, r + 3, … (0-based): a month number M is in quarter ⌊(M − r) ÷ 3⌋.
        let r = (form.fiscalStartMonth - 1) % 3
        let integer = dialect.typeName(.int)
        let rows = try dealStatRows(
            input, outcome: form.outcome, value: form.value, created: form.created, closeDate: form.closeDate,
            group: rep
        ) { (c) throws(Diagnostic) in
            let close = try c.sql(.column(form.closeDate, fields[form.closeDate].type))
            let month = "(\(c.datePart("year", close)) * 12 + \(c.datePart("month", close)) - \(1 + r))"
            return ["(CAST(floor(\(month) / 3.0) AS \(integer)) - \(first)) AS __slot"]
        }
        let stats = add(
            "SELECT __g, __slot, \(dealStatAggregates(nil, DealStatColumns()).joined(separator: ", ")) FROM \(q(rows)) "
                + "WHERE __g IS NOT NULL AND __slot >= 0 AND __slot < \(count) GROUP BY __g, __slot")
        let present = add("SELECT DISTINCT __g FROM \(q(rows)) WHERE __g IS NOT NULL")
        let deal = DealStatColumns(prefix: "s.")
        let measures = [deal.winRate(dialect), deal.size, deal.cycle]
        var list = ["p.__g", "coalesce(sum(s.__won + s.__lost), 0) AS __closed"]
        for (m, measure) in measures.enumerated() {
            for k in 0..<count { list.append("max(CASE WHEN s.__slot = \(k) THEN \(measure) END) AS __m\(m)_\(k)") }
        }
        let perRep = add(
            "SELECT \(list.joined(separator: ", ")) FROM \(q(present)) p LEFT JOIN \(q(stats)) s ON s.__g = p.__g GROUP BY p.__g"
        )
        let out = form.outputSchema.fields.map { q($0.name) }
        var columns = [
            "__g AS \(out[0])", "\(dialect.string(form.from)) AS \(out[1])", "\(dialect.string(form.to)) AS \(out[2])",
            "__closed AS \(out[3])",
        ]
        for m in measures.indices {
            let slots = (0..<count).map { dialect.plainNumber("__m\(m)_\($0)") }
            columns.append("(\(slots.joined(separator: " || ' ' || "))) AS \(out[4 + m])")
        }
        columns.append("ROW_NUMBER() OVER (ORDER BY \(dialect.byteOrdered("__g"))) AS \(Self.order)")
        var sql = "SELECT \(columns.joined(separator: ", ")) FROM \(q(perRep))"
        if let only = form.only {
            sql += " WHERE __g = \(try chosenRep(only, input: input, rep: form.rep, present: present))"
        }
        return Step(name: add(sql), ordered: true, orders: form.outputSchema.fields.map { _ in nil })
    }
}

extension SQLDialect {
    /// A double as `Scalar.plainDouble` writes it, null as empty text: a whole number below 10¹⁵ as an integer, else
    /// 15 significant digits as `%.15g` writes them. PostgreSQL has no `%g`: its conversion of a double to numeric
    /// keeps those 15 digits, and `to_char` writes the exponent `%g` uses below 10⁻⁴ and from 10¹⁵.
    func plainNumber(_ value: String) -> String {
        let x = "CAST(\(value) AS \(typeName(.double)))"
        let digits: String
        switch self {
        case .sqlite, .duckdb: digits = "printf('%.15g', \(x))"
        case .postgres:
            // to_char pads the mantissa with zeros and the sign with a space: both go.
            let mantissa = "btrim(to_char(abs(\(x)), '9.99999999999999EEEE'))"
            let exponent =
                "(CASE WHEN \(x) < 0 THEN '-' ELSE '' END || regexp_replace(\(mantissa), '\\.?0+e', 'e'))"
            digits =
                "CASE WHEN abs(\(x)) < 1e-4 OR abs(\(x)) >= 1e15 THEN \(exponent) ELSE CAST(CAST(\(x) AS NUMERIC) AS TEXT) END"
        }
        return
            "CASE WHEN \(x) IS NULL THEN '' WHEN \(x) = round(\(x)) AND abs(\(x)) < 1e15 THEN CAST(CAST(\(x) AS \(typeName(.int))) AS TEXT) ELSE \(digits) END"
    }
}
