/// Fiscal years that start in a given month. A fiscal year is named by the calendar year it ends in (a year
/// starting April 2025 is FY2026); starting in January, it is the calendar year.
public struct FiscalCalendar: Sendable, Equatable {
    /// 1–12.
    public var startMonth: Int

    public init(startMonth: Int) {
        self.startMonth = min(12, max(1, startMonth))
    }

    /// The fiscal year of a day.
    public func year(days: Int) -> Int {
        let (y, m, _) = CivilTime.civil(days: days)
        return startMonth == 1 || m < startMonth ? y : y + 1
    }

    /// The first day of the fiscal quarter holding a day.
    public func quarterStart(days: Int) -> Int {
        let (y, m, _) = CivilTime.civil(days: days)
        let sinceStart = (m - startMonth + 12) % 12
        let yearStart = m >= startMonth ? y : y - 1
        let index = startMonth - 1 + sinceStart / 3 * 3
        return CivilTime.days(year: yearStart + index / 12, month: index % 12 + 1, day: 1)
    }

    /// A quarter's label from any day in it: `2025-Q1` for calendar years, `FY2026-Q1` otherwise.
    public func quarterLabel(days: Int) -> String {
        let (_, m, _) = CivilTime.civil(days: days)
        let quarter = (m - startMonth + 12) % 12 / 3 + 1
        return startMonth == 1 ? "\(year(days: days))-Q\(quarter)" : "FY\(year(days: days))-Q\(quarter)"
    }
}
