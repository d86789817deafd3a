import PipeQCore
import PipeQLanguage

extension QueryBinder {
    /// A drawing stage (`bar [COLUMN]`, `chart [COLUMN]`, `spark [COLUMN]`, the stage table's presentation words),
    /// ending the query: the column must be a number or duration of the result.
    func bindPresentation(_ stage: Stage, schema: RelationSchema) throws(Diagnostic) -> Presentation {
        guard case .presentation(let name, let arguments, let by) = stage.kind else {
            preconditionFailure("bindPresentation takes a drawing stage")
        }
        if !by.isEmpty {
            throw Diagnostic(
                .bind, "\(name) takes no \"by\": group first, e.g. \"| sum value by stage | \(name)\"", span: stage.span
            )
        }
        guard arguments.count <= 1 else {
            throw Diagnostic(
                .bind, "\(name) takes at most one column to draw", span: stage.span,
                hint: "e.g. \"| \(name) sum_value\"")
        }
        var column: Int?
        if let argument = arguments.first {
            let (word, span): (String, SourceSpan)
            switch argument {
            case .word(let w, let s): (word, span) = (w, s)
            case .expr(let e):
                guard case .column(let w) = e.kind else {
                    throw Diagnostic(
                        .bind, "\(name) draws a column of the result; compute it first with extend", span: e.span)
                }
                (word, span) = (w, e.span)
            }
            guard let i = schema.index(of: word) else {
                throw Diagnostic(
                    .bind, "unknown column \"\(word)\"", span: span,
                    hint: Suggestions.hint(for: word, in: schema.fields.map(\.name)))
            }
            guard schema.fields[i].type.isNumeric || schema.fields[i].type == .duration else {
                let type = schema.fields[i].type
                throw Diagnostic(
                    .bind, "\(name) draws numbers, but \"\(word)\" is \(type.withArticle)", span: span,
                    hint: type.isTemporal ? "to draw rows per month: \"| count by month(\(word)) | \(name)\"" : nil)
            }
            column = i
        } else if !schema.fields.contains(where: { $0.type.isNumeric || $0.type == .duration }) {
            throw Diagnostic(
                .bind, "nothing to draw: the result has no number column", span: stage.keywordSpan,
                hint: "aggregate first, e.g. \"| count by stage | \(name)\"")
        }
        switch name {
        case "bar": return .bar(value: column)
        case "chart": return .chart(value: column)
        case "spark": return .spark(value: column)
        default: preconditionFailure("StageTable has a drawing word the binder does not know: \(name)")
        }
    }
}
