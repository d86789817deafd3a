/// `log` and `exp` from basic IEEE-754 arithmetic only, so generated data does not depend on the
/// platform's libm (whose last-bit rounding differs between glibc and Darwin).
/// Accurate to a few ulps — plenty for sampling.
enum DeterministicMath {
    private static let ln2 = 0.693_147_180_559_945_3
    // ln 2 split so that k·ln2Hi is exact (fdlibm's Cody–Waite constants).
    private static let ln2Hi = 6.931_471_803_691_238_164_90e-01
    private static let ln2Lo = 1.908_214_929_270_587_700_02e-10

    /// Natural logarithm of a positive finite number.
    static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "log of \(x)")
        // x = m · 2^e with m in [√½, √2).
        var e = Int(x.exponent)
        var m = x.significand  // [1, 2)
        if m > 1.414_213_562_373_095 {
            m *= 0.5
            e += 1
        }
        // log m = 2·atanh(s), s = (m−1)/(m+1), |s| < 0.1716.
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = s
        var k = 3.0
        while k < 40 {
            term *= s2
            sum += term / k
            k += 2
        }
        return 2 * sum + Double(e) * ln2
    }

    /// e^x, for |x| < 700.
    static func exp(_ x: Double) -> Double {
        precondition(x.isFinite && abs(x) < 700, "exp of \(x)")
        // x = k·ln2 + r with |r| ≤ ln2/2; e^x = 2^k · e^r.
        let k = (x / ln2).rounded()
        let r = (x - k * ln2Hi) - k * ln2Lo
        var term = 1.0
        var sum = 1.0
        for n in 1...18 {
            term *= r / Double(n)
            sum += term
        }
        return Double(sign: .plus, exponent: Int(k), significand: sum)
    }

    /// base^power for positive base.
    static func pow(_ base: Double, _ power: Double) -> Double {
        exp(power * log(base))
    }
}
