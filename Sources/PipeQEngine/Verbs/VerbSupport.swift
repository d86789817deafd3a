import PipeQCore
import PipeQLanguage
import PipeQStorage

/// Helpers the pipeline verbs share: argument checking, role lookup, `by` keys, output relations and
/// typed column access. Everything here works on whole columns.
enum VerbSupport {
    // MARK: - Arguments

    /// The option words given to a verb, checked against the ones its `StageTable` entry lists (the one list
    /// completion offers too); "did you mean" otherwise.
    static func options(_ input: VerbBindingInput) throws(Diagnostic) -> Set<String> {
        let allowed = StageTable.entry(for: input.name)?.arguments.options ?? []
        var found: Set<String> = []
        for argument in input.arguments {
            switch argument {
            case .word(let word, let span):
                let lower = word.lowercased()
                guard allowed.contains(lower) else {
                    if allowed.isEmpty {
                        throw Diagnostic(
                            .bind, "\(input.name) takes no options", span: span, hint: "usage: " + usage(input.name))
                    }
                    throw Diagnostic(
                        .bind, "unknown option \"\(word)\" for \(input.name)", span: span,
                        hint: Suggestions.hint(for: word, in: allowed) ?? "usage: " + usage(input.name))
                }
                found.insert(lower)
            case .expr(let expr):
                throw Diagnostic(
                    .bind, "\(input.name) does not take \"\(input.context.text(of: expr.span))\"", span: expr.span,
                    hint: "usage: " + usage(input.name))
            }
        }
        return found
    }

    static func usage(_ verb: String) -> String { StageTable.entry(for: verb)?.usage ?? verb }

    /// Refuses `by` for verbs that do not group.
    static func refuseKeys(_ input: VerbBindingInput) throws(Diagnostic) {
        if let first = input.keys.first {
            throw Diagnostic(
                .bind, "\(input.name) does not take \"by\"", span: first.expr.span, hint: "usage: " + usage(input.name))
        }
    }

    // MARK: - Roles

    /// The input field playing a role, or a diagnostic naming what is missing and how to provide it.
    static func require(_ role: ColumnRole, _ input: VerbBindingInput, for purpose: String, types: [DataType]? = nil)
        throws(Diagnostic) -> Int
    {
        guard let i = input.schema.index(role: role) else {
            throw Diagnostic(
                .bind, "\(input.name) needs \(purpose), but the input has no \(role.canonicalName) column",
                span: input.keywordSpan,
                hint:
                    "name a deals column \(role.canonicalName), or map one in pipeline.toml: [roles] \"deals.\(role.canonicalName)\" = \"COLUMN\""
            )
        }
        if let types, !types.contains(input.schema.fields[i].type) {
            let field = input.schema.fields[i]
            throw Diagnostic(
                .bind, "\(input.name) needs \(purpose), but \(field.name) is \(field.type.withArticle) column",
                span: input.keywordSpan,
                hint: "expected " + types.map(\.withArticle).joined(separator: " or "))
        }
        return i
    }

    /// Where a deal's open/won/lost outcome comes from: the status column, else the stage column and the
    /// stage definitions.
    static func outcomeSource(_ input: VerbBindingInput) throws(Diagnostic) -> OutcomeSource {
        guard case .outcome(.column(let i, _), let rule) = try outcome(input) else {
            preconditionFailure("an outcome reads a column")
        }
        return OutcomeSource(columnIndex: i, rule: rule)
    }

    /// Each deal's outcome, `outcome(status)` (else of the stage column), or the diagnostic naming what is missing.
    static func outcome(_ input: VerbBindingInput) throws(Diagnostic) -> BoundExpr {
        if let outcome = OutcomeRule.classifier(in: input.schema, stages: input.catalog.stages) { return outcome }
        throw Diagnostic(
            .bind,
            "\(input.name) needs each deal's outcome (open, won or lost), but the input has no status or stage column",
            span: input.keywordSpan,
            hint:
                "keep the status or stage column before \(input.name), or map one in pipeline.toml: [roles] \"deals.status\" = \"COLUMN\""
        )
    }

    // MARK: - Keys and groups

    /// The `by` keys bound against the input schema, as the aggregate stage binds them.
    static func bindKeys(_ input: VerbBindingInput) throws(Diagnostic) -> [NamedBoundExpr] {
        let binder = QueryBinder(
            catalog: input.catalog, lets: [:], asOfDay: input.context.asOfDay, nowMicros: input.context.nowMicros,
            asOf: input.asOf)
        return try binder.bindNamed(input.keys, ExpressionBinder(schema: input.schema, context: input.context))
    }

    /// The output schema: key fields first, then the verb's own columns (names made unique).
    static func schema(keys: [NamedBoundExpr], _ columns: [(String, DataType)]) -> RelationSchema {
        var fields = keys.map { RelationSchema.FieldInfo(name: $0.name, type: $0.expr.type, info: $0.info) }
        var taken = fields.map(\.name)
        for (name, type) in columns {
            let unique = UniqueName.take(name, &taken)
            fields.append(RelationSchema.FieldInfo(name: unique, type: type, info: ColumnInfo(name: unique)))
        }
        return RelationSchema(fields: fields)
    }

