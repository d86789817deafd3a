import PipeQCore

/// Turns byte-offset failures into user-facing diagnostics with physical line and column.
///
/// Lines count LF bytes (so a quoted field spanning lines moves the count on); columns count
/// Unicode scalars from the start of the line, both 1-based. A leading BOM is not counted.
enum CSVErrors {
    /// 1-based line and column of a byte offset.
    static func position(of offset: Int, in buffer: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        let offset = min(offset, buffer.count)
        var line = 1
        var lineStart = 0
        for i in 0..<offset where buffer[i] == CSVReader.lf {
            line += 1
            lineStart = i + 1
        }
        if lineStart == 0 && CSVLoader.hasBOM(buffer) { lineStart = min(3, offset) }
        var column = 1
        for i in lineStart..<offset where buffer[i] & 0xC0 != 0x80 { column += 1 }
        return (line, column)
    }

    static func diagnostic(_ message: String, at offset: Int, in buffer: UnsafeBufferPointer<UInt8>,
                           path: String, hint: String? = nil) -> Diagnostic {
        let (line, column) = position(of: offset, in: buffer)
        return Diagnostic(.data, message, at: .file(path: path, line: line, column: column), hint: hint)
    }

    static func diagnostic(for failure: CSVFailure, in buffer: UnsafeBufferPointer<UInt8>, path: String) -> Diagnostic {
        switch failure {
        case .unterminatedQuote(let open):
            let (line, column) = position(of: open, in: buffer)
            return Diagnostic(.data, "unterminated quoted field (opened at line \(line), column \(column))",
                              at: .file(path: path, line: line, column: column),
                              hint: "a field that starts with \" must end with \"; write a quote inside it as \"\"")
        case .textAfterQuote(let at):
            return diagnostic("unexpected character after closing quote", at: at, in: buffer, path: path,
                              hint: "a quoted field must be followed by a delimiter or the end of the line")
        case .fieldCount(let found, let expected, let at, let blank):
            let noun = found == 1 ? "field" : "fields"
            let columns = expected == 1 ? "column" : "columns"
            return diagnostic("row has \(found) \(noun), expected \(expected) (header has \(expected) \(columns))",
                              at: at, in: buffer, path: path, hint: blank ? "the line is empty" : nil)
        case .invalidUTF8(let at):
            return diagnostic("invalid UTF-8 byte 0x\(String(buffer[at], radix: 16, uppercase: true))", at: at,
                              in: buffer, path: path, hint: "pipeq reads CSV files as UTF-8; re-save the file as UTF-8")
        case .nulByte(let at):
            return diagnostic("file looks binary (NUL byte)", at: at, in: buffer, path: path)
        }
    }
}
