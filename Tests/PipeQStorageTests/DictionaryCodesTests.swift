import Testing

@testable import PipeQStorage

/// Dictionary codes are stored one, two or four bytes wide, the narrowest the dictionary allows.
struct DictionaryCodesTests {
    @Test func theWidthFollowsTheDictionarySize() {
        #expect(DictionaryCodes.width(forDictionaryOf: 1) == 1)
        #expect(DictionaryCodes.width(forDictionaryOf: 256) == 1)
        #expect(DictionaryCodes.width(forDictionaryOf: 257) == 2)
        #expect(DictionaryCodes.width(forDictionaryOf: 65_536) == 2)
        #expect(DictionaryCodes.width(forDictionaryOf: 65_537) == 4)
        #expect(DictionaryCodes([0, 255, 7], dictionaryCount: 256).width == 1)
        #expect(DictionaryCodes([0, 256, 7], dictionaryCount: 257).width == 2)
        #expect(DictionaryCodes([0, 70_000, 7], dictionaryCount: 70_001).width == 4)
    }

    @Test(arguments: [3, 300, 70_000])
    func everyWidthReadsBackTheSameCodes(_ dictionaryCount: Int) {
        let codes = (0..<1_000).map { UInt32(($0 * 7_919) % dictionaryCount) }
        let stored = DictionaryCodes(codes, dictionaryCount: dictionaryCount)
        #expect(stored.count == codes.count)
        #expect(stored.widened == codes)
        #expect((0..<codes.count).map { stored[$0] } == codes)
        #expect(stored.map { Int($0) } == codes.map { Int($0) })
        let rows: [Int32] = [999, 0, 500, 500]
        let picked = rows.withUnsafeBufferPointer { stored.gathered($0) }
        #expect(picked.width == stored.width && picked.widened == rows.map { codes[Int($0)] })
        let table = (0..<dictionaryCount).map { $0 % 2 == 0 }
        #expect(stored.lookup(table) == codes.map { table[Int($0)] })
        // Renumbered into a dictionary of three: one byte whatever the width before.
        let folded = stored.remapped((0..<dictionaryCount).map { UInt32($0 % 3) }, dictionaryCount: 3)
        #expect(folded.width == 1 && folded.widened == codes.map { $0 % 3 })
    }

    @Test func loadedColumnsUseTheNarrowestWidth() throws {
        let table = try loadCSV("stage,name\n" + (0..<400).map { "S\($0 % 5),N\($0)" }.joined(separator: "\n") + "\n")
        guard case .string(let stages, _)? = table.field(named: "stage")?.column.values,
            case .string(let names, _)? = table.field(named: "name")?.column.values
        else {
            Issue.record("not string columns")
            return
        }
        #expect(stages.width == 1 && names.width == 2)
        #expect(names[399] == 399)
    }

    /// Codes widen while a column loads: `a` passes 256 values at row 1,253 and 65,536 at row 66,533;
    /// `b` is numbers until row 500, then 400 strings (re-read once it turns into strings). One thread
    /// and several (chunks of different widths merged) give the same values.
    @Test(arguments: [1, 2, 3])
    func codesWidenAsTheDictionaryGrows(threads: Int) throws {
        var text = "a,b\n"
        for i in 0..<70_000 {
            text += (i < 1_000 ? "x\(i % 3)" : "y\(i)") + "," + (i < 500 ? String(i) : "s\(i % 400)") + "\n"
        }
        let table = try loadCSV(text, options: .init(maxThreads: threads, parallelThreshold: 0))
        guard case .string(let a, let aDictionary)? = table.field(named: "a")?.column.values,
            case .string(let b, let bDictionary)? = table.field(named: "b")?.column.values
        else {
            Issue.record("not string columns")
            return
        }
        #expect(a.width == 4 && aDictionary.count == 69_003)
        #expect(b.width == 2 && bDictionary.count == 900)
        for row in [0, 2, 999, 1_000, 1_252, 1_253, 66_532, 66_533, 69_999] {
            #expect(aDictionary.string(Int(a[row])) == (row < 1_000 ? "x\(row % 3)" : "y\(row)"), "a row \(row)")
            #expect(bDictionary.string(Int(b[row])) == (row < 500 ? String(row) : "s\(row % 400)"), "b row \(row)")
        }
        #expect(aDictionary.values.prefix(4) == ["x0", "x1", "x2", "y1000"], "first-appearance order")
    }
}
