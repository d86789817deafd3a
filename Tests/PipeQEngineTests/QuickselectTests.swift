import Foundation
import PipeQGenerate
import Testing

@testable import PipeQEngine

/// Medians and percentiles by selection (`Quickselect`) give exactly what sorting gave: the value at rank
/// q × (n − 1), interpolated linearly between the two nearest ranks.
@Suite struct QuickselectTests {
    /// The oracle: sort, then interpolate (what `Aggregator.quantile` did before).
    static func sorted(_ values: [Double], _ q: Double) -> Double {
        let s = values.sorted()
        let pos = q * Double(s.count - 1)
        let lo = Int(pos.rounded(.down))
        let hi = Int(pos.rounded(.up))
        return s[lo] + (s[hi] - s[lo]) * (pos - Double(lo))
    }

    @Test func matchesSortingOnRandomValues() {
        var random = SplitMix64(seed: 5)
        for n in [1, 2, 3, 7, 16, 17, 100, 1_001, 40_000] {
            for spread in [3, 1_000_000] {  // many ties, and few
                let values = (0..<n).map { _ in Double(Int.random(in: 0..<spread, using: &random)) / 4 }
                for q in [0, 0.1, 0.25, 0.5, 0.9, 0.99, 1] {
                    var copy = values
                    let selected = copy.withUnsafeMutableBufferPointer {
                        Quickselect.quantile($0, q, cancellation: CancellationFlag())
                    }
                    #expect(selected == Self.sorted(values, q), "n \(n), spread \(spread), q \(q)")
                }
            }
        }
    }

    @Test func noValuesAndCancelled() {
        var empty: [Double] = []
        #expect(
            empty.withUnsafeMutableBufferPointer { Quickselect.quantile($0, 0.5, cancellation: CancellationFlag()) }
                == nil)
        let flag = CancellationFlag()
        flag.cancel()
        var many = (0..<100_000).map { Double(($0 * 7_919) % 100_003) }
        #expect(many.withUnsafeMutableBufferPointer { Quickselect.quantile($0, 0.5, cancellation: flag) } == nil)
    }
}
