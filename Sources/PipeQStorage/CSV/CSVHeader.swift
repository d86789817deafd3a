import PipeQCore

/// The header row: original texts, normalised unique names, and where the data starts.
struct CSVHeader {
    var headers: [String]
    var names: [String]
    /// Offset of the first data row.
    var end: Int

    /// Reads and names the header row starting at `start`.
    /// Throws on malformed quoting and on names that collide after normalisation.
    static func read(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: UInt8,
        path: String
    ) throws(Diagnostic) -> CSVHeader {
        var reader = CSVReader(buffer: buffer, range: start..<buffer.count, delimiter: delimiter)
        var capacity = 256
        var firstExtra = 0
        var rowEnd = 0
        while true {
            let fields = UnsafeMutablePointer<CSVField>.allocate(capacity: capacity)
            defer { fields.deallocate() }
            let count: Int
            do {
                count =
                    try reader.nextRow(into: fields, capacity: capacity, firstExtra: &firstExtra, rowEnd: &rowEnd) ?? 0
            } catch {
                throw CSVErrors.diagnostic(for: error, in: buffer, path: path)
            }
            if count > capacity {
                capacity = count
                reader = CSVReader(buffer: buffer, range: start..<buffer.count, delimiter: delimiter)
                continue
            }
            let base = buffer.baseAddress!
            var headers: [String] = []
            var names: [String] = []
            var seen: [String: Int] = [:]
            var scratch: [UInt8] = []
            for i in 0..<count {
                let f = fields[i]
                let text: String
                if f.escaped {
                    CSVReader.unescape(f, in: base, into: &scratch)
                    text = String(decoding: scratch, as: UTF8.self)
                } else {
                    text = String(
                        decoding: UnsafeBufferPointer(start: base + f.start, count: f.end - f.start), as: UTF8.self)
                }
                let name = ColumnNameNormalizer.columnName(header: text, index: i)
                if let earlier = seen[name] {
                    throw CSVErrors.diagnostic(
                        "duplicate column name \"\(name)\" (columns \(earlier + 1) and \(i + 1))",
                        at: f.quoted ? f.start - 1 : f.start, in: buffer, path: path,
                        hint: "rename one of the columns in the header")
                }
                seen[name] = i
                headers.append(text)
                names.append(name)
            }
            return CSVHeader(headers: headers, names: names, end: reader.position)
        }
    }
}
