import PipeQCore

/// One worksheet part (`xl/worksheets/sheetN.xml`) as CSV bytes, in one streaming pass over its XML.
///
/// Cells are placed by their reference (`r="AA10"`): a row may skip columns and the sheet may skip
/// rows, and every gap is an empty field. The first row with a value is the header; it is as wide as
/// its last value, later rows are padded or cut to that width. A value beyond the header's last column
/// widens the header: the sheet is converted again at the wider width, the new header cells (and any
/// empty ones) named `column_N` (what the CSV loader would call an unnamed column anyway). Fully empty
/// rows at the end are dropped; empty rows between values stay as rows of empty fields.
///
/// Values, by the cell's `t`: `s` a shared string, `inlineStr` the `<is>` text (rich-text runs joined),
/// `str` a formula's string result, `b` `true`/`false`, `e` an error (`#N/A`, `#DIV/0!`): empty,
/// `d` an ISO date text; otherwise a number (for formulas their cached `<v>`), which becomes a date
/// or datetime when its style's number format is one (`XLSXDateKind`, `XLSXSerialDate`) and else its
/// shortest text (`XLSXNumberText`). A cell with no `<v>` is empty.
struct XLSXWorksheetConverter {
    let sharedStrings: XLSXSharedStrings
    let styles: XLSXStyles
    let date1904: Bool
    let path: String
    let part: String
    let sheetName: String

    /// The sheet's CSV, or nil when it holds no value at all.
    func convert(_ xml: [UInt8]) throws(Diagnostic) -> [UInt8]? {
        var outcome = try convert(xml, width: nil)
        if let wider = outcome.widerNeeded {
            outcome = try convert(xml, width: wider)
        }
        return outcome.csv
    }

    private struct Outcome {
        var csv: [UInt8]?
        /// Set when a value lies beyond the header's last column: the width that holds them all.
        var widerNeeded: Int?
    }

    /// A cell problem found while scanning (turned into a diagnostic outside the scanner's closure).
    private enum Failure: Error {
        case xml(XMLScanner.Failure)
        case cell(String)
    }

    private func convert(_ xml: [UInt8], width forcedWidth: Int?) throws(Diagnostic) -> Outcome {
        let result = xml.withUnsafeBufferPointer { buffer in
            Result { () throws(Failure) -> Outcome in
                var pass = Pass(converter: self, scanner: XMLScanner(buffer), forcedWidth: forcedWidth)
                try pass.run()
                return pass.finish()
            }
        }
        switch result {
        case .success(let outcome): return outcome
        case .failure(.xml(let failure)): throw XLSXErrors.malformed(path, part: part, failure)
        case .failure(.cell(let message)):
            throw XLSXErrors.diagnostic(
                path, message, hint: "the file may be damaged; open it in a spreadsheet program and save it again")
        }
    }

    /// The state of one pass over the sheet.
    private struct Pass {
        let converter: XLSXWorksheetConverter
        var scanner: XMLScanner
        let forcedWidth: Int?

        var out: [UInt8] = []
        /// Header width once the header is written (0 before).
        var width = 0
        /// The widest row seen, when wider than `width`.
        var widest = 0
        var lastRowNumber = 0
        /// `out.count` after the last row that held a value (trailing empty rows are cut there).
        var keptLength = 0

        /// The current row's field texts (CSV-ready) and where each starts and which column it is in.
        var rowBytes: [UInt8] = []
        var rowCells: [(column: Int, start: Int, end: Int)] = []
        var rowSorted = true
        /// Decoded `<v>` or `<is>` text of the current cell.
        var scratch: [UInt8] = []

        init(converter: XLSXWorksheetConverter, scanner: XMLScanner, forcedWidth: Int?) {
            self.converter = converter
            self.scanner = scanner
            self.forcedWidth = forcedWidth
        }

        mutating func run() throws(Failure) {
            var rowNumber = 0
            var nextColumn = 0
            var inSheetData = false
            while true {
                let token: XMLScanner.Token
                do { token = try scanner.next() } catch { throw .xml(error) }
                switch token {
                case .eof:
                    return
                case .text:
                    continue
                case .end:
                    if scanner.nameIs("row") {
                        try endRow(rowNumber)
                    } else if scanner.nameIs("sheetData") {
                        inSheetData = false
                    }
                case .start:
                    if scanner.nameIs("c") {
                        guard inSheetData else { continue }
                        let column = try cell(defaultColumn: nextColumn, row: rowNumber)
                        nextColumn = column + 1
                    } else if scanner.nameIs("row") {
                        guard inSheetData else { continue }
                        rowNumber = Self.rowNumber(scanner) ?? rowNumber + 1
                        nextColumn = 0
                        if scanner.selfClosing { try endRow(rowNumber) }
                    } else if scanner.nameIs("sheetData") {
                        inSheetData = !scanner.selfClosing
                    }
                }
            }
        }

