import PipeQCore

/// The shared-string table (`xl/sharedStrings.xml`): every string a `t="s"` cell points to by index,
/// decoded and already quoted as a CSV field, in one byte buffer.
///
/// A string item is plain (`<si><t>…</t></si>`) or rich text, runs of `<r><rPr>…</rPr><t>…</t></r>`
/// whose texts join; phonetic guides (`<rPh>`, the furigana over Japanese text) are not part of the
/// value and are skipped. Text keeps its whitespace as written (`xml:space="preserve"` is how Excel
/// marks leading and trailing spaces, and nothing here trims).
struct XLSXSharedStrings {
    private(set) var bytes: [UInt8] = []
    /// End offset of each string in `bytes`; string k spans `ends[k-1]..<ends[k]`.
    private(set) var ends: [Int] = []

    var count: Int { ends.count }

    func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    static func parse(_ bytes: [UInt8], part: String, path: String) throws(Diagnostic) -> XLSXSharedStrings {
        try XMLScanner.scan(bytes, part: part, path: path) { (scanner) throws(XMLScanner.Failure) in
            var table = XLSXSharedStrings()
            table.bytes.reserveCapacity(bytes.count / 2)
            var itemStart = 0
            var phoneticDepth = 0
            while true {
                switch try scanner.next() {
                case .eof:
                    return table
                case .start:
                    if scanner.nameIs("si") {
                        itemStart = table.bytes.count
                        if scanner.selfClosing { table.ends.append(itemStart) }
                    } else if scanner.nameIs("rPh") {
                        if !scanner.selfClosing { phoneticDepth += 1 }
                    } else if scanner.nameIs("t") && !scanner.selfClosing {
                        if phoneticDepth > 0 {
                            try scanner.skipElement()
                        } else {
                            try XLSXSharedStrings.appendText(&scanner, to: &table.bytes)
                        }
                    }
                case .end:
                    if scanner.nameIs("si") {
                        XMLText.unescapeOffice(&table.bytes, from: itemStart)
                        XLSXCSVField.quoteInPlace(&table.bytes, from: itemStart)
                        table.ends.append(table.bytes.count)
                    } else if scanner.nameIs("rPh") {
                        phoneticDepth -= 1
                    }
                case .text:
                    break
                }
            }
        }
    }

    /// Appends the decoded text of the `<t>` element just opened, up to its end tag.
    static func appendText(_ scanner: inout XMLScanner, to out: inout [UInt8]) throws(XMLScanner.Failure) {
        while true {
            switch try scanner.next() {
            case .text:
                if scanner.textIsCDATA {
                    XMLText.appendCDATA(scanner.slice(scanner.text), to: &out)
                } else {
                    XMLText.appendDecoded(scanner.slice(scanner.text), to: &out)
                }
            case .end, .eof:
                return
            case .start:
                try scanner.skipElement()
            }
        }
    }
}
