import PipeQCore
import PipeQStorage

/// `stage = "Negociation"`: a text column compared with a value none of its rows holds, when a value it does hold is
/// a likely intended spelling. The result stays as asked (no rows match) and carries a note with the suggestion.
/// Only category-like columns are looked at (at most `largestDictionary` distinct values), so a filter on deal
/// names costs nothing extra.
enum UnknownValueNotes {
    static let largestDictionary = 10_000

    static func check(_ predicate: BoundExpr, over relation: Relation, context: ExecutionContext) {
        for (column, value) in comparedValues(predicate) {
            let field = relation.fields[column]
            guard case .string(_, let dict) = field.column.values, dict.isDistinct, dict.count <= largestDictionary,
                dict.code(of: value) == nil
            else { continue }
            let values = dict.values
            if let close = Suggestions.closest(to: value, in: values) {
                let caseOnly = close.lowercased() == value.lowercased() ? " (~= compares ignoring case)" : ""
                context.notes.add("no \(field.name) is \"\(value)\": did you mean \"\(close)\"?\(caseOnly)")
            } else if dict.hasCustomOrder, values.count <= 20 {
                let ordered = zip(values, dict.ranks).sorted { $0.1 < $1.1 }.map(\.0)
                context.notes.add(
                    "no \(field.name) is \"\(value)\"; the \(field.name)s are "
                        + ordered.map { "\"\($0)\"" }.joined(separator: ", "))
            }
        }
    }

    /// (column, text) for each `column = "text"`, `column != "text"` and `column in (…)` anywhere in the condition.
    private static func comparedValues(_ e: BoundExpr) -> [(Int, String)] {
        switch e {
        case .compare(.equal, .column(let i, .string), .constant(.string(let s), _)),
            .compare(.notEqual, .column(let i, .string), .constant(.string(let s), _)),
            .compare(.equal, .constant(.string(let s), _), .column(let i, .string)),
            .compare(.notEqual, .constant(.string(let s), _), .column(let i, .string)):
            return [(i, s)]
        case .inList(.column(let i, .string), let values, _):
            return values.compactMap { if case .string(let s) = $0 { return (i, s) } else { return nil } }
        case .columnsEqual(let equalities):
            return equalities.map { ($0.column, $0.value) }
        default:
            return e.children.flatMap(comparedValues)
        }
    }
}
