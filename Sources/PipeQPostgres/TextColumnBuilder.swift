import PipeQCore
import PipeQSQL
import PipeQStorage

/// Builds one typed column from the text PostgreSQL sends (rows of a result, lines of a COPY), reading each value
/// as `SQLValueReader` does.
struct TextColumnBuilder {
    let type: DataType
    private var ints: [Int64] = []
    private var doubles: [Double] = []
    private var bools: [Bool] = []
    private var days: [Int32] = []
    private var codes: [UInt32] = []
    private var strings: [String] = []
    private var codeOf: [String: UInt32] = [:]
    private var nullRows: [Int] = []
    private(set) var count = 0

    init(_ type: DataType) { self.type = type }

    /// Adds a value; false when the text is not a value of the type.
    mutating func append(_ text: String?) -> Bool {
        defer { count += 1 }
        guard let text else {
            nullRows.append(count)
            appendZero()
            return true
        }
        if type == .string {
            if let code = codeOf[text] {
                codes.append(code)
            } else {
                let code = UInt32(strings.count)
                codeOf[text] = code
                strings.append(text)
                codes.append(code)
            }
            return true
        }
        switch SQLValueReader.scalar(text, type) {
        case .int(let v)?: ints.append(v)
        case .double(let v)?: doubles.append(v)
        case .bool(let v)?: bools.append(v)
        case .date(let v)?: days.append(v)
        case .timestamp(let v)?, .duration(let v)?: ints.append(v)
        default:
            nullRows.append(count)
            appendZero()
            return false
        }
        return true
    }

    private mutating func appendZero() {
        switch type {
        case .int, .timestamp, .duration: ints.append(0)
        case .double: doubles.append(0)
        case .bool: bools.append(false)
        case .date: days.append(0)
        case .string: codes.append(0)
        }
    }

    func column() -> Column {
        var nulls: NullBitmap?
        if !nullRows.isEmpty {
            var bitmap = NullBitmap(count: count)
            for row in nullRows { bitmap.setNull(row) }
            nulls = bitmap
        }
        switch type {
        case .int: return Column(.int(ints), nulls: nulls)
        case .timestamp: return Column(.timestamp(ints), nulls: nulls)
        case .duration: return Column(.duration(ints), nulls: nulls)
        case .double: return Column(.double(doubles), nulls: nulls)
        case .bool: return Column(.bool(bools), nulls: nulls)
        case .date: return Column(.date(days), nulls: nulls)
        case .string:
            let dictionary = StringDictionary(values: strings.isEmpty ? [""] : strings)
            return Column(.string(codes: codes, dictionary), nulls: nulls)
        }
    }
}
