import Foundation
import Testing

@testable import PipeQStorage

/// The CSV loader's dictionary builder: hashing and comparing byte strings a word at a time, and
/// growing its table by doubling (see NonDistinctDictionaryTests for columns that are nearly all distinct).
struct ByteStringInternerTests {
    func intern(_ interner: inout ByteStringInterner, _ text: String) -> UInt32 {
        Array(text.utf8).withUnsafeBufferPointer { interner.code(for: $0) }
    }

    @Test func valuesDifferingOnlyInTheirLastBytesGetTheirOwnCodes() {
        var interner = ByteStringInterner()
        // Every length from 0 to 17, and pairs that differ in the final byte of the tail word.
        var words: [String] = []
        for n in 0...17 {
            words.append(String(repeating: "a", count: n))
            if n > 0 { words.append(String(repeating: "a", count: n - 1) + "b") }
        }
        let codes = words.map { intern(&interner, $0) }
        #expect(Set(codes).count == Set(words).count)
        #expect(words.map { intern(&interner, $0) } == codes, "the same value always gets the same code")
        #expect(interner.count == Set(words).count)
    }

    /// The batch path (with its cache of recent short values) gives every distinct value its own code and
    /// the same value always the same code: values of 0–20 bytes from a tiny alphabet, so many share their
    /// length, first eight and last eight bytes but one (9–16 bytes: those determine the value).
    @Test func batchLookupsWithTheRecentValueCacheKeepValuesApart() {
        var generator = SystemRandomNumberGenerator()
        let texts = (0..<6_000).map { _ in
            String((0..<Int.random(in: 0...20, using: &generator)).map { _ in "ab".randomElement(using: &generator)! })
        }
        var batched = ByteStringInterner()
        var codes: [UInt32] = []
        // All values back to back in one buffer; each batch views its slices of it.
        let arena = texts.flatMap { Array($0.utf8) }
        var starts = [0]
        for text in texts { starts.append(starts.last! + text.utf8.count) }
        arena.withUnsafeBufferPointer { all in
            for start in stride(from: 0, to: texts.count, by: 256) {
                let end = min(start + 256, texts.count)
                var views = (start..<end).map { UnsafeBufferPointer(rebasing: all[starts[$0]..<starts[$0 + 1]]) }
                var skip = [Bool](repeating: false, count: end - start)
                var hashes = [UInt64](repeating: 0, count: end - start)
                var out = [UInt32](repeating: 0, count: end - start)
                views.withUnsafeMutableBufferPointer { v in
                    batched.codes(for: UnsafeBufferPointer(v), skip: &skip, hashScratch: &hashes, into: &out)
                }
                codes += out
            }
        }
        var codeOf: [String: UInt32] = [:]
        for (text, code) in zip(texts, codes) {
            if let earlier = codeOf[text] {
                #expect(earlier == code, "\(text.debugDescription)")
            } else {
                codeOf[text] = code
            }
        }
        #expect(Set(codeOf.values).count == codeOf.count, "distinct values share a code")
        #expect(batched.count == codeOf.count)
    }

    /// A value that ends exactly at the end of a readable page, with an unreadable page after it:
    /// the masked word load must not read past the page, and must agree with a copy elsewhere.
    @Test func aValueEndingAtAPageBoundaryHashesAndComparesWithoutReadingPastIt() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let region = mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            region != MAP_FAILED
        else {
            Issue.record("mmap failed")
            return
        }
        defer { munmap(region, 2 * page) }
        #expect(mprotect(region + page, page, PROT_NONE) == 0)
        for n in 1...13 {
            let text = Array("Closed Lost!!".utf8.prefix(n))
            let start = region.assumingMemoryBound(to: UInt8.self) + page - n
            start.initialize(from: text, count: n)
            let atEdge = UnsafeBufferPointer(start: UnsafePointer(start), count: n)
            let (hashHere, equalHere): (UInt64, Bool) = text.withUnsafeBufferPointer { copy in
                (
                    ByteStringInterner.hash(copy),
                    ByteStringInterner.equal(UnsafeRawPointer(start), UnsafeRawPointer(copy.baseAddress!), n)
                )
            }
            #expect(ByteStringInterner.hash(atEdge) == hashHere, "length \(n)")
            #expect(equalHere, "length \(n)")
            var interner = ByteStringInterner()
            let first = interner.code(for: atEdge)
            #expect(text.withUnsafeBufferPointer { interner.code(for: $0) } == first)
        }
    }

    @Test func aLowCardinalityColumnGrowsByDoubling() {
        var interner = ByteStringInterner()
        interner.reserveForHighCardinality(rows: 2_000_000, seen: 0)
        for i in 0..<2_000_000 { _ = intern(&interner, "account \(i % 50_000)") }
        #expect(interner.count == 50_000)
        #expect(interner.tableSize == 1 << 17, "at most half full: 50,000 values in 131,072 slots")
    }
}
