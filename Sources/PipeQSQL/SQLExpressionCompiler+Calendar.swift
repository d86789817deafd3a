import PipeQCore
import PipeQEngine

/// `dayofweek`, `month_name`, `fiscal_quarter`, `fiscal_year` written out per dialect, with the engine's
/// calendar: weeks from Monday, fiscal years named by the calendar year they end in.
extension SQLExpressionCompiler {
    /// A date's or datetime's calendar part as an integer: `year`, `month`, or `isodow` (Monday 1 … Sunday 7).
    func datePart(_ part: String, _ x: String) -> String {
        switch dialect {
        case .sqlite:
            switch part {
            case "year": return "CAST(strftime('%Y', \(x)) AS INTEGER)"
            case "month": return "CAST(strftime('%m', \(x)) AS INTEGER)"
            // %w: Sunday 0 … Saturday 6.
            default: return "((CAST(strftime('%w', \(x)) AS INTEGER) + 6) % 7 + 1)"
            }
        case .postgres, .duckdb:
            return "CAST(EXTRACT(\(part.uppercased()) FROM \(x)) AS INTEGER)"
        }
    }

    /// The function's name for each value of a calendar part numbered from 1 (`Mon` for isodow 1).
    func named(_ number: String, _ names: [String]) -> String {
        var out = "(CASE \(number)"
        for (i, name) in names.enumerated() { out += " WHEN \(i + 1) THEN \(dialect.string(name))" }
        return out + " END)"
    }

    /// `fiscal_quarter(x, start)`: the first day of the quarter holding x's month, quarters counted from the start
    /// month: the month's first day, less (month − start) mod 3 months.
    func fiscalQuarter(_ x: String, start: Int) -> String {
        let back = "((\(datePart("month", x)) + \(12 - start)) % 3)"
        let month = dialect.periodStart("month", x)
        switch dialect {
        case .sqlite: return "date(\(month), '-' || \(back) || ' months')"
        case .postgres: return "CAST(\(month) - \(back) * INTERVAL '1 month' AS DATE)"
        case .duckdb: return "CAST(\(month) - to_months(\(back)) AS DATE)"
        }
    }

    /// `fiscal_year(x, start)`: the calendar year, plus one from the start month on (when it is not January).
    func fiscalYear(_ x: String, start: Int) -> String {
        let year = datePart("year", x)
        guard start != 1 else { return "CAST(\(year) AS \(dialect.typeName(.int)))" }
        return
            "CAST(CASE WHEN \(datePart("month", x)) >= \(start) THEN \(year) + 1 ELSE \(year) END AS \(dialect.typeName(.int)))"
    }
}
