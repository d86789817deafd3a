import PipeQCore

/// How many deals are created on each day of the window: growth over time, quiet weekends,
/// monthly seasonality and a couple of one-off dip months.
struct InflowCalendar {
    /// First day of the window (days since 1970-01-01).
    let firstDay: Int
    let days: Int
    /// Cumulative weights per day of the window.
    let cumulative: [Double]

    init(asOfDay: Int, windowDays: Int) {
        firstDay = asOfDay - windowDays
        days = windowDays
        let asOf = CivilTime.civil(days: asOfDay)
        let asOfMonthIndex = asOf.year * 12 + asOf.month - 1
        var weights: [Double] = []
        weights.reserveCapacity(windowDays)
        for d in 0..<windowDays {
            let day = firstDay + d
            let (y, mo, _) = CivilTime.civil(days: day)
            var w = 1.0 + 0.5 * Double(d) / Double(windowDays)
            if CivilTime.weekday(days: day) >= 5 { w *= 0.15 }
            w *= GeneratorModel.monthSeasonality[mo - 1]
            let monthsBack = asOfMonthIndex - (y * 12 + mo - 1)
            for dip in GeneratorModel.dipMonths where dip.monthsBack == monthsBack { w *= dip.factor }
            weights.append(w)
        }
        cumulative = cumulativeSums(weights)
    }

    /// A creation day drawn from the calendar.
    func sample(_ random: inout SeededRandom) -> Int {
        firstDay + random.pick(cumulative: cumulative)
    }
}
