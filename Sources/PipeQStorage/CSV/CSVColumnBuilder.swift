import PipeQCore

/// The type a column has been inferred to so far. Values only ever widen:
/// int → double, date → timestamp, and anything else that conflicts → string.
enum InferredKind: UInt8 {
    /// Only nulls so far.
    case unknown, int, double, bool, date, timestamp, string

    /// The narrowest kind holding both (the whole-column rule).
    func joined(with other: InferredKind) -> InferredKind {
        if self == other || other == .unknown { return self }
        switch (self, other) {
        case (.unknown, _): return other
        case (.int, .double), (.double, .int): return .double
        case (.date, .timestamp), (.timestamp, .date): return .timestamp
        default: return .string
        }
    }

    /// The narrowest kind one value parses as; `decimalComma`: see `CSVColumnBuilder.decimalComma`.
    static func of(_ v: UnsafeBufferPointer<UInt8>, decimalComma: Bool = false) -> InferredKind {
        if CSVValueParser.int(v) != nil { return .int }
        if CSVValueParser.double(v, separators: !decimalComma) != nil { return .double }
        if CSVValueParser.bool(v) != nil { return .bool }
        if CivilTime.parseDate(v) != nil { return .date }
        if CivilTime.parseTimestamp(v) != nil { return .timestamp }
        return .string
    }
}

/// Builds one column of one chunk while inferring its type: each value is parsed straight into
/// the typed array of the current kind; a value that does not fit widens the column (converting
/// what is stored) or turns it into a string column. Rows read before a column turned into
/// strings are re-read later (`pendingStringRows`) because their text was not kept.
///
/// Empty unquoted fields are null. An empty quoted field (`""`) is the empty string, a string value
/// like any other, so it makes its column a string column (as csv-spectrum's `empty.csv` expects).
struct CSVColumnBuilder {
    private(set) var kind: InferredKind = .unknown
    private(set) var count = 0
    var ints: [Int64] = []
    var doubles: [Double] = []
    var bools: [Bool] = []
    var dates: [Int32] = []
    var codes = LoadingCodes()
    var interner: ByteStringInterner
    /// Null bitmap words (bit set = null).
    var nullWords: [UInt64] = []
    private(set) var hasNulls = false
    /// A datetime value had `Z` or a UTC offset (converted to UTC) / had none (as written); see `TimestampZone`.
    private(set) var sawZonedTime = false
    private(set) var sawPlainTime = false
    /// Rows `0..<pendingStringRows` have code 0 and must be re-read as strings.
    var pendingStringRows = 0
    private var reserve = 0
    /// The file may write decimal commas: numbers with `,`, or a `.` that could group thousands (`1.250`), stay
    /// strings for `ColumnRetyper` to read, rather than `,` being taken as a thousands separator. Set per file;
    /// looked at once per batch on the typed path.
    let decimalComma: Bool

    /// `plainStringsAfter`: see `CSVLoader.Options`.
    init(plainStringsAfter: Int = CSVLoader.Options.defaultPlainStringsAfter, decimalComma: Bool = false) {
        interner = ByteStringInterner(plainAfter: plainStringsAfter)
        self.decimalComma = decimalComma
    }

    /// Capacity to reserve once the column's kind is known.
    mutating func reserveCapacity(_ rows: Int) {
        reserve = rows
        nullWords.reserveCapacity((rows + 63) >> 6)
        switch kind {
        case .unknown: break
        case .int, .timestamp: ints.reserveCapacityInHugePages(rows)
        case .double: doubles.reserveCapacityInHugePages(rows)
        case .bool: bools.reserveCapacityInHugePages(rows)
        case .date: dates.reserveCapacityInHugePages(rows)
        case .string:
            codes.reserveCapacity(rows)
            interner.reserveForHighCardinality(rows: rows, seen: count)
        }
    }

    @inline(__always)
    private mutating func markNull(_ row: Int) {
        nullWords[row >> 6] |= 1 << UInt64(row & 63)
        hasNulls = true
    }

