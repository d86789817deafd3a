import PipeQCore
import PipeQLanguage
import PipeQStorage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Evaluates conditions to positions, with SQL's three-valued logic: `select(e, want: true)` gives the rows
/// where `e` is true, `want: false` where it is false; rows where it is unknown (null) are in neither.
/// So `not (x = 1)` keeps neither rows where x is 1 nor rows where x is null.
struct Predicate {
    let evaluator: Evaluator

    func select(_ e: BoundExpr, _ domain: Domain, want: Bool) -> [Int32] {
        if domain.count == 0 { return [] }
        switch e {
        case .columnsEqual(let equalities):
            // Two one-byte dictionary columns of the same rows: one pass over both code arrays.
            if want, equalities.count == 2,
                let both = selectBothEqual(equalities[0].comparison, equalities[1].comparison, domain)
            {
                return both
            }
            return select(.conjunction(equalities), domain, want: want)
        case .and(let a, let b):
            if want { return select(b, .rows(select(a, domain, want: true)), want: true) }
            return unionPositions(select(a, domain, want: false), select(b, domain, want: false))
        case .or(let a, let b):
            if !want { return select(b, .rows(select(a, domain, want: false)), want: false) }
            return unionPositions(select(a, domain, want: true), select(b, domain, want: true))
        case .not(let a):
            return select(a, domain, want: !want)
        case .isNull(let inner, let negated):
            return selectNull(inner, domain, null: want != negated)
        case .constant(let v, _):
            if case .bool(let b) = v, b == want { return domain.positionsArray }
            return []
        case .compare(let op, .outcome(let column, let rule), .constant(.string(let value), _))
        where op == .equal || op == .notEqual:
            return outcome(column, rule, in: [value], domain, want: want == (op == .equal))
        case .inList(.outcome(let column, let rule), let values, let negated):
            return outcome(
                column, rule,
                in: Set(values.compactMap { if case .string(let s) = $0 { return s } else { return nil } }), domain,
                want: want != negated)
        case .compare(let op, let a, let b):
            return compare(want ? op : op.negated, a, b, domain)
        case .equalIgnoringCase(let a, let b):
            return equalIgnoringCase(a, b, domain, want: want)
        case .inList(let inner, let values, let negated):
            return inList(inner, values, domain, want: want != negated)
        case .match(let kind, let inner, let pattern, let negated)
        where [.icontains, .like, .ilike, .matches].contains(kind):
            if let bytes = BytePattern(kind, pattern) {
                return byteTable(inner, domain) { (bytes.matches($0) != negated) == want }
            }
            let compiled = TextPattern(kind, pattern)
            return stringTable(inner, domain) { (compiled.matches($0) != negated) == want }
        case .match(let kind, let inner, let pattern, let negated):
            let needle = Array(pattern.utf8)
            return byteTable(inner, domain) { bytes in (Self.matches(kind, bytes, needle) != negated) == want }
        default:
            // Any other boolean-valued expression (a bool column, coalesce(...)): evaluate, then pick.
            let column = evaluator.vector(e, domain).materialized(count: domain.count)
            guard case .bool(let values) = column.values else { return [] }
            let mask = values.enumerated().map { i, v in v == want && !column.isNull(i) }
            return domain.positions(where: mask)
        }
    }

    /// Case-sensitive matching on UTF-8 bytes (whole characters match whole byte sequences).
    static func matches(_ kind: StringMatch, _ s: UnsafeBufferPointer<UInt8>, _ pattern: [UInt8]) -> Bool {
        switch kind {
        case .contains:
            // A byte search (memchr for the first byte, memcmp for the rest): the generic firstRange(of:)
            // took ~3 µs a string (30 s for `name contains "…"` over 10M names).
            return pattern.isEmpty || pattern.withUnsafeBufferPointer { Self.find($0, in: s) }
        case .startsWith: return s.starts(with: pattern)
        case .endsWith: return s.count >= pattern.count && s[(s.count - pattern.count)...].elementsEqual(pattern)
        case .icontains, .like, .ilike, .matches:
            return TextPattern(kind, String(decoding: pattern, as: UTF8.self)).matches(
                String(decoding: s, as: UTF8.self))
        }
    }