    /// Builds the output relation from key fields and columns, naming them as the schema says.
    static func relation(_ schema: RelationSchema, keyFields: [RelationField], columns: [Column], count: Int)
        -> Relation
    {
        var fields = keyFields
        for (k, column) in columns.enumerated() {
            let info = schema.fields[keyFields.count + k]
            fields.append(RelationField(name: info.name, info: info.info, column: column))
        }
        return Relation(fields: fields, count: count)
    }

    static func keyNames(_ keys: [NamedBoundExpr]) -> String {
        keys.isEmpty ? "" : " by " + keys.map(\.name).joined(separator: ", ")
    }

    // MARK: - Typed access

    /// A field's values aligned with the relation (index applied).
    static func column(_ input: Relation, _ i: Int) -> Column { input.fields[i].materialized() }

    /// Numbers as doubles (integers converted); nulls stay in the bitmap.
    static func doubles(_ c: Column) -> [Double] {
        switch c.values {
        case .double(let v): return v
        case .int(let v): return v.map { Double($0) }
        default: return [Double](repeating: 0, count: c.count)
        }
    }

    /// Dates and datetimes as microseconds since 1970.
    static func micros(_ c: Column) -> [Int64] {
        switch c.values {
        case .timestamp(let v): return v
        case .date(let v): return v.map { Int64($0) &* CivilTime.microsPerDay }
        default: return [Int64](repeating: 0, count: c.count)
        }
    }

    /// Dates and datetimes read as microseconds since 1970 row by row: `micros` without converting a
    /// whole date column first (80 MB at 10M deals). Other types read as 0.
    struct Micros {
        private let dates: [Int32]
        private let stamps: [Int64]
        private let isDate: Bool

        init(_ c: Column) {
            switch c.values {
            case .timestamp(let v): (dates, stamps, isDate) = ([], v, false)
            case .date(let v): (dates, stamps, isDate) = (v, [], true)
            default: (dates, stamps, isDate) = ([Int32](repeating: 0, count: c.count), [], true)
            }
        }

        @inline(__always)
        subscript(i: Int) -> Int64 { isDate ? Int64(dates[i]) &* CivilTime.microsPerDay : stamps[i] }
    }

    /// Numbers read as doubles row by row: `doubles` without converting a whole integer column first.
    /// Other types read as 0.
    struct Doubles {
        private let ints: [Int64]
        private let reals: [Double]
        private let isInt: Bool

        init(_ c: Column) {
            switch c.values {
            case .double(let v): (ints, reals, isInt) = ([], v, false)
            case .int(let v): (ints, reals, isInt) = (v, [], true)
            default: (ints, reals, isInt) = ([], [Double](repeating: 0, count: c.count), false)
            }
        }

        @inline(__always)
        subscript(i: Int) -> Double { isInt ? Double(ints[i]) : reals[i] }
    }

    /// Dates and datetimes as days since 1970 (a datetime's day).
    static func days(_ c: Column) -> [Int32] {
        switch c.values {
        case .date(let v): return v
        case .timestamp(let v): return v.map { Int32(clamping: CivilTime.floorDiv($0, CivilTime.microsPerDay)) }
        default: return [Int32](repeating: 0, count: c.count)
        }
    }

    static func intColumn(_ v: [Int64], nullWhere: ((Int) -> Bool)? = nil) -> Column {
        Column(.int(v), nulls: nullWhere.flatMap { NullBitmap.from(count: v.count, isNull: $0) })
    }

    /// Doubles, null where not finite.
    static func doubleColumn(_ v: [Double]) -> Column {
        Column(.double(v.map { $0.isFinite ? $0 : 0 }), nulls: NullBitmap.from(count: v.count) { !v[$0].isFinite })
    }

    /// Durations from days (doubles), null where not finite.
    static func durationColumn(days v: [Double]) -> Column {
        let day = Double(CivilTime.microsPerDay)
        return Column(
            .duration(v.map { $0.isFinite ? Int64(($0 * day).rounded()) : 0 }),
            nulls: NullBitmap.from(count: v.count) { !v[$0].isFinite })
    }

    /// A string column over a fixed list of labels, sorting in the list's order.
    static func labelColumn(_ codes: [UInt32], labels: [String]) -> Column {
        Column(.string(codes: codes, StringDictionary(values: labels, order: labels)))
    }

    /// Strings as a dictionary column (repeated strings share a code).
    static func stringColumn(_ v: [String]) -> Column {
        var builder = StringDictionaryBuilder()
        let codes = v.map { builder.code(for: $0) }
        return Column(.string(codes: codes, builder.build()))
    }

    static func constantString(_ s: String, count: Int) -> Column {
        Column(.string(.zeros(count), StringDictionary(values: [s])))
    }
}
