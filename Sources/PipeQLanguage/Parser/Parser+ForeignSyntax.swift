import PipeQCore

/// Statements written in another tool's language (SQL's `SELECT … FROM …`, `DESCRIBE t`, `SHOW TABLES`): when such
/// a statement does not parse, the error says how pipeq writes it.
extension Parser {
    static let foreignWords: Set<String> = ["select", "describe", "desc", "show", "from", "with"]

    /// The diagnostic for a statement that failed to parse and starts like SQL; nil when it does not.
    static func foreignStatement(_ tokens: [Token], text: String) -> Diagnostic? {
        guard let first = tokens.first, let word = first.keyword, foreignWords.contains(word) else { return nil }
        func words(from: Int, to: Int) -> String {
            guard from < to, to <= tokens.count else { return "" }
            let bytes = Array(text.utf8)
            let start = tokens[from].span.start
            let end = tokens[to - 1].span.end
            guard start >= 0, end <= bytes.count, start < end else { return "" }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        let span = first.span
        switch word {
        case "describe", "desc":
            let table = tokens.count > 1 ? tokens[1].nameText ?? "TABLE" : "TABLE"
            return Diagnostic(
                .parse, "pipeq has no \"\(word)\"", span: span,
                hint:
                    "to see a table's columns, types and roles, type .schema \(table) (or \(table) | limit 5 for some rows)"
            )
        case "show":
            return Diagnostic(
                .parse, "pipeq has no \"show\"", span: span, hint: ".tables lists the tables, .schema their columns")
        default:
            // SELECT list FROM table [WHERE condition] …: the table first, then stages.
            let keys = tokens.map(\.keyword)
            guard word == "select", let from = keys.firstIndex(of: "from"), from + 1 < tokens.count,
                let table = tokens[from + 1].nameText
            else {
                return Diagnostic(
                    .parse, "pipeq is not SQL: a query starts with a table, then stages joined by |", span: span,
                    hint: "e.g. deals where stage = \"Proposal\" | select name, value | sort value desc")
            }
            let list = words(from: 1, to: from)
            var suggestion = table
            if from + 2 < tokens.count, keys[from + 2] == "where" {
                let end =
                    keys[(from + 3)...].firstIndex { ["group", "order", "limit"].contains($0 ?? "") } ?? tokens.count
                    - 1
                suggestion += " where " + words(from: from + 3, to: end)
            }
            if list != "*" && !list.isEmpty { suggestion += " | select " + list }
            return Diagnostic(
                .parse, "pipeq is not SQL: a query starts with a table, then stages joined by |", span: span,
                hint: "e.g. \(suggestion) (also: count by …, sort … desc, limit N)")
        }
    }

    /// `stage = Closed Won`: words after a comparison, where one value was expected, are most likely text that lost
    /// its quotes. The hint quotes them; nil when the tokens do not look like that.
    func unquotedTextHint() -> String? {
        guard index >= 2, case .identifier = current.kind, case .identifier = tokens[index - 1].kind,
            case .symbol(let symbol) = tokens[index - 2].kind, Self.comparisonOperator(symbol) != nil
        else { return nil }
        var words: [String] = []
        var i = index - 1
        while i < tokens.count, case .identifier(let word) = tokens[i].kind {
            words.append(word)
            i += 1
        }
        return "text is written in quotes: \"\(words.joined(separator: " "))\""
    }
}