    /// True when `needle` (not empty) occurs in `text`.
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = needle.count
        guard n > 0, n <= text.count, let base = text.baseAddress, let pattern = needle.baseAddress else {
            return n == 0
        }
        let last = text.count - n
        var i = 0
        while i <= last {
            guard let hit = memchr(base + i, Int32(pattern[0]), last - i + 1) else { return false }
            let j = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + j, pattern, n) == 0 { return true }
            i = j + 1
        }
        return false
    }

    // MARK: - Leaves

    private func selectNull(_ e: BoundExpr, _ domain: Domain, null: Bool) -> [Int32] {
        if case .column(let i, _) = e {
            let field = evaluator.relation.fields[i]
            guard let nulls = field.column.nulls else { return null ? [] : domain.positionsArray }
            let w = nulls.words
            return w.withUnsafeBufferPointer { words in
                selectPositions(domain, physical: domain.physicalRows(field.index), nulls: nil) { r in
                    ((words[r >> 6] >> UInt64(r & 63)) & 1 != 0) == null
                }
            }
        }
        let column = evaluator.vector(e, domain).materialized(count: domain.count)
        let mask = (0..<domain.count).map { column.isNull($0) == null }
        return domain.positions(where: mask)
    }

    /// Physical access to a plain column over a domain: its values, nulls and the rows behind the positions.
    private func direct(_ e: BoundExpr, _ domain: Domain) -> (Column, [Int32]?)? {
        guard case .column(let i, _) = e else { return nil }
        let field = evaluator.relation.fields[i]
        return (field.column, domain.physicalRows(field.index))
    }

    /// `status = "open" and stage = "Needs Analysis"` (the optimizer's `columnsEqual`): two string columns of the
    /// same rows, each equal to a constant, with no nulls. One pass tests both codes, instead of a pass that writes
    /// the first test's positions and a second pass over them. Nil when the data's shape does not fit.
    private func selectBothEqual(_ a: BoundExpr, _ b: BoundExpr, _ domain: Domain) -> [Int32]? {
        guard let x = equalCode(a), let y = equalCode(b), x.field.index === y.field.index else { return nil }
        // Both one byte wide, the usual shape (status, stage); other widths take the general path.
        // The closure is written for concrete types: made in generic code it stays a call per row.
        guard case .string(.u8(let codesX), let dictX) = x.field.column.values,
            case .string(.u8(let codesY), let dictY) = y.field.column.values,
            dictX.isDistinct, dictY.isDistinct
        else { return nil }
        guard let codeX = dictX.code(of: x.value), let codeY = dictY.code(of: y.value) else { return [] }
        guard codeX <= UInt8.max, codeY <= UInt8.max else { return [] }  // no one-byte code holds it
        let rows = domain.physicalRows(x.field.index)
        let byteX = UInt8(codeX)
        let byteY = UInt8(codeY)
        return codesX.withUnsafeBufferPointer { cx in
            codesY.withUnsafeBufferPointer { cy in
                if case .all(let n) = domain, rows == nil, n > 0, n <= cx.count, n <= cy.count {
                    // Eight rows per word: a byte of (x ^ wanted x) | (y ^ wanted y) is zero where both match.
                    let px = SWAR.repeated(byteX)
                    let py = SWAR.repeated(byteY)
                    let rx = UnsafeRawPointer(cx.baseAddress!)
                    let ry = UnsafeRawPointer(cy.baseAddress!)
                    return selectZeroBytes(
                        count: n,
                        {
                            (rx.loadUnaligned(fromByteOffset: $0, as: UInt64.self) ^ px)
                                | (ry.loadUnaligned(fromByteOffset: $0, as: UInt64.self) ^ py)
                        }, rowPasses: { (cx[$0] ^ byteX) | (cy[$0] ^ byteY) == 0 })
                }
                // no branch
                return selectPositions(domain, physical: rows, nulls: nil) { (cx[$0] ^ byteX) | (cy[$0] ^ byteY) == 0 }
            }
        }
    }

    /// A string column without nulls compared equal to a string constant.
    private func equalCode(_ e: BoundExpr) -> (field: RelationField, value: String)? {
        guard case .compare(.equal, let l, let r) = e else { return nil }
        let (columnSide, constantSide) = r.constantValue != nil ? (l, r) : (r, l)
        guard case .column(let i, _) = columnSide, case .string(let value)? = constantSide.constantValue else {
            return nil
        }
        let field = evaluator.relation.fields[i]
        guard field.column.nulls == nil, case .string = field.column.values else { return nil }
        return (field, value)
    }

    private func compare(_ op: ComparisonOperator, _ a: BoundExpr, _ b: BoundExpr, _ domain: Domain) -> [Int32] {
        // Fast path: column op constant (either side) straight off the base column.
        if let constant = b.constantValue, let (column, rows) = direct(a, domain) {
            return compareConstant(column, op, constant, domain, rows)
        }
        if let constant = a.constantValue, let (column, rows) = direct(b, domain) {
            return compareConstant(column, op.flipped, constant, domain, rows)
        }
        let left = evaluator.vector(a, domain)
        let right = evaluator.vector(b, domain)
        if case .constant(let c, _) = right, case .column(let col) = left {
            return compareConstant(col, op, c, .all(domain.count), nil).map { Self.position($0, domain) }
        }
        if case .constant(let c, _) = left, case .column(let col) = right {
            return compareConstant(col, op.flipped, c, .all(domain.count), nil).map { Self.position($0, domain) }
        }
        let x = left.materialized(count: domain.count)
        let y = right.materialized(count: domain.count)
        let mask = compareColumns(op, x, y)
        return domain.positions(where: mask)
    }

    private static func position(_ offset: Int32, _ domain: Domain) -> Int32 {
        if case .rows(let r) = domain { return r[Int(offset)] }
        return offset
    }

    private func compareConstant(
        _ column: Column, _ op: ComparisonOperator, _ constant: Scalar, _ domain: Domain, _ rows: [Int32]?
    ) -> [Int32] {
        let nulls = column.nulls
        switch (column.values, constant) {
        case (.int(let v), .int(let c)), (.timestamp(let v), .timestamp(let c)), (.duration(let v), .duration(let c)):
            return selectCompare(v, op, c, domain, physical: rows, nulls: nulls)
        case (.double(let v), .double(let c)):
            return selectCompare(v, op, c, domain, physical: rows, nulls: nulls)
        case (.date(let v), .date(let c)):
            return selectCompare(v, op, c, domain, physical: rows, nulls: nulls)
        case (.bool(let v), .bool(let c)):
            return v.withUnsafeBufferPointer { p in
                selectPositions(domain, physical: rows, nulls: nulls) { op.holds(p[$0] ? 1 : 0, c ? 1 : 0) }
            }
        case (.string(let codes, let dict), .string(let c)):
            let table: [Bool]
            if op == .equal || op == .notEqual {
                // Byte comparison per dictionary entry: no Strings made, no index built.
                let target = Array(c.utf8)
                let wanted = op == .equal
                table = mapEntries(dict) { $0.elementsEqual(target) == wanted }
            } else if dict.hasCustomOrder, let code = dict.code(of: c) {
                // An ordered column (stages) compares in its domain order: stage >= "Proposal" means at or past it.
                let ranks = dict.ranks
                let target = ranks[Int(code)]
                table = ranks.map { op.holds($0, target) }
            } else {
                // Byte order on each entry's UTF-8, without making Strings or arrays per entry.
                let target = Array(c.utf8)
                table = mapEntries(dict) { bytes in
                    let order = bytes.elementsEqual(target) ? 0 : (bytes.lexicographicallyPrecedes(target) ? -1 : 1)
                    return op.holds(order, 0)
                }
            }
            return selectCodes(codes, table: table, domain, physical: rows, nulls: nulls)
        default:
            return []
        }
    }

    /// Element-wise comparison of two aligned columns of the same type; nulls compare false.
    private func compareColumns(_ op: ComparisonOperator, _ x: Column, _ y: Column) -> [Bool] {
        let n = x.count
        var mask = [Bool](repeating: false, count: n)
        func run<T: Comparable>(_ a: [T], _ b: [T]) {
            for i in 0..<n { mask[i] = op.holds(a[i], b[i]) }
        }
        switch (x.values, y.values) {
        case (.int(let a), .int(let b)), (.timestamp(let a), .timestamp(let b)), (.duration(let a), .duration(let b)):
            run(a, b)
        case (.double(let a), .double(let b)): run(a, b)
        case (.date(let a), .date(let b)): run(a, b)
        case (.bool(let a), .bool(let b)): run(a.map { $0 ? 1 : 0 }, b.map { $0 ? 1 : 0 })
        case (.string(let ac, let ad), .string(let bc, let bd)):
            // One dictionary: equal strings have equal codes once it is distinct (the same deduplication serves both).
            if ad === bd, op == .equal || op == .notEqual, let (xd, _) = x.values.distinctStrings,
                let (yd, _) = y.values.distinctStrings
            {
                run(xd.widened, yd.widened)
            } else {
                let av = ad.values
                let bv = bd.values
                for i in 0..<n {
                    let s = av[Int(ac[i])]
                    let t = bv[Int(bc[i])]
                    let order = s == t ? 0 : (Array(s.utf8).lexicographicallyPrecedes(Array(t.utf8)) ? -1 : 1)
                    mask[i] = op.holds(order, 0)
                }
            }
        default: break
        }
        if x.nulls != nil || y.nulls != nil {
            for i in 0..<n where x.isNull(i) || y.isNull(i) { mask[i] = false }
        }
        return mask
    }

    private func equalIgnoringCase(_ a: BoundExpr, _ b: BoundExpr, _ domain: Domain, want: Bool) -> [Int32] {
        if case .constant(.string(let c), _) = b {
            let target = c.lowercased()
            return stringTable(a, domain) { ($0.lowercased() == target) == want }
        }
        if case .constant(.string(let c), _) = a {
            let target = c.lowercased()
            return stringTable(b, domain) { ($0.lowercased() == target) == want }
        }
        let x = evaluator.vector(a, domain).materialized(count: domain.count)
        let y = evaluator.vector(b, domain).materialized(count: domain.count)
        guard case .string(let xc, let xd) = x.values, case .string(let yc, let yd) = y.values else { return [] }
        let xl = xd.values.map { $0.lowercased() }
        let yl = yd.values.map { $0.lowercased() }
        let mask = (0..<domain.count).map { i in
            !x.isNull(i) && !y.isNull(i) && (xl[Int(xc[i])] == yl[Int(yc[i])]) == want
        }
        return domain.positions(where: mask)
    }

    private func inList(_ e: BoundExpr, _ values: [Scalar], _ domain: Domain, want: Bool) -> [Int32] {
        if e.type == .string {
            let set = Set(values.compactMap { if case .string(let s) = $0 { return s } else { return nil } })
            return stringTable(e, domain) { set.contains($0) == want }
        }
        let (column, rows): (Column, [Int32]?)
        if let d = direct(e, domain) {
            (column, rows) = d
        } else {
            column = evaluator.vector(e, domain).materialized(count: domain.count)
            rows = nil
            return selectIn(column, values, .all(domain.count), rows, want: want).map { Self.position($0, domain) }
        }
        return selectIn(column, values, domain, rows, want: want)
    }

    private func selectIn(_ column: Column, _ values: [Scalar], _ domain: Domain, _ rows: [Int32]?, want: Bool)
        -> [Int32]
    {
        let nulls = column.nulls
        switch column.values {
        case .int(let v), .timestamp(let v), .duration(let v):
            let set = Set(
                values.compactMap { s -> Int64? in
                    switch s {
                    case .int(let x), .timestamp(let x), .duration(let x): return x
                    default: return nil
                    }
                })
            return v.withUnsafeBufferPointer { p in
                selectPositions(domain, physical: rows, nulls: nulls) { set.contains(p[$0]) == want }
            }
        case .double(let v):
            let set = Set(values.compactMap { $0.asDouble })
            return v.withUnsafeBufferPointer { p in
                selectPositions(domain, physical: rows, nulls: nulls) { set.contains(p[$0]) == want }
            }
        case .date(let v):
            let set = Set(
                values.compactMap { s -> Int32? in if case .date(let d) = s { return d } else { return nil } })
            return v.withUnsafeBufferPointer { p in
                selectPositions(domain, physical: rows, nulls: nulls) { set.contains(p[$0]) == want }
            }
        case .bool(let v):
            let set = Set(values.compactMap { s -> Bool? in if case .bool(let b) = s { return b } else { return nil } })
            return v.withUnsafeBufferPointer { p in
                selectPositions(domain, physical: rows, nulls: nulls) { set.contains(p[$0]) == want }
            }
        case .string:
            return []
        }
    }

    /// A per-value test on UTF-8 bytes: evaluated once per dictionary entry without making Strings.
    private func byteTable(_ e: BoundExpr, _ domain: Domain, _ test: (UnsafeBufferPointer<UInt8>) -> Bool) -> [Int32] {
        selectByDictionary(e, domain) { mapEntries($0, test) }
    }

    /// Any per-string predicate: evaluated once per dictionary entry, then a code lookup per row.
    private func stringTable(_ e: BoundExpr, _ domain: Domain, _ test: (String) -> Bool) -> [Int32] {
        selectByDictionary(e, domain) { table($0, test) }
    }

    /// Positions whose string passes, with `entries` giving the result for each dictionary entry: straight
    /// off a base column, or over the evaluated expression's dictionary.
    private func selectByDictionary(_ e: BoundExpr, _ domain: Domain, entries: (StringDictionary) -> [Bool]) -> [Int32]
    {
        if let (column, rows) = direct(e, domain), case .string(let codes, let dict) = column.values {
            return selectCodes(codes, table: entries(dict), domain, physical: rows, nulls: column.nulls)
        }
        let column = evaluator.vector(e, domain).materialized(count: domain.count)
        guard case .string(let codes, let dict) = column.values else { return [] }
        return selectCodes(codes, table: entries(dict), .all(domain.count), physical: nil, nulls: column.nulls)
            .map { Self.position($0, domain) }
    }

    /// `outcome(column) in (…)` straight off the column's dictionary: each entry's outcome decided once, no
    /// outcome column made.
    private func outcome(_ column: BoundExpr, _ rule: OutcomeRule, in labels: Set<String>, _ domain: Domain, want: Bool)
        -> [Int32]
    {
        selectByDictionary(column, domain) { dictionary in
            rule.codes(for: dictionary, cancellation: evaluator.context.cancellation).map {
                labels.contains(OutcomeRule.labels[Int($0)]) == want
            }
        }
    }

    /// A byte test's result for each dictionary entry; after Ctrl-C the remaining entries are skipped
    /// (false), and the executor discards the partial result.
    private func mapEntries(_ dict: StringDictionary, _ test: (UnsafeBufferPointer<UInt8>) -> Bool) -> [Bool] {
        let cancellation = evaluator.context.cancellation
        // Over the arena here, not with `mapBytes`: that generic loop is not specialised across modules and
        // costs a type-metadata lookup per entry (3 s over 10M names, even once stopped).
        let (bytes, offsets) = dict.utf8Arena()
        var table = [Bool](repeating: false, count: dict.count)
        bytes.withUnsafeBufferPointer { b in
            offsets.withUnsafeBufferPointer { o in
                for i in 0..<dict.count {
                    if cancellation.shouldStop(i) { break }
                    table[i] = test(UnsafeBufferPointer(rebasing: b[o[i]..<o[i + 1]]))
                }
            }
        }
        return table
    }

    /// The test's result for each dictionary entry (10M distinct names take a while: stops early on Ctrl-C,
    /// and the executor discards the partial result).
    private func table(_ dict: StringDictionary, _ test: (String) -> Bool) -> [Bool] {
        let cancellation = evaluator.context.cancellation
        var table = [Bool](repeating: false, count: dict.count)
        for (i, value) in dict.values.enumerated() {
            if cancellation.shouldStop(i) { break }
            table[i] = test(value)
        }
        return table
    }
}