        static func rowNumber(_ scanner: XMLScanner) -> Int? {
            guard let r = scanner.attribute("r") else { return nil }
            var value = 0
            for c in scanner.slice(r) {
                guard c &- 0x30 < 10, value < 100_000_000 else { return nil }
                value = value * 10 + Int(c - 0x30)
            }
            return value > 0 ? value : nil
        }

        // MARK: Cells

        /// Reads the cell whose start tag was just read, adding its value to the row; returns its column.
        mutating func cell(defaultColumn: Int, row: Int) throws(Failure) -> Int {
            var column = defaultColumn
            var type: UInt8 = 0x6E  // "n"
            var typeLength = 1
            var style = 0
            // One pass over the attributes for r, t and s.
            let base = scanner.bytes
            var i = scanner.attributes.lowerBound
            let end = scanner.attributes.upperBound
            while i < end {
                while i < end && XMLScanner.isSpace(base[i]) { i += 1 }
                let nameStart = i
                while i < end && base[i] != XMLScanner.equals && !XMLScanner.isSpace(base[i]) { i += 1 }
                let nameEnd = i
                while i < end && base[i] != XMLScanner.quote && base[i] != XMLScanner.apostrophe { i += 1 }
                guard i < end else { break }
                let q = base[i]
                let valueStart = i + 1
                i = valueStart
                while i < end && base[i] != q { i += 1 }
                let valueEnd = i
                i += 1
                guard nameEnd - nameStart == 1 else { continue }
                switch base[nameStart] {
                case 0x72:  // r
                    if let c = XLSXCellReference.column(UnsafeBufferPointer(rebasing: base[valueStart..<valueEnd])) {
                        column = c
                    }
                case 0x74:  // t
                    if valueEnd > valueStart {
                        type = base[valueStart]
                        typeLength = valueEnd - valueStart
                    }
                case 0x73:  // s
                    var v = 0
                    for k in valueStart..<valueEnd where base[k] &- 0x30 < 10 && v < 1_000_000 {
                        v = v * 10 + Int(base[k] - 0x30)
                    }
                    style = v
                default:
                    break
                }
            }
            guard !scanner.selfClosing else { return column }
            let inline = type == 0x69  // "inlineStr"
            let hasValue = try readContent(inline: inline)
            guard hasValue else { return column }
            let start = rowBytes.count
            switch type {
            case 0x73 where typeLength == 1:  // s: shared string
                guard !scratch.isEmpty else { break }
                guard let index = Self.index(scratch), index < converter.sharedStrings.count else {
                    throw .cell(
                        "cell \(XLSXCellReference.name(column: column, row: row)) of sheet \"\(converter.sheetName)\" "
                            + "refers to shared string \(String(decoding: scratch, as: UTF8.self)), but the workbook has "
                            + "\(converter.sharedStrings.count)")
                }
                rowBytes.append(contentsOf: converter.sharedStrings.bytes[converter.sharedStrings.range(index)])
            case 0x73, 0x69:  // str (formula text), inlineStr
                rowBytes.append(contentsOf: scratch)
                XMLText.unescapeOffice(&rowBytes, from: start)
                XLSXCSVField.quoteInPlace(&rowBytes, from: start)
            case 0x62:  // b
                let truthy = scratch.first == 0x31 || scratch.first == 0x74 || scratch.first == 0x54
                rowBytes.append(contentsOf: truthy ? Self.trueText : Self.falseText)
            case 0x65:  // e: #N/A, #DIV/0!, … read as empty
                break
            case 0x64:  // d: an ISO 8601 date text
                for c in scratch where c != 0x5A { rowBytes.append(c == 0x54 ? 0x20 : c) }
                XLSXCSVField.quoteInPlace(&rowBytes, from: start)
            default:
                appendNumber(style: style)
            }
            if rowBytes.count > start {
                if let last = rowCells.last, last.column >= column { rowSorted = false }
                rowCells.append((column, start, rowBytes.count))
            }
            return column
        }

        /// A shared-string index: digits only.
        static func index(_ text: [UInt8]) -> Int? {
            guard !text.isEmpty, text.count <= 12 else { return nil }
            var value = 0
            for c in text {
                guard c &- 0x30 < 10 else { return nil }
                value = value * 10 + Int(c - 0x30)
            }
            return value
        }

        static let trueText = Array("true".utf8), falseText = Array("false".utf8)

