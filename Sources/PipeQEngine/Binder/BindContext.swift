import PipeQCore
import PipeQStorage

/// What the binder needs besides the query: the fixed "now" and the query text (for naming results).
public struct BindContext: Sendable {
    /// The as-of date, days since 1970-01-01.
    public var asOfDay: Int32
    /// The as-of instant, microseconds.
    public var nowMicros: Int64
    /// The full query text the spans point into.
    public var text: String
    /// The stage definitions in force: how a stage column names an outcome (`OutcomeRule`).
    public var stages: StageDefinitions
    /// Binds a `let` name used as a value in an expression (`ScalarQuery`); nil where there are none.
    public var scalarLets: ScalarLets?
    /// The month (1–12) fiscal years start in (`fiscal_year_start` in pipeline.toml), for `fiscal_quarter`/`fiscal_year`.
    public var fiscalYearStart: Int

    public init(
        asOfDay: Int32, nowMicros: Int64, text: String, stages: StageDefinitions = .empty, fiscalYearStart: Int = 1
    ) {
        self.asOfDay = asOfDay
        self.nowMicros = nowMicros
        self.text = text
        self.stages = stages
        self.fiscalYearStart = fiscalYearStart
    }

    /// The source text of a span.
    public func text(of span: SourceSpan) -> String {
        let bytes = Array(text.utf8)
        let start = min(max(0, span.start), bytes.count)
        let end = min(max(start, span.end), bytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// A result-column name from expression text: `month(close_date)` → `month_close_date`.
    public func derivedName(of span: SourceSpan) -> String {
        var out = ""
        var lastUnderscore = true
        for ch in text(of: span).lowercased() {
            if ch.isLetter || ch.isNumber {
                out.append(ch)
                lastUnderscore = false
            } else if !lastUnderscore {
                out.append("_")
                lastUnderscore = true
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        return out.isEmpty ? "expr" : out
    }
}
