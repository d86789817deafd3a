/// SplitMix64: expands one 64-bit seed into well-mixed state words; also a small deterministic
/// `RandomNumberGenerator` (tests use it so a seed reproduces a run on any platform).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** with distributions built only from integer and IEEE-754 basic arithmetic plus
/// `DeterministicMath`, so a seed yields the same stream on every machine.
struct SeededRandom {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A stream for one purpose: `stream` separates independent streams drawn from the same seed.
    init(seed: UInt64, stream: UInt64) {
        var mix = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        s0 = mix.next()
        s1 = mix.next()
        s2 = mix.next()
        s3 = mix.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform integer in 0..<bound (Lemire's multiply-shift; the tiny bias is irrelevant here).
    @inline(__always)
    mutating func int(below bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in lower...upper (integers).
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.count)
    }

    /// True with probability p.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// Standard normal via Marsaglia's polar method (needs only log and sqrt; no trigonometry).
    mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * DeterministicMath.log(s) / s).squareRoot()
            }
        }
    }

    /// Normal with the given mean and standard deviation.
    mutating func normal(mean: Double, sd: Double) -> Double { mean + sd * normal() }

    /// Lognormal: exp(N(mu, sigma)).
    mutating func lognormal(mu: Double, sigma: Double) -> Double {
        DeterministicMath.exp(mu + sigma * normal())
    }

    /// An index drawn from cumulative weights (last element = total).
    mutating func pick(cumulative: [Double]) -> Int {
        let x = uniform() * cumulative[cumulative.count - 1]
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Fisher–Yates shuffle.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(below: i + 1))
        }
    }
}

/// Running sums of weights, for `SeededRandom.pick(cumulative:)`.
func cumulativeSums(_ weights: [Double]) -> [Double] {
    var total = 0.0
    return weights.map {
        total += $0
        return total
    }
}