    /// Appends the next row's value.
    @inline(__always)
    mutating func append(_ v: UnsafeBufferPointer<UInt8>, quoted: Bool) {
        let row = count
        count += 1
        if row & 63 == 0 { nullWords.append(0) }
        if v.isEmpty && !quoted {
            markNull(row)
            switch kind {
            case .unknown: break
            case .int, .timestamp: ints.append(0)
            case .double: doubles.append(0)
            case .bool: bools.append(false)
            case .date: dates.append(0)
            case .string: codes.append(0, dictionaryCount: interner.count)
            }
            return
        }
        if !store(v) { widen(for: v, row: row) }
    }

    /// Appends a batch of rows: this column's field of row `r` is `fields[r * stride]`. A string column
    /// looks the whole batch up in its dictionary at once (see `ByteStringInterner.codes`); other kinds,
    /// and batches with doubled quotes to collapse, go value by value.
    mutating func append(
        batch fields: UnsafePointer<CSVField>, stride: Int, count n: Int,
        base: UnsafePointer<UInt8>, scratch: CSVBatchScratch
    ) {
        if kind == .string && !(0..<n).contains(where: { fields[$0 * stride].escaped }) {
            for r in 0..<n {
                let f = fields[r * stride]
                scratch.skip[r] = f.start == f.end && !f.quoted
                scratch.values[r] = UnsafeBufferPointer(start: base + f.start, count: f.end - f.start)
            }
            interner.codes(
                for: UnsafeBufferPointer(start: scratch.values, count: n), skip: scratch.skip,
                hashScratch: scratch.hashes, into: scratch.codes)
            extendNullWords(toRows: count + n)
            for r in 0..<n where scratch.skip[r] { markNull(count + r) }
            codes.append(UnsafeBufferPointer(start: scratch.codes, count: n), dictionaryCount: interner.count)
            count += n
            return
        }
        let typed = appendTyped(batch: fields, stride: stride, count: n, base: base)
        for r in typed..<n {
            let f = fields[r * stride]
            if f.escaped {
                CSVReader.unescape(f, in: base, into: &scratch.unescaped)
                scratch.unescaped.withUnsafeBufferPointer { append($0, quoted: true) }
            } else {
                append(UnsafeBufferPointer(start: base + f.start, count: f.end - f.start), quoted: f.quoted)
            }
        }
    }

    /// The leading rows of a batch of an integer, number or date column that are plain values of that kind,
    /// parsed without the per-value kind switch; returns how many it took (it stops at the first null, doubled
    /// quote or value of another kind, which `append(_:quoted:)` then handles).
    private mutating func appendTyped(
        batch fields: UnsafePointer<CSVField>, stride: Int, count n: Int,
        base: UnsafePointer<UInt8>
    ) -> Int {
        let taken: Int
        switch kind {
        case .int: taken = Self.appendParsed(fields, stride, n, base, to: &ints) { CSVValueParser.int($0) }
        case .double:
            if decimalComma {
                taken = Self.appendParsed(fields, stride, n, base, to: &doubles) {
                    CSVValueParser.double($0, separators: false)
                }
            } else {
                taken = Self.appendParsed(fields, stride, n, base, to: &doubles) { CSVValueParser.double($0) }
            }
        case .date:
            let parser = CivilTime.DateParser.shared
            taken = Self.appendParsed(fields, stride, n, base, to: &dates) { parser.parse($0) }
        default: return 0
        }
        count += taken
        extendNullWords(toRows: count)
        return taken
    }

    /// Null bitmap words (all clear) for `rows` rows, as many as `append(_:quoted:)` would have added row by row.
    @inline(__always)
    private mutating func extendNullWords(toRows rows: Int) {
        while nullWords.count < (rows + 63) >> 6 { nullWords.append(0) }
    }

    @inline(__always)
    private static func appendParsed<T>(
        _ fields: UnsafePointer<CSVField>, _ stride: Int, _ n: Int, _ base: UnsafePointer<UInt8>,
        to array: inout [T], _ parse: (UnsafeBufferPointer<UInt8>) -> T?
    ) -> Int {
        var r = 0
        while r < n {
            let f = fields[r &* stride]
            guard !f.escaped && f.end > f.start,
                let x = parse(UnsafeBufferPointer(start: base + f.start, count: f.end &- f.start))
            else { break }
            array.append(x)
            r &+= 1
        }
        return r
    }

