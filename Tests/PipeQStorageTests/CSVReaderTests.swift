import Testing

@testable import PipeQStorage

/// RFC 4180 corners of the byte-level reader.
@Suite struct CSVReaderTests {
    @Test func quotedFieldsWithDelimitersQuotesAndNewlines() throws {
        let t = try loadCSV("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"line1\nline2\",\"\"\"\"\n")
        #expect(t.rowCount == 2)
        #expect(cell(t, "a", 0) == "x, y")
        #expect(cell(t, "b", 0) == "say \"hi\"")
        #expect(cell(t, "a", 1) == "line1\nline2")
        #expect(cell(t, "b", 1) == "\"")
    }

    @Test func crlfLfAndMixedLineEndings() throws {
        let crlf = try loadCSV("a,b\r\n1,x\r\n2,y\r\n")
        let lf = try loadCSV("a,b\n1,x\n2,y\n")
        let mixed = try loadCSV("a,b\r\n1,x\n2,y\r\n")
        for t in [crlf, lf, mixed] {
            #expect(schema(t) == ["a:int", "b:string"])
            #expect(cells(t) == [[.int(1), .string("x")], [.int(2), .string("y")]])
        }
        let quotedCRLF = try loadCSV("a,b\r\n\"q\",\"r\"\r\n")
        #expect(cells(quotedCRLF) == [[.string("q"), .string("r")]])
    }

