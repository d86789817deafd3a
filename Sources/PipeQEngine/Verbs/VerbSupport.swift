import PipeQCore
import PipeQLanguage
import PipeQStorage

/// Helpers the pipeline verbs share: argument checking, role lookup, `by` grouping, outcome codes and
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
            var unique = name
            var n = 2
            while taken.contains(unique) {
                unique = "\(name)_\(n)"
                n += 1
            }
            taken.append(unique)
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

/// Where a deal's outcome comes from, for the verbs that keep their own operator: a column and the
/// `OutcomeRule` that reads it (the same classifier the lowered verbs, `cycle` and `winrate` bind).
struct OutcomeSource: Sendable {
    var columnIndex: Int
    var rule: OutcomeRule

    static let open = OutcomeRule.open, won = OutcomeRule.won, lost = OutcomeRule.lost, unknown: UInt8 = 3

    /// The status column (as a string), else the stage column; nil when the schema has neither.
    static func find(in schema: RelationSchema, stages: StageDefinitions) -> OutcomeSource? {
        guard case .outcome(.column(let i, _), let rule)? = OutcomeRule.classifier(in: schema, stages: stages) else {
            return nil
        }
        return OutcomeSource(columnIndex: i, rule: rule)
    }

    /// One code per row of `input`: 0 open, 1 won, 2 lost, 3 unknown (null).
    func codes(_ input: Relation) -> [UInt8] {
        codes(of: VerbSupport.column(input, columnIndex))
    }

    /// One code per row of `column` (this source's column), decided once per dictionary entry.
    func codes(of column: Column) -> [UInt8] {
        guard case .string(let codes, let dictionary) = column.values, dictionary.count > 0 else {
            return [UInt8](repeating: Self.unknown, count: column.count)
        }
        var out = codes.lookup(rule.codes(for: dictionary))
        if let nulls = column.nulls {
            for i in 0..<out.count where nulls.isNull(i) { out[i] = Self.unknown }
        }
        return out
    }
}

/// The `by` groups of a verb's input, numbered in key order, with the key values of each group.
struct VerbGroups {
    var ids: [Int32]
    var count: Int
    private var keyColumns: [Column]
    private var keys: [NamedBoundExpr]
    private var representatives: [Int32]

    init(keys: [NamedBoundExpr], input: Relation, context: ExecutionContext) throws(Diagnostic) {
        let evaluator = Evaluator(relation: input, context: context)
        let columns = keys.map {
            evaluator.vector($0.expr, .all(input.count)).materialized(count: input.count).withDistinctStrings
        }
        let groups =
            keys.isEmpty
            ? Groups.single(rowCount: input.count)
            : try Groups.build(keys: columns, rowCount: input.count, cancellation: context.cancellation)
        ids = groups.ids
        count = groups.count
        representatives = groups.representatives
        keyColumns = columns
        self.keys = keys
    }

    /// Groups given directly (compare: the rep, the team, everyone else); no key fields.
    init(ids: [Int32], count: Int) {
        self.ids = ids
        self.count = count
        representatives = []
        keyColumns = []
        keys = []
    }

    /// Key fields with one row per group, each repeated `block` times (group-major).
    func keyFields(repeating block: Int = 1) -> [RelationField] {
        keyFields(blocks: [Int](repeating: block, count: count))
    }

    /// Key fields with group g's row repeated `blocks[g]` times (group-major).
    func keyFields(blocks: [Int]) -> [RelationField] {
        var rows: [Int32] = []
        rows.reserveCapacity(blocks.reduce(0, +))
        for (r, block) in zip(representatives.prefix(count), blocks) { for _ in 0..<block { rows.append(r) } }
        return zip(keys, keyColumns).map { key, column in
            RelationField(name: key.name, info: key.info, column: column.gathered(rows))
        }
    }
}

/// A calendar period for verbs that bucket by date (forecast, balance): weeks start on Monday.
public enum PeriodUnit: String, CaseIterable, Sendable {
    case week, month, quarter, year

    /// The period a `by` list names (`by month`), nil when there is no `by`; a diagnostic for anything else.
    static func parse(_ input: VerbBindingInput, default unit: PeriodUnit) throws(Diagnostic) -> PeriodUnit {
        guard let first = input.keys.first else { return unit }
        let names = allCases.map(\.rawValue)
        guard input.keys.count == 1, first.name == nil, case .column(let word) = first.expr.kind,
            let unit = PeriodUnit(rawValue: word.lowercased())
        else {
            let span = input.keys.count > 1 ? input.keys[1].expr.span : first.expr.span
            var hint = "usage: " + VerbSupport.usage(input.name)
            if input.keys.count == 1, case .column(let word) = first.expr.kind,
                let h = Suggestions.hint(for: word, in: names)
            {
                hint = h
            }
            throw Diagnostic(
                .bind, "\(input.name) groups by period: by \(names.joined(separator: ", "))", span: span, hint: hint)
        }
        return unit
    }

    /// The scalar function giving the start of a date's period (`week(d)`, `month(d)`, …), the same calendar.
    var function: ScalarFunction {
        switch self {
        case .week: return .week
        case .month: return .month
        case .quarter: return .quarter
        case .year: return .year
        }
    }

    /// A running number for the period holding `day` (consecutive periods differ by 1).
    func index(_ day: Int32) -> Int {
        let d = Int(day)
        switch self {
        case .week: return Int(CivilTime.floorDiv(Int64(d - CivilTime.weekday(days: d) - 4), 7))
        case .month:
            let (y, m, _) = CivilTime.civil(days: d)
            return y * 12 + m - 1
        case .quarter:
            let (y, m, _) = CivilTime.civil(days: d)
            return y * 4 + (m - 1) / 3
        case .year: return CivilTime.civil(days: d).year
        }
    }

    /// The first day of the period with this running number.
    func start(_ index: Int) -> Int32 {
        switch self {
        case .week: return Int32(index * 7 + 4)
        case .month:
            let y = Int(CivilTime.floorDiv(Int64(index), 12))
            return Int32(CivilTime.days(year: y, month: index - y * 12 + 1, day: 1))
        case .quarter:
            let y = Int(CivilTime.floorDiv(Int64(index), 4))
            return Int32(CivilTime.days(year: y, month: (index - y * 4) * 3 + 1, day: 1))
        case .year: return Int32(CivilTime.days(year: index, month: 1, day: 1))
        }
    }
}
