import PipeQCore
import Testing

/// Date parsing: the month-table fast path (1900–2199) agrees with calendar arithmetic everywhere.
@Suite struct CivilTimeTests {
    @Test func everyDayRoundTripsAcrossTheTableAndOutsideIt() {
        let first = CivilTime.days(year: 1899, month: 12, day: 1)
        let last = CivilTime.days(year: 2200, month: 2, day: 1)
        var mismatches: [String] = []
        for day in first...last {
            let text = CivilTime.formatDate(day)
            if CivilTime.parseDate(text) != Int32(day) { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(CivilTime.parseDate("1066-10-14") == Int32(CivilTime.days(year: 1066, month: 10, day: 14)))
    }

    @Test(arguments: [
        "2026-02-29", "2100-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
        "2026-01-00", "2026-01-32", "0000-00-00", "2026-1-01", "2026/01/01", "20x6-01-01",
    ])
    func impossibleDatesAreNotDates(_ text: String) {
        #expect(CivilTime.parseDate(text) == nil)
    }

    @Test func leapDaysThatExist() {
        for text in ["2024-02-29", "2000-02-29", "1904-02-29", "2196-02-29"] {
            #expect(CivilTime.parseDate(text) != nil, "\(text)")
        }
    }

    /// Issue 18 item 7: one time-zone rule. `Z` or an offset converts to UTC (and says so); no zone is taken as
    /// written. An offset used to make the value unreadable (its column text), and `Z` was dropped without a word.
    @Test func zonedTimestampsConvertToUTC() {
        func zoned(_ text: String) -> String? {
            var text = text
            return text.withUTF8 { CivilTime.parseZonedTimestamp($0) }.map {
                CivilTime.formatTimestamp($0.micros) + ($0.zoned ? " UTC" : "")
            }
        }
        #expect(zoned("2026-01-15 09:00:00") == "2026-01-15 09:00:00")
        #expect(zoned("2026-01-15T09:00:00Z") == "2026-01-15 09:00:00 UTC")
        #expect(zoned("2026-01-15T09:00+02:00") == "2026-01-15 07:00:00 UTC")
        #expect(zoned("2026-01-15T09:00:00.250-0530") == "2026-01-15 14:30:00.25 UTC")
        #expect(zoned("2026-01-15T23:30:00-05") == "2026-01-16 04:30:00 UTC")  // across midnight
        #expect(zoned("2026-01-15T09:00:00.000+0000") == "2026-01-15 09:00:00 UTC")
        for bad in [
            "2026-01-15T09:00+19:00", "2026-01-15T09:00+02:60", "2026-01-15T09:00+2", "2026-01-15T09:00 +02:00",
            "0001-01-01T00:30+01:00", "9999-12-31T23:30-01:00", "2026-01-15T09:00ZZ",
        ] {
            #expect(zoned(bad) == nil, "\(bad)")
        }
        #expect(CivilTime.parseTimestamp("2026-01-15T09:00+02:00") == CivilTime.parseTimestamp("2026-01-15 07:00"))
    }
}
