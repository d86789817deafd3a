/// A deals export's `close_date`: when a won deal was won (won time, else deal closed on), when a lost deal was
/// lost (lost time, else deal closed on), and an open deal's expected close date. A date when every source
/// column is a date, else a datetime (dates at midnight).
struct PipedriveCloseDate {
    let column: Column
    let rule: String

    /// Nil when the export has neither a close time nor an expected close date.
    init?(_ fields: [Field]) {
        func temporal(_ name: String) -> Column? {
            fields.first { $0.name == name && $0.type.isTemporal }?.column
        }
        let won = temporal("won_time")
        let lost = temporal("lost_time")
        let closed = temporal("closed_on")
        let expected = temporal("expected_close_date")
        let sources = [won, lost, closed, expected].compactMap { $0 }
        guard !sources.isEmpty, let n = fields.first?.column.count else { return nil }
        let status: [String?]
        if let s = fields.first(where: { $0.name == "status" && $0.type == .string }) {
            let text = TextCodes(s.column)
            status = text.codes.map { $0 == TextCodes.none ? nil : text.strings[Int($0)].lowercased() }
        } else {
            status = (0..<n).map { row in
                if let won, !won.isNull(row) { return "won" }
                if let lost, !lost.isNull(row) { return "lost" }
                return "open"
            }
        }
        func at(_ c: Column?, _ row: Int) -> Int64? { c.flatMap { ImportColumns.micros($0, row) } }
        let micros: [Int64?] = (0..<n).map { row in
            switch status[row] {
            case "won": return at(won, row) ?? at(closed, row)
            case "lost": return at(lost, row) ?? at(closed, row)
            default: return at(expected, row)
            }
        }
        if sources.allSatisfy({ $0.type == .date }) {
            column = ImportColumns.dates(micros.map { $0.map { Int32($0 / 86_400_000_000) } })
        } else {
            column = ImportColumns.timestamps(micros)
        }
        let closing = [
            won.map { _ in "won time" }, lost.map { _ in "lost time" }, closed.map { _ in "deal closed on" },
        ].compactMap { $0 }
        rule =
            "a closed deal's " + (closing.isEmpty ? "(no close column)" : closing.joined(separator: " / "))
            + "; an open deal's " + (expected == nil ? "(no expected close date)" : "expected close date")
    }
}
