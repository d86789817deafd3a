import PipeQCore
import PipeQStorage

/// Each deal's close date and amount over time, from the rows `TermsSource` chose (the terms table kept at import,
/// else the history table's close_date and value columns: Salesforce OpportunityHistory's CLOSEDATE and AMOUNT):
/// the values as they stood at the end of a day, and how many times the close date moved later. A deal the rows
/// record no value for keeps its current one.
struct DealTerms {
    /// Close date (days) per deal, `unknown` when not known.
    static let unknown = Int32.min

    private let count: Int
    /// Rows that belong to a deal, in the order they happened (changed_at, then row order).
    private let rows: [Int]
    private let positions: [Int32]
    private let entered: [Int64]
    private let close: [Int32]?
    private let closeNulls: NullBitmap?
    private let amount: [Double]?
    private let amountNulls: NullBitmap?
    private let currentClose: [Int32]
    private let currentAmount: [Double]
    /// Rows recorded after the end of this day are not read (an `asof` query's day).
    private let lastDay: Int32

    /// Whether any close date is known at all (on the deals or in the history).
    let hasCloseDates: Bool

    /// - Parameters: the deals' id column and, when present, their close_date and value columns; `terms`, read.
    init(ids: Column, closeDate: Column?, value: Column?, terms: TermsSource) {
        count = ids.count
        lastDay = terms.lastDay ?? .max
        let positions = DealKeys.positions(of: terms.column(terms.dealId), in: ids)
        let c = terms.column(terms.changedAt)
        let t = VerbSupport.micros(c)
        let entered = (0..<t.count).map { c.isNull($0) ? Int64.max : t[$0] }
        rows = (0..<positions.count).filter { positions[$0] >= 0 && entered[$0] != .max }
            .sorted { entered[$0] != entered[$1] ? entered[$0] < entered[$1] : $0 < $1 }
        self.positions = positions
        self.entered = entered
        if let i = terms.closeDate {
            let c = terms.column(i)
            close = VerbSupport.days(c)
            closeNulls = c.nulls
        } else {
            close = nil
            closeNulls = nil
        }
        if let i = terms.amount {
            let c = terms.column(i)
            amount = VerbSupport.doubles(c)
            amountNulls = c.nulls
        } else {
            amount = nil
            amountNulls = nil
        }
        if let closeDate {
            let d = VerbSupport.days(closeDate)
            currentClose = (0..<count).map { closeDate.isNull($0) ? Self.unknown : d[$0] }
        } else {
            currentClose = [Int32](repeating: Self.unknown, count: count)
        }
        if let value {
            let v = VerbSupport.doubles(value)
            currentAmount = (0..<count).map { value.isNull($0) ? .nan : v[$0] }
        } else {
            currentAmount = [Double](repeating: .nan, count: count)
        }
        hasCloseDates = closeDate != nil || terms.closeDate != nil
    }

    /// Per deal, the close date (`unknown` when none) and amount (NaN when none) at the end of `day`: the last
    /// row recorded by then that records one, else the deal's current value.
    func state(atEndOf day: Int32) -> (close: [Int32], amount: [Double]) {
        let cutoff = cutoff(day)
        var closeAt = currentClose
        var amountAt = currentAmount
        var closeSeen = [Bool](repeating: false, count: count)
        var amountSeen = [Bool](repeating: false, count: count)
        for h in rows.reversed() where entered[h] < cutoff {
            let p = Int(positions[h])
            if let close, !closeSeen[p], !(closeNulls?.isNull(h) ?? false) {
                closeSeen[p] = true
                closeAt[p] = close[h]
            }
            if let amount, !amountSeen[p], !(amountNulls?.isNull(h) ?? false) {
                amountSeen[p] = true
                amountAt[p] = amount[h]
            }
        }
        return (closeAt, amountAt)
    }

    /// Per deal, how many times a row recorded a later close date than the one before it (null dates skipped),
    /// up to the end of `day`; nil per deal when no row records a close date for it, and nil when the rows have
    /// no close dates at all.
    func pushes(upTo day: Int32) -> [Int64?]? {
        guard let close else { return nil }
        let cutoff = cutoff(day)
        var last = [Int32](repeating: Self.unknown, count: count)
        var out = [Int64?](repeating: nil, count: count)
        for h in rows where entered[h] < cutoff && !(closeNulls?.isNull(h) ?? false) {
            let p = Int(positions[h])
            if last[p] != Self.unknown && close[h] > last[p] { out[p]! += 1 }
            if last[p] == Self.unknown { out[p] = 0 }
            last[p] = close[h]
        }
        return out
    }

    /// The first instant after the end of `day` (or of the last day read, when earlier).
    private func cutoff(_ day: Int32) -> Int64 { (Int64(min(day, lastDay)) + 1) * CivilTime.microsPerDay }
}
