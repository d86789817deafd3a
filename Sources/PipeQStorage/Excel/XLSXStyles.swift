import PipeQCore

/// The part of the styles (`xl/styles.xml`) that decides values: for each cell format (`cellXfs`, what a
/// cell's `s` attribute indexes), whether its number format makes the number a date.
///
/// Only `<xf>` inside `<cellXfs>` count (`cellStyleXfs` holds named styles' formats, which cells do
/// not index). A workbook without styles has no dates.
struct XLSXStyles {
    var dateKinds: [XLSXDateKind] = []

    @inline(__always)
    func dateKind(style: Int) -> XLSXDateKind {
        style >= 0 && style < dateKinds.count ? dateKinds[style] : .none
    }

    static func parse(_ bytes: [UInt8], part: String, path: String) throws(Diagnostic) -> XLSXStyles {
        try XMLScanner.scan(bytes, part: part, path: path) { (scanner) throws(XMLScanner.Failure) in
            var codes: [Int: String] = [:]
            var formatIDs: [Int] = []
            var inCellXfs = false
            while true {
                switch try scanner.next() {
                case .eof:
                    let kinds = formatIDs.map { id in codes[id].map { XLSXDateKind.of(formatCode: $0) } ?? .builtIn(id)
                    }
                    return XLSXStyles(dateKinds: kinds)
                case .start:
                    if scanner.nameIs("numFmt"), let id = scanner.attributeString("numFmtId").flatMap({ Int($0) }),
                        let code = scanner.attributeString("formatCode")
                    {
                        codes[id] = code
                    } else if scanner.nameIs("cellXfs") {
                        inCellXfs = !scanner.selfClosing
                    } else if inCellXfs && scanner.nameIs("xf") {
                        formatIDs.append(scanner.attributeString("numFmtId").flatMap { Int($0) } ?? 0)
                    }
                case .end:
                    if scanner.nameIs("cellXfs") { inCellXfs = false }
                case .text:
                    break
                }
            }
        }
    }
}
