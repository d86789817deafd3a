/// How the scorecard compares reps on one metric: the team's median, each rep's rank (1 = best, direction-aware,
/// ties share the best rank of their block: 1, 2, 2, 4) and each rep's shortfall against the median.
struct ScorecardRanking {
    /// True when a higher value is better (win rate); false when lower is (cycle days, days in a stage).
    var higherIsBetter: Bool
    /// The median of the reps' finite values (the mean of the middle two for an even count); NaN when none.
    var median: Double
    /// Each rep's rank among those with a finite value; 0 for a rep without one.
    var ranks: [Int]
    /// How many reps have a finite value (what each rank is out of).
    var ranked: Int

    init(_ values: [Double], higherIsBetter: Bool) {
        self.higherIsBetter = higherIsBetter
        let finite = values.filter(\.isFinite).sorted()
        ranked = finite.count
        if finite.isEmpty {
            median = .nan
        } else if finite.count % 2 == 1 {
            median = finite[finite.count / 2]
        } else {
            median = (finite[finite.count / 2 - 1] + finite[finite.count / 2]) / 2
        }
        ranks = values.map { v in
            guard v.isFinite else { return 0 }
            return 1 + finite.filter { higherIsBetter ? $0 > v : $0 < v }.count
        }
    }

    /// How far a value is below the team, as a share of the median's size, signed so that negative is worse:
    /// (value − median) ÷ |median|, negated when lower is better; NaN when either is missing or the median is 0.
    func standing(_ value: Double) -> Double {
        guard value.isFinite, median.isFinite, median != 0 else { return .nan }
        let relative = (value - median) / abs(median)
        return higherIsBetter ? relative : -relative
    }
}
