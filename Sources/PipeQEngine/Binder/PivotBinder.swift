import PipeQCore
import PipeQLanguage
import PipeQStorage

/// Binds `pivot COLUMN [values VALUE] [with totals]`. Without `values`, the input must end in a summary with
/// one aggregate (`count by rep, stage | pivot stage`): that aggregate fills the cells.
enum PivotBinder {
    /// The word before the column that fills the cells: `pivot stage values deals`.
    static let valuesWord = "values"

    static let binder = VerbBinder(word: "pivot") { input, plan throws(Diagnostic) in try bind(input, over: plan) }

    static let example = "e.g. \"count by rep, stage | pivot stage\""

    static func bind(_ input: VerbBindingInput, over plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        try VerbSupport.refuseKeys(input)
        var words: [(String, SourceSpan)] = []
        for argument in input.arguments {
            switch argument {
            case .word(let w, let span): words.append((w, span))
            case .expr(let e):
                throw Diagnostic(
                    .bind, "pivot takes a column name: pivot COLUMN [values COLUMN] [with totals]", span: e.span,
                    hint: example)
            }
        }
        guard let (name, nameSpan) = words.first else {
            throw Diagnostic(
                .bind, "pivot needs the column whose values become columns: pivot COLUMN", span: input.span,
                hint: example)
        }
        let schema = input.schema
        let column = try resolve(name, nameSpan, schema)
        var value: Int?
        var totals = false
        var rest = words.dropFirst()
        while let (word, span) = rest.first {
            rest = rest.dropFirst()
            switch word.lowercased() {
            case Self.valuesWord where value == nil:
                guard let (v, vSpan) = rest.first else {
                    throw Diagnostic(
                        .bind, "\"values\" needs the column that fills the cells", span: span,
                        hint: "e.g. \"pivot stage values deals\"")
                }
                rest = rest.dropFirst()
                value = try resolve(v, vSpan, schema)
            case "with" where rest.first?.0.lowercased() == "totals" && !totals:
                rest = rest.dropFirst()
                totals = true
            case "totals" where !totals:
                totals = true
            default:
                throw Diagnostic(
                    .bind, "unexpected \"\(word)\" in pivot", span: span,
                    hint: "usage: pivot COLUMN [values COLUMN] [with totals]")
            }
        }
        var aggregateFunction: AggregateFunction?
        if value == nil {
            guard case .aggregate(_, let keys, let aggregates) = plan, aggregates.count == 1 else {
                var hint = "name the column that fills the cells: pivot \(name) values COLUMN"
                if case .aggregate(_, _, let aggregates) = plan, aggregates.count > 1 {
                    hint += " (one of " + aggregates.map(\.name).joined(separator: ", ") + ")"
                }
                let count = valueCount(plan)
                if count == 0 {
                    hint =
                        "summarise first (\"count by rep, stage | pivot stage\"), or name it: pivot \(name) values COLUMN"
                }
                throw Diagnostic(
                    .bind,
                    count > 1
                        ? "pivot needs one value for its cells: the input has \(count) aggregates"
                        : "pivot needs the column that fills its cells", span: input.keywordSpan, hint: hint)
            }
            value = keys.count
            aggregateFunction = aggregates[0].function
        } else if case .aggregate(_, let keys, let aggregates) = plan, value! >= keys.count {
            aggregateFunction = aggregates[value! - keys.count].function
        }
        guard let value, value != column else {
            throw Diagnostic(
                .bind, "pivot's cells cannot be the pivoted column itself", span: input.span, hint: example)
        }
        if totals {
            let type = schema.fields[value].type
            guard type == .int || type == .double else {
                throw Diagnostic(
                    .bind, "totals add the cells up, and \(schema.fields[value].name) is \(type.withArticle)",
                    span: input.span,
                    hint: "totals need numbers")
            }
            if let f = aggregateFunction, f != .count, f != .sum {
                throw Diagnostic(
                    .bind, "totals add the cells up, and \(f.name) values do not add up", span: input.span,
                    hint: "use totals with count or sum")
            }
        }
        let keys = schema.fields.indices.filter { $0 != column && $0 != value }
        return .pivot(
            plan,
            PivotNode(
                keys: keys, column: column, value: value, totals: totals, inputFields: schema.fields, span: input.span))
    }

    private static func valueCount(_ plan: LogicalPlan) -> Int {
        if case .aggregate(_, _, let aggregates) = plan { return aggregates.count }
        return 0
    }

    private static func resolve(_ name: String, _ span: SourceSpan, _ schema: RelationSchema) throws(Diagnostic) -> Int
    {
        guard let i = schema.index(of: name) else {
            throw Diagnostic(
                .bind, "unknown column \"\(name)\" in the input", span: span,
                hint: Suggestions.hint(for: name, in: schema.allNames))
        }
        return i
    }
}
