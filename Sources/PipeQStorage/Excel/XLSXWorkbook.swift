import PipeQCore

/// The workbook part: its sheets in workbook (tab) order, and which date system it counts days in.
struct XLSXWorkbook {
    struct SheetEntry {
        var name: String
        /// The relationship id (`r:id`) that names the sheet's part.
        var relationshipID: String
    }

    var sheets: [SheetEntry] = []
    /// `workbookPr date1904`: serial 0 is 1904-01-01 rather than Excel's 1900-01-00.
    var date1904 = false

    static func parse(_ bytes: [UInt8], part: String, path: String) throws(Diagnostic) -> XLSXWorkbook {
        try XMLScanner.scan(bytes, part: part, path: path) { (scanner) throws(XMLScanner.Failure) in
            var workbook = XLSXWorkbook()
            while true {
                let token = try scanner.next()
                if token == .eof { break }
                guard token == .start else { continue }
                if scanner.nameIs("workbookPr") {
                    let flag = scanner.attributeString("date1904")
                    workbook.date1904 = flag == "1" || flag == "true"
                } else if scanner.nameIs("sheet"), let name = scanner.attributeString("name"),
                    let id = scanner.attributeString("id")
                {
                    workbook.sheets.append(SheetEntry(name: name, relationshipID: id))
                }
            }
            return workbook
        }
    }
}
