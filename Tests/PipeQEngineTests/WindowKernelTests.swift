import PipeQCore
import PipeQStorage
import Testing

@testable import PipeQEngine

/// The window kernels on generated columns: the one-key rank path (order-preserving integers) against the
/// general `Sorter` path (the same key plus a constant second key, which breaks no ties).
@Suite struct WindowKernelTests {
    static func random(_ n: Int, seed: UInt64) -> (doubles: Column, ints: Column, strings: Column, partitions: Column) {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var nulls = NullBitmap(count: n)
        var doubles: [Double] = []
        var ints: [Int64] = []
        var codes: [UInt32] = []
        var parts: [Int64] = []
        for i in 0..<n {
            if next() % 7 == 0 { nulls.setNull(i) }
            let v = Int64(next() % 21) - 10
            doubles.append(v == 0 ? (next() % 2 == 0 ? -0.0 : 0.0) : Double(v) / 4)
            ints.append(v == 10 ? Int64.max : (v == -10 ? Int64.min : v))
            codes.append(UInt32(next() % 5))
            parts.append(Int64(next() % 3))
        }
        let dictionary = StringDictionary(values: ["e", "b", "d", "a", "c"])
        return (
            Column(.double(doubles), nulls: nulls), Column(.int(ints), nulls: nulls),
            Column(.string(codes: codes, dictionary)), Column(.int(parts))
        )
    }

    @Test(arguments: [false, true])
    func oneKeyRanksMatchTheGeneralSort(_ dense: Bool) throws {
        let n = 2_000
        let data = Self.random(n, seed: 7)
        let partitions = try WindowPartitions.build(
            keys: [data.partitions], rowCount: n, cancellation: CancellationFlag())
        let kernels = WindowKernels(partitions: partitions, rowCount: n)
        let constant = Column(.int([Int64](repeating: 1, count: n)))
        for column in [data.doubles, data.ints, data.strings] {
            for descending in [false, true] {
                let fast = try kernels.ranks([(column, descending)], dense: dense, cancellation: CancellationFlag())
                let general = try kernels.ranks(
                    [(column, descending), (constant, false)], dense: dense, cancellation: CancellationFlag())
                #expect(
                    (0..<n).allSatisfy { "\(fast.value(at: $0))" == "\(general.value(at: $0))" },
                    "\(column.type) desc \(descending)")
            }
        }
    }
}
