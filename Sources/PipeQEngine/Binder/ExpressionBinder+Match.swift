import PipeQCore
import PipeQLanguage
import PipeQStorage

extension ExpressionBinder {
    /// `contains`, `icontains`, `starts with`, `ends with`, `like`, `ilike`, `matches`: a string operand and a quoted
    /// pattern; a regular expression is checked here, so a bad one is an error with its span, not an empty result.
    func bindMatch(_ kind: StringMatch, _ operand: Expr, _ pattern: Expr, negated: Bool) throws(Diagnostic) -> BoundExpr
    {
        let bound = try bind(operand)
        guard bound.type == .string else {
            throw Diagnostic(
                .bind, "\"\(kind.rawValue)\" needs a string, but \(describe(operand)) is \(bound.type.withArticle)",
                span: operand.span,
                hint: textReasonHint(bound)
                    ?? "make it text first, e.g. text(\(context.text(of: operand.span))) \(kind.rawValue) …")
        }
        guard case .literal(.string(let text)) = pattern.kind else {
            let example =
                kind == .like || kind == .ilike
                ? "name \(kind.rawValue) \"%tech%\""
                : kind == .matches ? "name matches \"^A[0-9]+\"" : "name \(kind.rawValue) \"Acme\""
            throw Diagnostic(
                .bind, "\"\(kind.rawValue)\" needs a quoted string to look for", span: pattern.span,
                hint: "e.g. \(example)")
        }
        if kind == .matches, let problem = TextPattern.regexProblem(text) {
            throw Diagnostic(
                .bind, "not a regular expression: \(problem)", span: pattern.span,
                hint: "e.g. \"^Acme\", \"(?i)tech\", \"[0-9]{4}\"")
        }
        return .match(kind, bound, pattern: text, negated: negated)
    }
}
