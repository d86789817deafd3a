import PipeQCore
import PipeQLanguage
import PipeQStorage

/// `join TABLE on COLUMN`: adds another table's columns to each row (left join).
struct JoinPlan: VerbPlan {
    static let binder = VerbBinder(word: "join") { input throws(Diagnostic) in try JoinPlan(input) }

    private(set) var table: Table
    /// The joined table's rows: the table, or its state on the query's `asof` day.
    let rightRows: LogicalPlan
    /// The `join …` stage, for errors found while joining.
    let span: SourceSpan
    let leftKey: Int
    let rightKey: Int
    /// Right fields added, by index, with their output names and infos.
    let added: [(index: Int, info: ColumnInfo)]
    let outputSchema: RelationSchema

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        try VerbSupport.refuseKeys(input)
        var words: [(String, SourceSpan)] = []
        for argument in input.arguments {
            switch argument {
            case .word(let w, let span): words.append((w, span))
            case .expr(let e):
                throw Diagnostic(.bind, "join takes a table name and \"on COLUMN\"", span: e.span, hint: "e.g. \"join reps on rep\"")
            }
        }
        guard words.count == 3, words[1].0.lowercased() == "on" else {
            let span = words.count > 3 ? words[3].1 : (words.count >= 2 && words[1].0.lowercased() != "on" ? words[1].1 : input.span)
            throw Diagnostic(.bind, "join needs a table and a column: join TABLE on COLUMN", span: span, hint: "e.g. \"join reps on rep\"")
        }
        let (name, nameSpan) = words[0]
        guard let table = input.catalog.table(named: name) ?? TableRole(rawValue: name.lowercased()).flatMap({ input.catalog.table(role: $0) }) else {
            throw Diagnostic(.bind, "unknown table \"\(name)\"", span: nameSpan,
                             hint: Suggestions.hint(for: name, in: input.catalog.sourceNames) ?? "tables: " + input.catalog.sourceNames.joined(separator: ", "))
        }
        let (column, columnSpan) = words[2]
        guard let left = input.schema.index(of: column) else {
            throw Diagnostic(.bind, "unknown column \"\(column)\" in the input", span: columnSpan, hint: Suggestions.hint(for: column, in: input.schema.allNames))
        }
        guard let right = table.fieldIndex(named: column) else {
            throw Diagnostic(.bind, "table \(table.name) has no column \"\(column)\"", span: columnSpan,
                             hint: Suggestions.hint(for: column, in: table.allColumnNames) ?? "its columns: " + table.fields.map(\.name).joined(separator: ", "))
        }
        let lt = input.schema.fields[left].type, rt = table.fields[right].type
        guard lt == rt, lt == .string || lt == .int || lt == .date else {
            throw Diagnostic(.bind, "cannot join \(lt.withArticle) column with \(rt.withArticle) column", span: columnSpan,
                             hint: lt == rt ? "join on a text, whole-number or date column" : nil)
        }
        self.table = table
        rightRows = input.scan(table)
        span = input.span
        leftKey = left
        rightKey = right
        var schema = input.schema
        var added: [(Int, ColumnInfo)] = []
        for (i, field) in table.fields.enumerated() where i != right {
            var info = field.info
            var unique = field.name
            if schema.fields.contains(where: { $0.name == unique }) { unique = table.name + "_" + field.name }
            var n = 2
            while schema.fields.contains(where: { $0.name == unique }) { unique = "\(table.name)_\(field.name)_\(n)"; n += 1 }
            info.name = unique
            if let role = info.role, schema.index(role: role) != nil { info.role = nil }
            schema.fields.append(.init(name: unique, type: field.type, info: info))
            added.append((i, info))
        }
        self.added = added
        outputSchema = schema
    }

    var explanation: String { "Join \(table.name) on \(table.fields[rightKey].name) (left)" }

    var sideInputs: [LogicalPlan] { [rightRows] }

    func execute(_ input: Relation, sideInputs rows: [Relation], context: ExecutionContext) throws(Diagnostic) -> Relation {
        var plan = self
        if let read = rows.first {
            plan.table = Table(name: table.name, fields: read.fields.map { Field($0.info, $0.materialized()) }, sourcePath: table.sourcePath,
                               role: table.role, derived: table.derived)
        }
        return try plan.run(input, context: context)
    }

    private func run(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let left = VerbSupport.column(input, leftKey)
        let right = table.fields[rightKey].column
        // matches[start[k]..<start[k+1]] are the right rows for left key k (a dictionary code or a dense key number).
        let (leftKeys, rightKeys, keyCount) = Self.commonKeys(left, right)
        var start = [Int](repeating: 0, count: keyCount + 1)
        for k in rightKeys where k >= 0 { start[Int(k) + 1] += 1 }
        for k in 0..<keyCount { start[k + 1] += start[k] }
        try context.checkCancelled()
        try refuseIfTooBig(leftKeys, start, context: context)
        var fill = start
        var matches = [Int32](repeating: 0, count: start[keyCount])
        for (row, k) in rightKeys.enumerated() where k >= 0 {
            matches[fill[Int(k)]] = Int32(row)
            fill[Int(k)] += 1
        }
        var leftRows: [Int32] = []
        var rightRows: [Int32] = []
        leftRows.reserveCapacity(input.count)
        rightRows.reserveCapacity(input.count)
        for i in 0..<input.count {
            if context.cancellation.shouldStop(i) { throw ExecutionContext.cancelled }
            let k = leftKeys[i]
            if k < 0 || start[Int(k)] == start[Int(k) + 1] {
                leftRows.append(Int32(i)); rightRows.append(-1)
                continue
            }
            for m in start[Int(k)]..<start[Int(k) + 1] { leftRows.append(Int32(i)); rightRows.append(matches[m]) }
        }
        var out = input.reindexed(leftRows)
        let gather = rightRows.map { max(0, $0) }
        let missing = NullBitmap.from(count: rightRows.count) { rightRows[$0] < 0 }
        for (index, info) in added {
            let source = table.fields[index].column
            let column = source.count == 0
                ? Vector.broadcast(.null, type: source.type, count: rightRows.count)
                : source.gathered(gather)
            out.fields.append(RelationField(name: info.name, info: info,
                                            column: Column(column.values, nulls: NullBitmap.union(column.nulls, missing, count: rightRows.count))))
        }
        return out
    }

    /// A join repeats each input row once per match: `deals where id <= 100 | join deals on stage` makes 87M
    /// rows. Counts the output rows from the key counts (one pass, no allocation) and refuses, before
    /// building anything, when they would take more than the memory limit.
    private func refuseIfTooBig(_ leftKeys: [Int32], _ start: [Int], context: ExecutionContext) throws(Diagnostic) {
        var rows = 0
        for (i, k) in leftKeys.enumerated() {
            if context.cancellation.shouldStop(i) { throw ExecutionContext.cancelled }
            rows &+= k < 0 ? 1 : max(1, start[Int(k) + 1] - start[Int(k)])
        }
        // Two row positions while matching and the input's index (4 bytes each), then a gathered value per
        // added column: 4 bytes for dictionary codes and dates, 1 for booleans, 8 for the rest.
        let bytesPerRow = added.reduce(12) { sum, column in
            switch table.fields[column.index].type {
            case .string, .date: return sum + 4
            case .bool: return sum + 1
            default: return sum + 8
            }
        }
        let (bytes, overflow) = rows.multipliedReportingOverflow(by: bytesPerRow)
        let limit = MemoryLimit.bytes
        guard overflow || bytes > limit || rows > Int(Int32.max) else { return }
        let rowText = Self.grouped(rows)
        throw Diagnostic(.execute, "join \(table.name) on \(table.fields[rightKey].name) would make \(rowText) rows "
                         + "(about \(overflow ? "more than 1 TB" : MemoryLimit.describe(bytes))), over the memory limit of \(MemoryLimit.describe(limit))",
                         span: span, hint: "join on a column whose values are unique in \(table.name) (an id), filter either side first, "
                            + "or raise the limit: .limit memory SIZE")
    }

    private static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }

    /// Both key columns as numbers in one key space (-1 = null or absent from the other side's space).
    static func commonKeys(_ left: Column, _ right: Column) -> ([Int32], [Int32], Int) {
        let left = left.withDistinctStrings  // its codes are the key space
        switch (left.values, right.values) {
        case (.string(let lc, let ld), .string(let rc, let rd)):
            // Key space: the left dictionary's codes; right values are looked up once per right dictionary entry.
            var index: [String: Int32] = [:]
            for (code, s) in ld.values.enumerated() where index[s] == nil { index[s] = Int32(code) }
            let map = rd.values.map { index[$0] ?? -1 }
            var l = lc.map { Int32($0) }
            var r = rc.lookup(map)
            for i in 0..<l.count where left.isNull(i) { l[i] = -1 }
            for i in 0..<r.count where right.isNull(i) { r[i] = -1 }
            return (l, r, ld.count)
        case (.int(let lv), .int(let rv)):
            return dense(lv, left.nulls, rv, right.nulls)
        case (.date(let lv), .date(let rv)):
            return dense(lv.map(Int64.init), left.nulls, rv.map(Int64.init), right.nulls)
        default:
            return ([Int32](repeating: -1, count: left.count), [Int32](repeating: -1, count: right.count), 0)
        }
    }

    private static func dense(_ l: [Int64], _ ln: NullBitmap?, _ r: [Int64], _ rn: NullBitmap?) -> ([Int32], [Int32], Int) {
        var index: [Int64: Int32] = [:]
        let rk = r.enumerated().map { i, v -> Int32 in
            if rn?.isNull(i) ?? false { return -1 }
            if let k = index[v] { return k }
            let k = Int32(index.count)
            index[v] = k
            return k
        }
        let lk = l.enumerated().map { i, v -> Int32 in (ln?.isNull(i) ?? false) ? -1 : (index[v] ?? -1) }
        return (lk, rk, index.count)
    }
}