        /// A number cell's text: a date when its style says so, else the number, else (not a number at all)
        /// the text as written.
        mutating func appendNumber(style: Int) {
            let start = rowBytes.count
            let kind = converter.styles.dateKind(style: style)
            scratch.withUnsafeBufferPointer { raw in
                if kind != .none, let serial = XLSXNumberText.parse(raw),
                    XLSXSerialDate.append(serial, kind: kind, date1904: converter.date1904, to: &rowBytes)
                {
                    return
                }
                if XLSXNumberText.append(raw, to: &rowBytes) { return }
                rowBytes.append(contentsOf: raw)
            }
            XLSXCSVField.quoteInPlace(&rowBytes, from: start)
        }

        /// Reads a cell's children up to `</c>`, leaving the decoded `<v>` (or, for an inline string, the
        /// `<is>` text) in `scratch`. True when there was a value.
        mutating func readContent(inline: Bool) throws(Failure) -> Bool {
            scratch.removeAll(keepingCapacity: true)
            var found = false
            do {
                while true {
                    switch try scanner.next() {
                    case .eof:
                        return found
                    case .end:
                        if scanner.nameIs("c") { return found }
                    case .text:
                        continue
                    case .start:
                        if scanner.nameIs("v") && !inline {
                            found = true
                            if !scanner.selfClosing { try XLSXSharedStrings.appendText(&scanner, to: &scratch) }
                        } else if scanner.nameIs("is") && inline {
                            found = true
                            if !scanner.selfClosing { try readInlineString() }
                        } else {
                            try scanner.skipElement()  // <f>, <extLst>, and <v> of an inline-string cell
                        }
                    }
                }
            } catch {
                throw .xml(error)
            }
        }

        /// The texts of an `<is>`: `<t>` directly or in `<r>` runs, phonetic `<rPh>` runs skipped.
        mutating func readInlineString() throws(XMLScanner.Failure) {
            while true {
                switch try scanner.next() {
                case .eof:
                    return
                case .end:
                    if scanner.nameIs("is") { return }
                case .text:
                    continue
                case .start:
                    if scanner.nameIs("rPh") {
                        try scanner.skipElement()
                    } else if scanner.nameIs("t") && !scanner.selfClosing {
                        try XLSXSharedStrings.appendText(&scanner, to: &scratch)
                    }
                }
            }
        }

        // MARK: Rows

        mutating func endRow(_ rowNumber: Int) throws(Failure) {
            defer {
                rowBytes.removeAll(keepingCapacity: true)
                rowCells.removeAll(keepingCapacity: true)
                rowSorted = true
            }
            if !rowSorted {
                // Out-of-order cells (no spreadsheet program writes them): order by column, first one wins.
                let sorted = rowCells.enumerated().sorted {
                    ($0.element.column, $0.offset) < ($1.element.column, $1.offset)
                }
                var unique: [(column: Int, start: Int, end: Int)] = []
                for (_, cell) in sorted where unique.last?.column != cell.column { unique.append(cell) }
                rowCells = unique
            }
            if width == 0 {
                guard let last = rowCells.last else { return }  // leading empty rows
                width = max(last.column + 1, forcedWidth ?? 0)
                writeHeader()
                lastRowNumber = rowNumber
                keptLength = out.count
                return
            }
            if rowNumber > lastRowNumber + 1 {
                for _ in (lastRowNumber + 1)..<rowNumber { writeEmptyRow() }
            }
            lastRowNumber = max(lastRowNumber, rowNumber)
            writeRow()
            if !rowCells.isEmpty { keptLength = out.count }
        }

        /// The header row: a column without a header cell is named `column_N`.
        mutating func writeHeader() { writeCells(isHeader: true) }

        mutating func writeRow() { writeCells(isHeader: false) }

        /// The row's cells at their columns, empty fields (or `column_N` names in the header) in the gaps.
        private mutating func writeCells(isHeader: Bool) {
            var next = 0
            func gap(_ column: Int) {
                appendSeparator(column)
                if isHeader { out.append(contentsOf: "column_\(column + 1)".utf8) }
            }
            for cell in rowCells {
                guard isHeader || cell.column < width else {
                    widest = max(widest, cell.column + 1)
                    continue
                }
                while next < cell.column {
                    gap(next)
                    next += 1
                }
                appendSeparator(next)
                out.append(contentsOf: rowBytes[cell.start..<cell.end])
                next += 1
            }
            while next < width {
                gap(next)
                next += 1
            }
            out.append(0x0A)
        }

        mutating func writeEmptyRow() {
            for k in 0..<width { appendSeparator(k) }
            out.append(0x0A)
        }

        @inline(__always)
        mutating func appendSeparator(_ column: Int) {
            if column > 0 { out.append(0x2C) }
        }

        mutating func finish() -> Outcome {
            guard width > 0 else { return Outcome(csv: nil) }
            if widest > width { return Outcome(csv: nil, widerNeeded: widest) }
            out.removeSubrange(keptLength...)
            return Outcome(csv: out)
        }
    }
}
