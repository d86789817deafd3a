import PipeQCore

/// A strict, line-based parser for the TOML subset used by `pipeline.toml`: comments, `[table]`,
/// `[[array_of_tables]]`, a table name with one dotted part (`[file."deals.csv"]`), bare and quoted keys, and values that are strings, numbers, booleans
/// or single-line arrays of strings. Anything else is an error with a line and column.
struct TOMLParser {
    let path: String
    private var line = 0
    private var bytes: [UInt8] = []
    private var i = 0

    init(path: String) { self.path = path }

    mutating func parse(_ text: String) throws(Diagnostic) -> TOMLDocument {
        var document = TOMLDocument()
        var seenTables = Set<String>()
        var current: TOMLTable? = nil  // nil while at the top level
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            line = lineNumber
            bytes = Array(rawLine.utf8)
            if bytes.last == 0x0D { bytes.removeLast() }
            if lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            i = 0
            skipSpaces()
            if atEndOfContent() { continue }
            if bytes[i] == UInt8(ascii: "[") {
                let table = try parseHeader()
                if let finished = current { document.tables.append(finished) }
                if !table.isArrayElement {
                    guard seenTables.insert(table.displayName).inserted else {
                        throw error("table \(table.displayName) is defined twice", column: table.column)
                    }
                }
                current = table
                continue
            }
            let entry = try parseEntry()
            let existing = current?.entries ?? document.root.entries
            if existing.contains(where: { $0.key == entry.key }) {
                let place = current?.displayName ?? "the top level"
                throw error("duplicate key \"\(entry.key)\" in \(place)", column: entry.keyColumn)
            }
            if current != nil { current!.entries.append(entry) } else { document.root.entries.append(entry) }
        }
        if let finished = current { document.tables.append(finished) }
        return document
    }

    // MARK: - Lines

    private mutating func parseHeader() throws(Diagnostic) -> TOMLTable {
        let column = i + 1
        i += 1
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { i += 1 }
        skipSpaces()
        let name = try parseKey(what: "a table name")
        skipSpaces()
        // One dotted part, for per-file tables: [file."deals.csv"].
        var qualifier: String?
        if peek() == UInt8(ascii: ".") {
            i += 1
            skipSpaces()
            qualifier = try parseKey(what: "a name after \"\(name).\"")
            skipSpaces()
        }
        let closing = isArray ? "]]" : "]"
        for _ in 0..<(isArray ? 2 : 1) {
            guard peek() == UInt8(ascii: "]") else {
                throw error("expected \"\(closing)\" after table name \"\(name)\"", column: i + 1)
            }
            i += 1
        }
        try expectEndOfLine(after: "table header")
        return TOMLTable(name: name, isArrayElement: isArray, line: line, column: column, qualifier: qualifier)
    }

    private mutating func parseEntry() throws(Diagnostic) -> TOMLEntry {
        let keyColumn = i + 1
        let key = try parseKey(what: "a key")
        skipSpaces()
        guard peek() == UInt8(ascii: "=") else {
            if peek() == UInt8(ascii: ".") {
                throw error("dotted keys are not supported; quote the key: \"\(key).…\"", column: i + 1)
            }
            throw error("expected \"=\" after key \"\(key)\"", column: i + 1)
        }
        i += 1
        skipSpaces()
        let valueColumn = i + 1
        guard !atEndOfContent() else { throw error("expected a value after \"\(key) =\"", column: valueColumn) }
        let value = try parseValue(key: key)
        try expectEndOfLine(after: "the value of \"\(key)\"")
        return TOMLEntry(key: key, value: value, line: line, keyColumn: keyColumn, valueColumn: valueColumn)
    }

    // MARK: - Tokens

    private mutating func parseKey(what: String) throws(Diagnostic) -> String {
        if peek() == UInt8(ascii: "\"") { return try parseString() }
        let start = i
        while let c = peek(), isBareKeyByte(c) { i += 1 }
        guard i > start else {
            let found = peek().map { "\"\(Character(Unicode.Scalar($0)))\"" } ?? "end of line"
            throw error("expected \(what), found \(found)", column: i + 1)
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private mutating func parseValue(key: String) throws(Diagnostic) -> TOMLValue {
        guard let c = peek() else { throw error("expected a value after \"\(key) =\"", column: i + 1) }
        if c == UInt8(ascii: "\"") { return .string(try parseString()) }
        if c == UInt8(ascii: "[") { return .stringArray(try parseArray()) }
        let start = i
        while let c = peek(), c != UInt8(ascii: "#"), c != UInt8(ascii: " "), c != UInt8(ascii: "\t"),
            c != UInt8(ascii: ",")
        { i += 1 }
        let word = String(decoding: bytes[start..<i], as: UTF8.self)
        if word == "true" { return .bool(true) }
        if word == "false" { return .bool(false) }
        if let number = Self.number(word) { return .number(number, text: word) }
        let hint = word.first?.isLetter == true ? "strings need double quotes: \"\(word)\"" : nil
        throw Diagnostic(
            .config,
            "invalid value \(word) for key \"\(key)\": expected a string, number, true/false or array of strings",
            at: location(column: start + 1), hint: hint)
    }

    /// A `"…"` string with the escapes \" \\ \n \t.
    private mutating func parseString() throws(Diagnostic) -> String {
        let startColumn = i + 1
        i += 1
        var out: [UInt8] = []
        while let c = peek() {
            i += 1
            if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            if c == UInt8(ascii: "\\") {
                guard let e = peek() else { break }
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(e)
                case UInt8(ascii: "\\"): out.append(e)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                default:
                    throw error("unsupported escape \"\\\(Character(Unicode.Scalar(e)))\" in string", column: i - 1)
                }
            } else {
                out.append(c)
            }
        }
        throw error("unterminated string", column: startColumn)
    }

    /// `["a", "b"]` on one line; a trailing comma is allowed.
    private mutating func parseArray() throws(Diagnostic) -> [String] {
        let startColumn = i + 1
        i += 1
        var items: [String] = []
        while true {
            skipSpaces()
            guard let c = peek() else {
                throw error("unterminated array (arrays must be on one line)", column: startColumn)
            }
            if c == UInt8(ascii: "]") {
                i += 1
                return items
            }
            guard c == UInt8(ascii: "\"") else { throw error("arrays may only hold strings", column: i + 1) }
            items.append(try parseString())
            skipSpaces()
            if peek() == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard peek() == UInt8(ascii: "]") else { throw error("expected \",\" or \"]\" in array", column: i + 1) }
        }
    }

    static func number(_ word: String) -> Double? {
        let cleaned = String(word.filter { $0 != "_" })
        guard let first = cleaned.first, first.isNumber || first == "-" || first == "+" || first == "." else {
            return nil
        }
        guard cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
        return Double(cleaned).flatMap { $0.isFinite ? $0 : nil }
    }

    // MARK: - Helpers

    private func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func skipSpaces() {
        while let c = peek(), c == 0x20 || c == 0x09 { i += 1 }
    }

    private func atEndOfContent() -> Bool {
        guard let c = peek() else { return true }
        return c == UInt8(ascii: "#")
    }

    private mutating func expectEndOfLine(after what: String) throws(Diagnostic) {
        skipSpaces()
        guard atEndOfContent() else { throw error("unexpected text after \(what)", column: i + 1) }
    }

    private func isBareKeyByte(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D
    }

    private func location(column: Int) -> DiagnosticLocation {
        .file(path: path, line: line, column: column)
    }

    private func error(_ message: String, column: Int) -> Diagnostic {
        Diagnostic(.config, message, at: location(column: column))
    }
}
