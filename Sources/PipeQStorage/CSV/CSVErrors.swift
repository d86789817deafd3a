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

    static func diagnostic(
        _ message: String, at offset: Int, in buffer: UnsafeBufferPointer<UInt8>,
        path: String, hint: String? = nil
    ) -> Diagnostic {
        let (line, column) = position(of: offset, in: buffer)
        return Diagnostic(.data, message, at: .file(path: path, line: line, column: column), hint: hint)
    }

    /// `delimiter`, when known, lets a short row whose line holds another delimiter say so (mixed delimiters).
    static func diagnostic(
        for failure: CSVFailure, in buffer: UnsafeBufferPointer<UInt8>, path: String,
        delimiter: UInt8? = nil
    ) -> Diagnostic {
        switch failure {
        case .unterminatedQuote(let open):
            let (line, column) = position(of: open, in: buffer)
            return Diagnostic(
                .data, "unterminated quoted field (opened at line \(line), column \(column))",
                at: .file(path: path, line: line, column: column),
                hint: "a field that starts with \" must end with \"; write a quote inside it as \"\"")
        case .textAfterQuote(let at):
            return diagnostic(
                "unexpected character after closing quote", at: at, in: buffer, path: path,
                hint: "a quoted field must be followed by a delimiter or the end of the line")
        case .fieldCount(let found, let expected, let at, let blank):
            let noun = found == 1 ? "field" : "fields"
            let columns = expected == 1 ? "column" : "columns"
            var hint: String? = blank ? "the line is empty" : nil
            if !blank, found < expected, let delimiter,
                let other = otherDelimiter(onLineOf: at, in: buffer, than: delimiter)
            {
                hint =
                    "the header is split on \(name(of: delimiter)) but this line uses \(name(of: other)) — use one delimiter throughout"
            }
            return diagnostic(
                "row has \(found) \(noun), expected \(expected) (header has \(expected) \(columns))",
                at: at, in: buffer, path: path, hint: hint)
        case .invalidUTF8(let at):
            return diagnostic(
                "invalid UTF-8 byte 0x\(String(buffer[at], radix: 16, uppercase: true))", at: at,
                in: buffer, path: path, hint: "pipeq reads CSV files as UTF-8; re-save the file as UTF-8")
        case .nulByte(let at):
            return diagnostic("file looks binary (NUL byte)", at: at, in: buffer, path: path)
        }
    }

    /// Another of the candidate delimiters (`,` `;` tab) on the physical line holding `offset`, if any.
    static func otherDelimiter(onLineOf offset: Int, in buffer: UnsafeBufferPointer<UInt8>, than delimiter: UInt8)
        -> UInt8?
    {
        var start = min(offset, buffer.count)
        while start > 0, buffer[start - 1] != CSVReader.lf { start -= 1 }
        var end = start
        while end < buffer.count, buffer[end] != CSVReader.lf { end += 1 }
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09].filter { $0 != delimiter }
        return candidates.first { c in buffer[start..<end].contains(c) }
    }

    static func name(of delimiter: UInt8) -> String {
        delimiter == 0x09 ? "tabs" : "\"\(Character(Unicode.Scalar(delimiter)))\""
    }
}
