import PipeQCore
import PipeQStorage
import Testing

@testable import PipeQEngine

/// The radix sort behind `sort`, `rank` and `top … per` against a comparison sort with the same rules (nulls
/// last both ways, −0.0 = 0.0, Int64's extremes, strings by dictionary rank, ties in input order).
@Suite struct RadixOrderTests {
    @Test func sortedPositionsMatchAComparisonSort() throws {
        let n = 3_000
        let data = WindowKernelTests.random(n, seed: 11)
        let columns = [data.doubles, data.ints, data.strings, data.partitions]
        for first in columns {
            for second in columns {
                for (d1, d2) in [(false, false), (true, false), (false, true), (true, true)] {
                    let sorter = Sorter(columns: [(first, d1), (second, d2)])
                    let fast = try sorter.sortedPositions(count: n)
                    let reference = (0..<Int32(n)).sorted { a, b in
                        let c = sorter.compare(Int(a), Int(b))
                        return c != 0 ? c < 0 : a < b
                    }
                    #expect(fast == reference, "\(first.type) \(d1), \(second.type) \(d2)")
                }
            }
        }
    }

    @Test func aCancelledSortStops() {
        let n = 100_000
        let column = Column(.double((0..<n).map { Double(($0 * 7919) % n) }))
        let flag = CancellationFlag()
        flag.cancel()
        #expect(throws: Diagnostic.self) {
            try Sorter(columns: [(column, false)]).sortedPositions(count: n, cancellation: flag)
        }
    }
}
