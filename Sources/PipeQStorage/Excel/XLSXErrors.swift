import PipeQCore

/// The diagnostics of reading an .xlsx: all `.data` errors pointing at the workbook file itself (its
/// parts are compressed XML, so a line and column inside them would not help anyone fix the file).
enum XLSXErrors {
    static func diagnostic(_ path: String, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.data, message, at: .file(path: path, line: 1, column: 1), hint: hint)
    }

    /// A part that is not well-formed XML.
    static func malformed(_ path: String, part: String, _ failure: XMLScanner.Failure) -> Diagnostic {
        diagnostic(
            path, "\(part) in the workbook is not well-formed XML: \(failure.reason) (at byte \(failure.offset))",
            hint: "the file may be damaged; open it in a spreadsheet program and save it again")
    }
}

extension XMLScanner {
    /// Runs `body` with a scanner over `bytes`, turning a lexing failure into a diagnostic about `part`.
    static func scan<R>(
        _ bytes: [UInt8], part: String, path: String,
        _ body: (inout XMLScanner) throws(XMLScanner.Failure) -> R
    ) throws(Diagnostic) -> R {
        do {
            return try bytes.withUnsafeBufferPointer { (buffer) throws(XMLScanner.Failure) -> R in
                var scanner = XMLScanner(buffer)
                return try body(&scanner)
            }
        } catch {
            throw XLSXErrors.malformed(path, part: part, error)
        }
    }
}
