import PipeQCore

/// What a string column's distinct values (its dictionary entries) read as: numbers under each decimal
/// separator, dates under each day/month order, blanks, or nothing. Gathering stops early once the column is
/// plainly text (more than three entries that fit nothing, or more misfits than fits after four entries),
/// so a names column costs a few entries.
struct ColumnEvidence {
    enum Entry {
        case blank
        case number(dot: NumberReader.Value?, comma: NumberReader.Value?)
        case date(DateReader.Value)
        case misfit
    }

    var entries: [Entry] = []
    var numbers = 0
    var dates = 0
    /// Entry codes that fit no format, in dictionary order.
    var misfits: [Int] = []
    var gaveUp = false
    /// Each entry as the CSV reader's own rules read a number (nil: not one), to tell which values needed this pass.
    var fast: [Double?] = []

    static let maxMisfits = 3

    init(_ dictionary: StringDictionary, options: ValueFormatOptions, format: DateFormat?) {
        let (bytes, offsets) = dictionary.utf8Arena()
        entries.reserveCapacity(dictionary.count)
        bytes.withUnsafeBufferPointer { arena in
            for code in 0..<dictionary.count {
                let v = UnsafeBufferPointer(rebasing: arena[offsets[code]..<offsets[code + 1]])
                let entry = Self.classify(v, options: options, format: format)
                entries.append(entry)
                switch entry {
                case .blank: fast.append(nil)
                case .number:
                    numbers += 1
                    fast.append(CSVValueParser.double(v))
                case .date:
                    dates += 1
                    fast.append(nil)
                case .misfit:
                    misfits.append(code)
                    fast.append(nil)
                }
                let fits = numbers + dates
                if misfits.count > Self.maxMisfits || (misfits.count > fits && misfits.count + fits >= 4) {
                    gaveUp = true
                    return
                }
            }
        }
    }

    static func classify(_ v: UnsafeBufferPointer<UInt8>, options: ValueFormatOptions, format: DateFormat?) -> Entry {
        if NumberReader.isBlank(v) { return .blank }
        let period = UInt8(ascii: ".")
        let comma = UInt8(ascii: ",")
        var dot = options.decimal == comma ? nil : NumberReader.read(v, decimal: period)
        let withComma = options.decimal == period ? nil : NumberReader.read(v, decimal: comma)
        if dot == nil && withComma == nil && options.decimal != comma, let x = CSVValueParser.double(v) {
            // 1e5
            dot = NumberReader.Value(value: x, isInteger: false, percent: false, currency: nil, hasSeparator: true)
        }
        if dot != nil || withComma != nil { return .number(dot: dot, comma: withComma) }
        if let format {
            var lo = 0
            var hi = v.count
            NumberReader.trim(v, &lo, &hi)
            if let (micros, hasTime) = format.read(UnsafeBufferPointer(rebasing: v[lo..<hi])) {
                return .date(
                    DateReader.Value(
                        monthFirst: micros, dayFirst: micros, hasTime: hasTime, isFixed: true,
                        hadOffset: false, separator: 0))
            }
            // ISO values still read under a format.
            if let d = DateReader.read(v), d.isFixed, d.separator == UInt8(ascii: "-") { return .date(d) }
            return .misfit
        }
        if let d = DateReader.read(v) { return .date(d) }
        return .misfit
    }
}