    /// Issue 18 item 5: lone CRs (classic Mac/Excel) loaded as 0 rows under one header cell "value\r1".
    /// CRs inside quotes stay; an error's line number counts CR lines; the load says what it did.
    @Test func crOnlyLineEndingsAreLineBreaks() throws {
        let loaded = try CSVLoader.loadWithNotes(
            bytes: Array("name,value\ra,1\r\"b\rc\",2\r".utf8), path: "t.csv", tableName: "t")
        #expect(schema(loaded.table) == ["name:string", "value:int"])
        #expect(cells(loaded.table) == [[.string("a"), .int(1)], [.string("b\rc"), .int(2)]])
        #expect(loaded.notes == [CSVLineEndings.note(file: "t.csv")])
        #expect(cells(try loadCSV("value\r1\r2")) == [[.int(1)], [.int(2)]])  // no final CR
        // Parallel chunks and a BOM take the same path.
        let many = "\u{FEFF}n\r" + (1...5_000).map { "\($0)" }.joined(separator: "\r") + "\r"
        let parallel = try loadCSV(many, options: .init(maxThreads: 3, parallelThreshold: 64))
        #expect(parallel.rowCount == 5_000 && cell(parallel, "n", 4_999) == "5000")
        let error = loadError("a,b\r1,2\r3\r")
        guard case .file(_, let line, _) = error?.location else {
            Issue.record("no error")
            return
        }
        #expect(line == 3)
        // A trailing CR alone, or one inside quotes, is not a CR-only file: no note.
        #expect(try CSVLoader.loadWithNotes(bytes: Array("a,b\r".utf8), path: "t.csv", tableName: "t").notes.isEmpty)
        #expect(
            try CSVLoader.loadWithNotes(bytes: Array("a\n\"x\ry\"\n".utf8), path: "t.csv", tableName: "t").notes.isEmpty
        )
    }

    @Test func crlfInsideQuotesIsKept() throws {
        let t = try loadCSV("a\r\n\"x\r\ny\"\r\n")
        #expect(cell(t, "a", 0) == "x\r\ny")
    }

    @Test func noFinalNewline() throws {
        #expect(cells(try loadCSV("a,b\n1,2")) == [[.int(1), .int(2)]])
        #expect(cells(try loadCSV("a,b\n1,\"2\"")) == [[.int(1), .int(2)]])
        #expect(cells(try loadCSV("a,b\r\n1,x\r")) == [[.int(1), .string("x")]])
        #expect(cells(try loadCSV("a,b\n1,")) == [[.int(1), .null]])
    }

    @Test func trailingEmptyLinesIgnored() throws {
        #expect(try loadCSV("a,b\n1,2\n\n").rowCount == 1)
        #expect(try loadCSV("a,b\r\n1,2\r\n\r\n\n").rowCount == 1)
    }

    @Test func emptyUnquotedIsNullEmptyQuotedIsEmptyString() throws {
        let t = try loadCSV("a,b,c\nx,,\"\"\ny,z,w\n")
        #expect(cell(t, "b", 0) == nil)
        #expect(cell(t, "c", 0) == "")
        #expect(t.field(named: "b")!.column.nullCount == 1)
        #expect(t.field(named: "c")!.column.nullCount == 0)
        // `""` is a string value, so next to numbers it makes a string column.
        let n = try loadCSV("a,b\n\"1\",\"\"\n\"2\",\"3\"\n")
        #expect(schema(n) == ["a:int", "b:string"])
        #expect(cell(n, "b", 0) == "")
        #expect(cell(n, "b", 1) == "3")
    }

    @Test func emptyQuotedReadBackWhenColumnTurnsString() throws {
        let t = try loadCSV("a\n\"\"\n\n5\nx\n")
        #expect(schema(t) == ["a:string"])
        #expect(t.rowCount == 4)
        #expect(cells(t) == [[.string("")], [.null], [.string("5")], [.string("x")]])
        let allEmpty = try loadCSV("a,b\n\"\",1\n,2\n")
        #expect(cells(allEmpty) == [[.string(""), .int(1)], [.null, .int(2)]])
    }

    @Test func bomIsSkipped() throws {
        let t = try CSVLoader.load(
            bytes: [0xEF, 0xBB, 0xBF] + Array("id,name\n1,x\n".utf8), path: "t.csv", tableName: "t")
        #expect(schema(t) == ["id:int", "name:string"])
        #expect(t.fields[0].info.header == "id")
    }

    @Test func literalQuoteInsideUnquotedField() throws {
        let t = try loadCSV("a,b\n5'11\",x\n")
        #expect(cell(t, "a", 0) == "5'11\"")
    }

    @Test func semicolonAndTabDelimiters() throws {
        let semi = try loadCSV("id;amount;note\n1;2.5;\"a;b\"\n2;3;c,d\n")
        #expect(schema(semi) == ["id:int", "amount:double", "note:string"])
        #expect(cell(semi, "note", 0) == "a;b")
        #expect(cell(semi, "note", 1) == "c,d")
        let tab = try loadCSV("id\tname\n1\tAnn, Bo\n2\tCy\n")
        #expect(schema(tab) == ["id:int", "name:string"])
        #expect(cell(tab, "name", 0) == "Ann, Bo")
    }

    @Test func delimiterConfirmedOnRows() throws {
        // The header has one comma and one semicolon; only `;` splits the rows consistently.
        let t = try loadCSV("name;note, more\nx;a\ny;b\n")
        #expect(schema(t) == ["name:string", "note_more:string"])
    }

    @Test func singleColumnFile() throws {
        let t = try loadCSV("value\n1\n\n3\n")
        #expect(cells(t) == [[.int(1)], [.null], [.int(3)]])
    }

    @Test func headerOnlyFileIsEmptyStringTable() throws {
        for text in ["a,b,c\n", "a,b,c", "a,b,c\r\n"] {
            let t = try loadCSV(text)
            #expect(t.rowCount == 0)
            #expect(schema(t) == ["a:string", "b:string", "c:string"])
        }
    }

    @Test func utf8Values() throws {
        let t = try loadCSV("name,city\nJosé,São Paulo\n\"Zoë\",東京\n")
        #expect(cell(t, "name", 0) == "José")
        #expect(cell(t, "city", 1) == "東京")
    }

    @Test func tableNameAndSourcePath() throws {
        let t = try loadCSV("a\n1\n")
        #expect(t.name == "t")
        #expect(t.sourcePath == "t.csv")
        #expect(ColumnNameNormalizer.tableName(forPath: "/data/Sales Pipeline.csv") == "sales_pipeline")
        #expect(ColumnNameNormalizer.tableName(forPath: "dealChanges.tsv") == "deal_changes")
    }

    /// The block-at-a-time field scan finds the first delimiter or line feed wherever it falls in a 64-byte
    /// block (and past it, and in the file's last, partial block), among UTF-8 bytes and bytes one bit off the
    /// delimiter or LF, or none before the range's end.
    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")])
    func fieldScanFindsTheFirstDelimiterOrLineFeed(_ delimiter: UInt8) {
        // Bytes one bit off the delimiter and off LF (low bit, high bit), UTF-8 and 0xFF.
        let filler: [UInt8] = Array("é€a".utf8) + [delimiter ^ 0x01, delimiter ^ 0x80, 0x0B, 0x8A, 0xFF]
        for from in [0, 1, 63] {
            for length in 0..<140 {
                for stop in [delimiter, UInt8(ascii: "\n"), nil] {
                    var bytes = (0..<(from + length)).map { filler[$0 % filler.count] }
                    if let stop { bytes.append(stop) }
                    bytes += [delimiter, UInt8(ascii: "\n")]  // later hits must not win
                    let end = stop == nil ? from + length : bytes.count
                    let found = bytes.withUnsafeBufferPointer { buffer in
                        var reader = CSVReader(buffer: buffer, range: 0..<end, delimiter: delimiter)
                        return reader.nextDelimiterOrLineFeed(from: from)
                    }
                    #expect(found == from + length, "from \(from), length \(length), stop \(String(describing: stop))")
                }
            }
        }
    }

    /// One reader scanning field after field reuses its classified block; every end it finds is the
    /// first delimiter or line feed a byte-by-byte scan finds, over many blocks.
    @Test func fieldScanAcrossBlocksMatchesAByteScan() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab,;\n\té".utf8)
        for size in [1, 63, 64, 65, 127, 128, 1000] {
            let bytes = (0..<size).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            bytes.withUnsafeBufferPointer { buffer in
                var reader = CSVReader(buffer: buffer, range: 0..<size, delimiter: UInt8(ascii: ","))
                var p = 0
                while p < size {
                    let expected = (p..<size).first { bytes[$0] == UInt8(ascii: ",") || bytes[$0] == 0x0A } ?? size
                    let found = reader.nextDelimiterOrLineFeed(from: p)
                    guard found == expected else {
                        Issue.record("size \(size), from \(p): found \(found), expected \(expected)")
                        return
                    }
                    p = found + 1
                }
            }
        }
    }
}
