import PipeQCore

/// `spend.csv` and `revenue.csv` for the unit-economics verbs, derived from the won deals without drawing any new
/// random number, so the other files stay byte-identical:
/// - spend: one row per month (from the month the deals start in to the as-of month) and paid source (every source
///   but Referral), amount = the source's base + its cost per win × the deals of that source won that month;
/// - revenue: one customer per won deal (customer = the deal's id), billed value ÷ 12 a month from the month after
///   its close date to the as-of month, for a lifetime of 3 to 36 months taken from a hash of the id; a customer whose
///   lifetime ends by the as-of date gets an end date (the first day of the month after its last bill).
struct EconomicsGenerator {
    static let headerSpend = "month,channel,amount"
    static let headerRevenue = "customer,month,revenue,source,end_date"
    /// Referral (index 3 of `GeneratorModel.sources`) is unpaid.
    static let unpaid = 3
    /// Monthly base spend and spend per won deal, in dollars, per source of `GeneratorModel.sources`.
    static let baseDollars = [15_000, 25_000, 8_000, 0, 12_000, 12_000]
    static let perWinDollars = [30_000, 45_000, 20_000, 0, 35_000, 25_000]

    struct Customer {
        var id: Int
        var source: Int
        var cents: Int
        var closeDay: Int
    }

    /// Won deals per month index (year × 12 + month − 1) and source.
    private var wins: [Int: [Int]] = [:]
    private var customers: [Customer] = []

    /// Notes one simulated deal: only won deals count.
    mutating func record(id: Int, _ deal: SimulatedDeal) {
        guard deal.status == 1 else { return }
        let month = Self.monthIndex(deal.closeDay)
        wins[month, default: Array(repeating: 0, count: GeneratorModel.sources.count)][deal.source] += 1
        customers.append(Customer(id: id, source: deal.source, cents: deal.cents, closeDay: deal.closeDay))
    }

    static func monthIndex(_ day: Int) -> Int {
        let (y, m, _) = CivilTime.civil(days: day)
        return y * 12 + m - 1
    }

    static func monthStart(_ index: Int) -> String {
        let year = index >= 0 ? index / 12 : (index - 11) / 12
        return CivilTime.formatDate(CivilTime.days(year: year, month: index - year * 12 + 1, day: 1))
    }

    /// A customer's lifetime in months, 3 to 36, from a hash of its id.
    static func lifetime(_ id: Int) -> Int {
        var h = UInt64(truncatingIfNeeded: id) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        return 3 + Int(h % 34)
    }

    func writeSpend(firstDay: Int, asOfDay: Int, to path: String) throws -> (CSVByteWriter, Int) {
        var out = try CSVByteWriter(path: path)
        out.append(Self.headerSpend)
        try out.endRow()
        for month in Self.monthIndex(firstDay)...Self.monthIndex(asOfDay) {
            let won = wins[month] ?? Array(repeating: 0, count: GeneratorModel.sources.count)
            for (s, name) in GeneratorModel.sources.enumerated() where s != Self.unpaid {
                out.append(Self.monthStart(month))
                out.comma()
                out.append(name)
                out.comma()
                out.append(cents: (Self.baseDollars[s] + Self.perWinDollars[s] * won[s]) * 100)
                try out.endRow()
            }
        }
        do { try out.close() } catch {
            out.discard()
            throw error
        }
        return (out, out.totalBytes)
    }

    func writeRevenue(asOfDay: Int, to path: String) throws -> (CSVByteWriter, Int) {
        var out = try CSVByteWriter(path: path)
        out.append(Self.headerRevenue)
        try out.endRow()
        let lastMonth = Self.monthIndex(asOfDay)
        for c in customers {
            let first = Self.monthIndex(c.closeDay) + 1
            let last = first + Self.lifetime(c.id) - 1
            let ends = last < lastMonth
            let monthlyCents = Int((Double(c.cents) / 12).rounded())
            guard first <= lastMonth else { continue }
            for month in first...min(last, lastMonth) {
                out.append(int: c.id)
                out.comma()
                out.append(Self.monthStart(month))
                out.comma()
                out.append(cents: monthlyCents)
                out.comma()
                out.append(GeneratorModel.sources[c.source])
                out.comma()
                if ends { out.append(Self.monthStart(last + 1)) }
                try out.endRow()
            }
        }
        do { try out.close() } catch {
            out.discard()
            throw error
        }
        return (out, out.totalBytes)
    }
}