    /// Stores `v` as the current kind; false when it does not fit.
    @inline(__always)
    private mutating func store(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        switch kind {
        case .int:
            if let x = CSVValueParser.int(v) {
                ints.append(x)
                return true
            }
        case .double:
            if let x = CSVValueParser.double(v, separators: !decimalComma) {
                doubles.append(x)
                return true
            }
        case .string:
            let code = interner.code(for: v)
            codes.append(code, dictionaryCount: interner.count)
            return true
        case .date:
            if v.count == 10, let x = CivilTime.parseDate(v) {
                dates.append(x)
                return true
            }
        case .timestamp:
            if let x = CivilTime.parseZonedTimestamp(v) {
                ints.append(x.micros)
                if x.zoned { sawZonedTime = true } else { sawPlainTime = true }
                return true
            }
            if let x = CivilTime.parseDate(v) {
                ints.append(Int64(x) * CivilTime.microsPerDay)
                return true
            }
        case .bool:
            if let x = CSVValueParser.bool(v) {
                bools.append(x)
                return true
            }
        case .unknown:
            break
        }
        return false
    }

    /// Changes the kind so that `v` (at `row`) fits, converting stored values, then stores `v`.
    private mutating func widen(for v: UnsafeBufferPointer<UInt8>, row: Int) {
        convert(to: kind.joined(with: InferredKind.of(v, decimalComma: decimalComma)), rows: row)
        let stored = store(v)
        precondition(stored, "widened column still rejects a value")
    }

    /// Converts the `rows` stored values to `target` (which must be a widening of the current kind).
    mutating func convert(to target: InferredKind, rows: Int) {
        if target == kind { return }
        switch (kind, target) {
        case (.int, .double):
            doubles = ints.map { Double($0) }
            doubles.reserveCapacity(reserve)
            ints = []
        case (.date, .timestamp):
            ints = dates.map { Int64($0) * CivilTime.microsPerDay }
            ints.reserveCapacity(reserve)
            dates = []
        case (.unknown, _):
            switch target {
            case .unknown: break
            case .int, .timestamp:
                ints = [Int64](repeating: 0, count: rows)
                ints.reserveCapacity(reserve)
            case .double:
                doubles = [Double](repeating: 0, count: rows)
                doubles.reserveCapacity(reserve)
            case .bool:
                bools = [Bool](repeating: false, count: rows)
                bools.reserveCapacity(reserve)
            case .date:
                dates = [Int32](repeating: 0, count: rows)
                dates.reserveCapacity(reserve)
            case .string:
                codes.reset(zeros: rows)
                codes.reserveCapacity(reserve)
            }
        default:
            precondition(target == .string, "not a widening: \(kind) to \(target)")
            ints = []
            doubles = []
            bools = []
            dates = []
            codes.reset(zeros: rows)
            codes.reserveCapacity(reserve)
            pendingStringRows = rows
        }
        kind = target
    }

    /// Re-reads row `row` as a string (for rows read before the column became a string column).
    mutating func setString(_ v: UnsafeBufferPointer<UInt8>, quoted: Bool, row: Int) {
        if v.isEmpty && !quoted { return }  // stays null
        let code = interner.code(for: v)
        codes.set(row, code, dictionaryCount: interner.count)
        nullWords[row >> 6] &= ~(1 << UInt64(row & 63))
    }

    /// Recomputes `hasNulls` after re-reading.
    mutating func refreshNullFlag() {
        hasNulls = nullWords.contains { $0 != 0 }
    }
}

/// Reusable buffers for `CSVColumnBuilder.append(batch:…)`, one set per chunk being parsed.
final class CSVBatchScratch {
    let values: UnsafeMutablePointer<UnsafeBufferPointer<UInt8>>
    let skip: UnsafeMutablePointer<Bool>
    let hashes: UnsafeMutablePointer<UInt64>
    let codes: UnsafeMutablePointer<UInt32>
    var unescaped: [UInt8] = []

    init(capacity: Int) {
        values = .allocate(capacity: capacity)
        values.initialize(repeating: UnsafeBufferPointer(start: nil, count: 0), count: capacity)
        skip = .allocate(capacity: capacity)
        skip.initialize(repeating: false, count: capacity)
        hashes = .allocate(capacity: capacity)
        hashes.initialize(repeating: 0, count: capacity)
        codes = .allocate(capacity: capacity)
        codes.initialize(repeating: 0, count: capacity)
    }

    deinit {
        values.deallocate()
        skip.deallocate()
        hashes.deallocate()
        codes.deallocate()
    }
}
