import PipeQCore
import PipeQStorage

/// The SQL a compiled query is written in. Everything that differs between the engines lives here, so the
/// compiler itself writes one shape of statement: how names and values are quoted, how dates are stored and
/// truncated, how two dates are subtracted, and which aggregates exist.
///
/// The conventions every dialect follows, so that the answers equal the in-memory engine's:
/// - dates are SQL dates (SQLite: ISO `YYYY-MM-DD` text, which sorts and compares as dates do), datetimes are
///   timestamps without a time zone holding UTC (SQLite: ISO text `YYYY-MM-DD HH:MM:SS[.ffffff]`);
/// - a duration is a number of days (a double), what `days(x)` returns: two dates subtract to days in every
///   dialect, and the reader turns the number back into a duration;
/// - strings sort byte by byte (PostgreSQL: `COLLATE "C"`), nulls last in both directions;
/// - `/` divides as numbers and gives null on a zero divisor.
public enum SQLDialect: String, Sendable, CaseIterable {
    case postgres, duckdb, sqlite

    /// An identifier, always quoted (a column may be called `order` or `Stage Name`).
    public func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A string literal: single quotes doubled. NUL cannot travel in SQL text; pipeq's strings never hold it
    /// (the loader refuses it), and a query's literal with one is refused by the lexer.
    public func string(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A typed constant. Durations are days; a null keeps its type so that `coalesce` and `case` type-check.
    public func literal(_ value: Scalar, _ type: DataType) -> String {
        switch value {
        case .null: return "CAST(NULL AS \(typeName(type)))"
        case .int(let v): return v == Int64.min ? "(\(v + 1) - 1)" : String(v)
        case .double(let v):
            if v.isNaN { return "CAST(NULL AS \(typeName(.double)))" }
            if v.isInfinite { return v > 0 ? "(1e308 * 10)" : "(-1e308 * 10)" }
            let text = "\(v)"
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        case .bool(let v): return self == .sqlite ? (v ? "1" : "0") : (v ? "TRUE" : "FALSE")
        case .date(let d):
            let text = string(CivilTime.formatDate(Int(d)))
            return self == .sqlite ? text : "DATE " + text
        case .timestamp(let micros):
            let text = string(Self.timestampText(micros))
            return self == .sqlite ? text : "TIMESTAMP " + text
        case .duration(let micros): return literal(.double(Double(micros) / Double(CivilTime.microsPerDay)), .double)
        case .string(let s): return string(s)
        }
    }

    /// ISO text of a datetime as SQL reads it (a space between date and time, microseconds when there are any).
    static func timestampText(_ micros: Int64) -> String {
        let day = CivilTime.floorDiv(micros, CivilTime.microsPerDay)
        var rest = micros - day * CivilTime.microsPerDay
        let fraction = rest % 1_000_000
        rest /= 1_000_000
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var text =
            CivilTime.formatDate(Int(day)) + " " + two(rest / 3600) + ":" + two(rest / 60 % 60) + ":" + two(rest % 60)
        if fraction != 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: 6 - digits.count) + digits
        }
        return text
    }

    /// The column type a value of `type` is stored as.
    public func typeName(_ type: DataType) -> String {
        switch (self, type) {
        case (.sqlite, .int): return "INTEGER"
        case (.sqlite, .double), (.sqlite, .duration): return "REAL"
        case (.sqlite, .bool): return "INTEGER"
        case (.sqlite, _): return "TEXT"
        case (_, .int): return "BIGINT"
        case (_, .double), (_, .duration): return "DOUBLE PRECISION"
        case (_, .bool): return "BOOLEAN"
        case (_, .date): return "DATE"
        case (_, .timestamp): return "TIMESTAMP"
        case (_, .string): return "TEXT"
        }
    }

    /// A string expression as a sort key: byte order in every dialect.
    func byteOrdered(_ sql: String) -> String {
        self == .postgres ? "\(sql) COLLATE \"C\"" : sql
    }

    /// `a / b` as numbers, null on a zero divisor.
    func divide(_ a: String, _ b: String) -> String {
        "(CAST(\(a) AS \(typeName(.double))) / NULLIF(\(b), 0))"
    }

    /// The number of days from `b` to `a` (dates or datetimes), a double.
    func daysBetween(_ a: String, _ b: String, temporal: DataType) -> String {
        switch (self, temporal) {
        case (.sqlite, .date): return "(julianday(\(a)) - julianday(\(b)))"
        case (.sqlite, _):
            // Whole seconds exactly, then the microseconds (julianday differences of datetimes carry ~5e-10 day).
            return
                "((CAST(strftime('%s', \(a)) AS REAL) - CAST(strftime('%s', \(b)) AS REAL) + (CAST(substr(strftime('%f', \(a)), 3) AS REAL) - CAST(substr(strftime('%f', \(b)), 3) AS REAL))) / 86400.0)"
        case (_, .date): return "CAST((\(a) - \(b)) AS DOUBLE PRECISION)"
        case (.postgres, _): return "(EXTRACT(EPOCH FROM (\(a) - \(b))) / 86400.0)"
        case (.duckdb, _): return "(CAST(epoch_us(\(a)) - epoch_us(\(b)) AS DOUBLE) / 86400000000.0)"
        }
    }

    /// A date or datetime plus a number of days (a double: durations are days).
    func plusDays(_ temporal: String, _ days: String, type: DataType) -> String {
        switch (self, type) {
        case (.sqlite, .date): return "date(julianday(\(temporal)) + \(days))"
        case (.sqlite, _): return "strftime('%Y-%m-%d %H:%M:%f', julianday(\(temporal)) + \(days))"
        case (_, .date):
            return "CAST(\(temporal) + CAST(round(\(days)) AS INTEGER) AS DATE)"
        case (.postgres, _): return "(\(temporal) + (\(days)) * INTERVAL '1 day')"
        case (.duckdb, _): return "(\(temporal) + to_microseconds(CAST(round((\(days)) * 86400000000) AS BIGINT)))"
        }
    }

    /// Calendar months added; a day past the month's end is clamped to its last day (2026-03-31 + 1mo = 04-30).
    func plusMonths(_ temporal: String, _ months: Int, type: DataType) -> String {
        switch self {
        case .sqlite:
            // date(x, '+N months') overflows into the next month: the earlier of that and the month's last day.
            let start = "date(\(temporal), 'start of month', '\(months >= 0 ? "+" : "")\(months) months')"
            let lastDay = "date(\(start), '+1 month', '-1 day')"
            let sameDay = "date(\(start), '+' || (CAST(strftime('%d', \(temporal)) AS INTEGER) - 1) || ' days')"
            let day = "min(\(sameDay), \(lastDay))"
            return type == .date ? day : "(\(day) || substr(\(temporal), 11))"
        case .postgres:
            let sum = "(\(temporal) + INTERVAL '\(months) months')"
            return type == .date ? "CAST(\(sum) AS DATE)" : sum
        case .duckdb:
            let sum = "(\(temporal) + to_months(\(months)))"
            return type == .date ? "CAST(\(sum) AS DATE)" : sum
        }
    }

    /// The first day of the period holding a date (weeks start on Monday), as a date.
    func periodStart(_ unit: String, _ date: String) -> String {
        switch self {
        case .sqlite:
            switch unit {
            case "day": return "date(\(date))"
            case "week": return "date(\(date), '-' || ((CAST(strftime('%w', \(date)) AS INTEGER) + 6) % 7) || ' days')"
            case "month": return "date(\(date), 'start of month')"
            case "quarter":
                return
                    "date(\(date), 'start of month', '-' || ((CAST(strftime('%m', \(date)) AS INTEGER) - 1) % 3) || ' months')"
            default: return "date(\(date), 'start of year')"
            }
        case .postgres, .duckdb:
            return "CAST(date_trunc('\(unit)', \(date)) AS DATE)"
        }
    }
}
