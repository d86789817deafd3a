import PipeQCore

/// Periods along a time axis: the rows in order, with missing periods inserted when the labels are
/// period starts (days, weeks, months, quarters or years).
///
/// Far outliers are left out rather than stretching the axis until the data vanishes: a placeholder such as
/// 9999-12-31 beside a few years of months would make ~95,000 periods, of which a chart shows the last 75, all
/// empty. While the axis is wider than the chart can draw (`capacity`), a date at either end whose gap to its
/// neighbour is wider than all the other dates together span is dropped, and `Axis.note` says so.
enum TimeAxis {
    struct Slot {
        var label: String
        /// The result row, or nil for a missing period.
        var row: Int?
    }

    struct Axis {
        var slots: [Slot]
        /// Rows left off the axis as far outliers.
        var clippedRows: Set<Int> = []
        /// "1 value beyond 2026-12-01 not drawn: 9999-12-01", nil when nothing was left out.
        var note: String?
    }

    /// A safety cap on the periods one axis holds (the latest are kept).
    static let maxSlots = 5_000

    static func slots(_ data: ChartData) -> [Slot] { axis(data, capacity: maxSlots).slots }

    static func axis(_ data: ChartData, capacity: Int) -> Axis {
        guard let dates = data.dates, dates.count >= 2, let step = Step.infer(dates) else {
            return Axis(slots: data.labels.enumerated().map { Slot(label: $1, row: $0) })
        }
        var kept = Array(Set(dates)).sorted()
        var before: [Int32] = []
        var after: [Int32] = []
        // Drop far outliers from either end, at most half of the dates.
        while kept.count > 2, before.count + after.count < dates.count / 2 {
            let span = step.index(of: kept.last!, from: kept.first!)
            guard span >= capacity else { break }
            let lowGap = step.index(of: kept[1], from: kept[0])
            let highGap = step.index(of: kept[kept.count - 1], from: kept[kept.count - 2])
            if highGap >= lowGap, highGap > span - highGap {
                after.insert(kept.removeLast(), at: 0)
            } else if lowGap > span - lowGap {
                before.append(kept.removeFirst())
            } else {
                break
            }
        }
        var rowByDate: [Int32: Int] = [:]
        for (i, d) in dates.enumerated() where rowByDate[d] == nil { rowByDate[d] = i }
        let first = kept.first!
        let last = kept.last!
        let periods = step.index(of: last, from: first) + 1
        var day = step.advance(first, by: max(0, periods - maxSlots))
        var out: [Slot] = []
        while day <= last, out.count < maxSlots {
            out.append(Slot(label: CivilTime.formatDate(Int(day)), row: rowByDate[day]))
            day = step.advance(day, by: 1)
        }
        let outliers = Set(before + after)
        let clipped = Set(dates.indices.filter { outliers.contains(dates[$0]) })
        var notes: [String] = []
        if !before.isEmpty {
            notes.append(describe(before, rows: dates.filter { before.contains($0) }.count, "before", first))
        }
        if !after.isEmpty {
            notes.append(describe(after, rows: dates.filter { after.contains($0) }.count, "beyond", last))
        }
        return Axis(slots: out, clippedRows: clipped, note: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }

    private static func describe(_ outliers: [Int32], rows: Int, _ side: String, _ edge: Int32) -> String {
        var shown = outliers.prefix(3).map { CivilTime.formatDate(Int($0)) }.joined(separator: ", ")
        if outliers.count > 3 { shown += ", …" }
        return "\(rows) value\(rows == 1 ? "" : "s") \(side) \(CivilTime.formatDate(Int(edge))) not drawn: \(shown)"
    }

    /// The period the dates step by.
    enum Step {
        case days(Int32)
        case months(Int)

        /// When every date is such a period's start.
        static func infer(_ dates: [Int32]) -> Step? {
            let civil = dates.map { CivilTime.civil(days: Int($0)) }
            let sorted = Array(Set(dates)).sorted()
            let minGap = zip(sorted, sorted.dropFirst()).map { $1 - $0 }.min() ?? 1
            if civil.allSatisfy({ $0.month == 1 && $0.day == 1 }) { return .months(12) }
            if civil.allSatisfy({ $0.day == 1 && ($0.month - 1) % 3 == 0 }), minGap >= 89 { return .months(3) }
            if civil.allSatisfy({ $0.day == 1 }), minGap >= 28 { return .months(1) }
            if dates.allSatisfy({ CivilTime.weekday(days: Int($0)) == 0 }), minGap >= 7 { return .days(7) }
            if minGap == 1 { return .days(1) }
            return nil
        }

        /// Periods from `start` to `date` (both period starts, `date` ≥ `start`).
        func index(of date: Int32, from start: Int32) -> Int {
            switch self {
            case .days(let n): return Int((date - start) / n)
            case .months(let n):
                let a = CivilTime.civil(days: Int(start))
                let b = CivilTime.civil(days: Int(date))
                return ((b.year - a.year) * 12 + b.month - a.month) / n
            }
        }

        func advance(_ date: Int32, by periods: Int) -> Int32 {
            switch self {
            case .days(let n): return date + n * Int32(periods)
            case .months(let n): return Int32(CivilTime.addMonths(n * periods, toDays: Int(date)))
            }
        }
    }
}
