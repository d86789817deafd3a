import Foundation
import PipeQCore
import PipeQEngine
import PipeQStorage

/// Dates offered after `asof` and `changes from`/`to`: `today` (the as-of date), the day of the data's last
/// recorded change (the newest created, stage_entered, entered_at or exited_at; where a past snapshot
/// starts), and the ends of the six months before that day's month, newest first (month and quarter closes,
/// the dates reviews ask about).
///
/// The last change is a scan of four date columns (tens of milliseconds at 10M rows), so it is worked out once
/// per dataset, on a thread of its own: the shell starts it before the first prompt (`prepare`) and again after
/// an entry that changed the deals or history table (`.load`), and a Tab waits for it only if it is not done yet.
public final class DateCandidates: @unchecked Sendable {
    /// Month ends offered before the last change.
    public static let monthEnds = 6

    private let condition = NSCondition()
    // Guarded by `condition`: the tables the day is (being) worked out for, and the day once it is known.
    private weak var deals: Table?
    private weak var history: Table?
    private var started = false
    private var done = false
    private var latest: Int32?

    public init() {}

    /// Starts working out the last change of `engine`'s data on a background thread, unless it is known (or
    /// being worked out) for these very tables.
    public func prepare(_ engine: QueryEngine) {
        let deals = engine.catalog.table(role: .deals)
        let history = engine.catalog.table(role: .history)
        condition.lock()
        defer { condition.unlock() }
        if started && deals === self.deals && history === self.history { return }
        self.deals = deals
        self.history = history
        started = true
        done = false
        latest = nil
        // Only these two tables are read, so a `.load` replacing the catalog's tables meanwhile cannot race.
        let tables = [deals, history].compactMap { $0 }
        Thread { [self] in
            let day = QueryEngine.latestChange(in: Catalog(tables: tables))
            condition.lock()
            if deals === self.deals && history === self.history {
                latest = day
                done = true
                condition.broadcast()
            }
            condition.unlock()
        }.start()
    }

    /// The data's last change day, waiting for `prepare`'s thread when it has not finished.
    public func latestChange(_ engine: QueryEngine) -> Int32? {
        prepare(engine)
        condition.lock()
        defer { condition.unlock() }
        while !done { condition.wait() }
        return latest
    }

    /// `today`, the last change as YYYY-MM-DD, then the month ends before it (before the as-of date when the
    /// data has no dates), newest first.
    public func candidates(_ engine: QueryEngine) -> [String] {
        var out = ["today"]
        let latest = latestChange(engine)
        if let latest { out.append(CivilTime.formatDate(Int(latest))) }
        var (year, month, _) = CivilTime.civil(days: Int(latest ?? engine.asOfDay))
        for _ in 0..<Self.monthEnds {
            month -= 1
            if month == 0 {
                month = 12
                year -= 1
            }
            out.append(
                CivilTime.formatDate(
                    CivilTime.days(year: year, month: month, day: CivilTime.daysInMonth(year: year, month: month))))
        }
        return out
    }
}
