import PipeQCore
import PipeQLanguage
import PipeQStorage

/// Binds `join [inner|left|semi|anti] NAME on COLUMN` and `join … NAME on LEFT = RIGHT [and …]` to a join node.
/// NAME is a table (or a role name: deals, history, reps) or a `let` name; left is the default kind.
enum JoinBinder {
    static let binder = VerbBinder(word: "join") { input, plan throws(Diagnostic) in try bind(input, over: plan) }

    static let example = "e.g. \"join reps on rep\""

    static func bind(_ input: VerbBindingInput, over plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        try VerbSupport.refuseKeys(input)
        var arguments = input.arguments
        var kind = JoinKind.left
        if case .word(let w, _) = arguments.first, let k = JoinKind(rawValue: w.lowercased()), arguments.count > 1,
            !isOn(arguments[1])
        {
            kind = k
            arguments.removeFirst()
        }
        guard arguments.count >= 3, case .word(let name, let nameSpan) = arguments[0], isOn(arguments[1]) else {
            let span: SourceSpan
            if arguments.count >= 2, !isOn(arguments[1]) { span = spanOf(arguments[1]) } else { span = input.span }
            throw Diagnostic(.bind, "join needs a table and a column: join TABLE on COLUMN", span: span, hint: example)
        }
        guard let right = try input.source(name) else {
            throw Diagnostic(
                .bind, "unknown table \"\(name)\"", span: nameSpan,
                hint: Suggestions.hint(for: name, in: input.sourceNames) ?? "tables: "
                    + input.sourceNames.joined(separator: ", "))
        }
        var isTable = false
        if case .scan = right { isTable = true }
        var pairs: [(left: String, leftSpan: SourceSpan, right: String, rightSpan: SourceSpan)] = []
        for argument in arguments.dropFirst(2) {
            switch argument {
            case .word(let column, let span): pairs.append((column, span, column, span))
            case .expr(let e): try equalities(e, into: &pairs)
            }
        }
        let rightSchema = right.schema
        var keys: [JoinKeyPair] = []
        for pair in pairs {
            guard let l = input.schema.index(of: pair.left) else {
                throw Diagnostic(
                    .bind, "unknown column \"\(pair.left)\" in the input", span: pair.leftSpan,
                    hint: Suggestions.hint(for: pair.left, in: input.schema.allNames))
            }
            guard let r = rightSchema.index(of: pair.right) else {
                throw Diagnostic(
                    .bind, "\(isTable ? "table " : "")\(name) has no column \"\(pair.right)\"", span: pair.rightSpan,
                    hint: Suggestions.hint(for: pair.right, in: rightSchema.allNames)
                        ?? "its columns: " + rightSchema.fields.map(\.name).joined(separator: ", "))
            }
            let lt = input.schema.fields[l].type
            let rt = rightSchema.fields[r].type
            guard lt == rt, lt == .string || lt == .int || lt == .date else {
                throw Diagnostic(
                    .bind, "cannot join \(lt.withArticle) column with \(rt.withArticle) column",
                    span: pair.leftSpan.merged(with: pair.rightSpan),
                    hint: lt == rt ? "join on a text, whole-number or date column" : nil)
            }
            keys.append(JoinKeyPair(left: l, right: r))
        }
        let node = JoinNode(
            kind: kind, right: right, rightName: name, keys: keys,
            added: kind.addsColumns ? addedFields(input.schema, rightSchema, keys: keys, prefix: name) : [],
            span: input.span)
        return .join(plan, node)
    }

    /// The right side's columns but its keys, each renamed `PREFIX_NAME` (then `PREFIX_NAME_2`, …) when its name is
    /// taken, its role dropped when the input already has a column in that role.
    static func addedFields(_ left: RelationSchema, _ right: RelationSchema, keys: [JoinKeyPair], prefix: String)
        -> [JoinAddedField]
    {
        var schema = left
        var out: [JoinAddedField] = []
        let rightKeys = Set(keys.map(\.right))
        for (i, field) in right.fields.enumerated() where !rightKeys.contains(i) {
            var info = field.info
            var unique = field.name
            if schema.fields.contains(where: { $0.name == unique }) { unique = prefix + "_" + field.name }
            var n = 2
            while schema.fields.contains(where: { $0.name == unique }) {
                unique = "\(prefix)_\(field.name)_\(n)"
                n += 1
            }
            info.name = unique
            if let role = info.role, schema.index(role: role) != nil { info.role = nil }
            let out1 = RelationSchema.FieldInfo(name: unique, type: field.type, info: info)
            schema.fields.append(out1)
            out.append(JoinAddedField(index: i, field: out1))
        }
        return out
    }

    /// `a = b and c = d` (or `a = b and col`, a same-name column) as column pairs, left name first.
    private static func equalities(
        _ e: Expr, into pairs: inout [(left: String, leftSpan: SourceSpan, right: String, rightSpan: SourceSpan)]
    ) throws(Diagnostic) {
        switch e.kind {
        case .binary(.and, let a, let b):
            try equalities(a, into: &pairs)
            try equalities(b, into: &pairs)
        case .column(let name):  // `on a = b and col`: a same-name column among the pairs
            pairs.append((name, e.span, name, e.span))
        case .binary(.equal, let a, let b) where a.isColumn && b.isColumn:
            guard case .column(let l) = a.kind, case .column(let r) = b.kind else { return }
            pairs.append((l, a.span, r, b.span))
        default:
            throw Diagnostic(
                .bind, "a join matches columns: on COLUMN, or on INPUT_COLUMN = OTHER_COLUMN [and …]", span: e.span,
                hint: "filter with \"where\" before or after the join")
        }
    }

    private static func isOn(_ argument: VerbArgument) -> Bool {
        if case .word(let w, _) = argument { return w.lowercased() == "on" }
        return false
    }

    private static func spanOf(_ argument: VerbArgument) -> SourceSpan {
        switch argument {
        case .word(_, let span): return span
        case .expr(let e): return e.span
        }
    }
}

extension Expr {
    fileprivate var isColumn: Bool {
        if case .column = kind { return true }
        return false
    }
}
