import PipeQCore
import PipeQLanguage
import PipeQStorage

/// Binds `append NAME` (a table, role name or `let` name) to an append node.
enum AppendBinder {
    static let binder = VerbBinder(word: "append") { input, plan throws(Diagnostic) in try bind(input, over: plan) }

    static func bind(_ input: VerbBindingInput, over plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        try VerbSupport.refuseKeys(input)
        guard input.arguments.count == 1, case .word(let name, let nameSpan) = input.arguments[0] else {
            let span: SourceSpan
            switch input.arguments.dropFirst().first {
            case .word(_, let s)?: span = s
            case .expr(let e)?: span = e.span
            case nil: span = input.span
            }
            throw Diagnostic(
                .bind, "append takes one table or let name: append NAME", span: span,
                hint: "e.g. \"append won_last_year\"")
        }
        guard let other = try input.source(name) else {
            throw Diagnostic(
                .bind, "unknown table \"\(name)\"", span: nameSpan,
                hint: Suggestions.hint(for: name, in: input.sourceNames) ?? "tables: "
                    + input.sourceNames.joined(separator: ", "))
        }
        let otherSchema = other.schema
        var sources: [Int?] = []
        for field in input.schema.fields {
            guard let j = otherSchema.fields.firstIndex(where: { $0.name == field.name }) else {
                sources.append(nil)
                continue
            }
            let type = otherSchema.fields[j].type
            guard type == field.type else {
                throw Diagnostic(
                    .bind,
                    "append: column \"\(field.name)\" is \(field.type.withArticle) here but \(type.withArticle) in \(name)",
                    span: nameSpan,
                    hint: "make the types agree before appending (select or extend the column on one side)")
            }
            sources.append(j)
        }
        let taken = Set(input.schema.fields.map(\.name))
        var added: [RelationSchema.FieldInfo] = []
        for (j, field) in otherSchema.fields.enumerated() where !taken.contains(field.name) {
            var field = field
            if let role = field.info.role, input.schema.index(role: role) != nil { field.info.role = nil }
            added.append(field)
            sources.append(j)
        }
        return .append(plan, AppendNode(other: other, otherName: name, added: added, sources: sources))
    }
}
