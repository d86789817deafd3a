import PipeQCore
import PipeQStorage

extension Aggregator {
    /// The most months one list holds (100 years): a stray 9999-12-31 beside this year's dates would make lists
    /// of 95,000 counts.
    static let maximumMonths = 1_200

    /// `sparkline DATE`: per group, the rows per calendar month over every month from the input's earliest to its
    /// latest date (the same months for every group), as whole counts separated by spaces ("3 0 1"): a value the
    /// renderer draws (`CellEncoding.monthlyCounts`), never glyphs. Null for every group when no row has a date or
    /// the dates span `maximumMonths` or more.
    func monthlyCounts(_ values: Column, _ gids: [Int32]) -> Column {
        let g = groups.count
        var months = [Int](repeating: Int.min, count: values.count)
        for i in 0..<values.count where !values.isNull(i) {
            if stop(i) { break }  // partial; the executor discards it
            let day: Int
            switch values.values {
            case .date(let d): day = Int(d[i])
            case .timestamp(let t): day = Int(CivilTime.floorDiv(t[i], CivilTime.microsPerDay))
            default: continue
            }
            let (y, m, _) = CivilTime.civil(days: day)
            months[i] = y * 12 + m - 1
        }
        let present = months.lazy.filter { $0 != Int.min }
        guard let first = present.min(), let last = present.max(), last - first < Self.maximumMonths else {
            return Column(
                .string(.zeros(g), StringDictionary(values: [""])),
                nulls: NullBitmap.from(count: g) { _ in true })
        }
        let width = last - first + 1
        var counts = [Int](repeating: 0, count: g * width)
        for (i, id) in gids.enumerated() where months[i] != Int.min { counts[Int(id) * width + months[i] - first] += 1 }
        var builder = StringDictionaryBuilder()
        let codes = (0..<g).map { group -> UInt32 in
            builder.code(for: counts[(group * width)..<((group + 1) * width)].map(String.init).joined(separator: " "))
        }
        return Column(.string(codes: codes, builder.build()))
    }
}
