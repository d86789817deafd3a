import PipeQCore
import Testing

/// Date parsing: the month-table fast path (1900–2199) agrees with calendar arithmetic everywhere.
@Suite struct CivilTimeTests {
    @Test func everyDayRoundTripsAcrossTheTableAndOutsideIt() {
        let first = CivilTime.days(year: 1899, month: 12, day: 1), last = CivilTime.days(year: 2200, month: 2, day: 1)
        var mismatches: [String] = []
        for day in first...last {
            let text = CivilTime.formatDate(day)
            if CivilTime.parseDate(text) != Int32(day) { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(CivilTime.parseDate("1066-10-14") == Int32(CivilTime.days(year: 1066, month: 10, day: 14)))
    }

    @Test(arguments: ["2026-02-29", "2100-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
                      "2026-01-00", "2026-01-32", "0000-00-00", "2026-1-01", "2026/01/01", "20x6-01-01"])
    func impossibleDatesAreNotDates(_ text: String) {
        #expect(CivilTime.parseDate(text) == nil)
    }

    @Test func leapDaysThatExist() {
        for text in ["2024-02-29", "2000-02-29", "1904-02-29", "2196-02-29"] {
            #expect(CivilTime.parseDate(text) != nil, "\(text)")
        }
    }
}
