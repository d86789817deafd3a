import PipeQCore
import PipeQStorage

/// Per-group deal counts and won-deal measures, computed in one pass over typed columns: the inputs of
/// compare and metrics.
struct DealStats {
    var groups: Int
    var open: [Int64]
    var won: [Int64]
    var lost: [Int64]
    /// Won deals with a value: their sum and count.
    var wonValueSum: [Double]
    var wonValueCount: [Int64]
    /// Won deals with both dates: the sum of their cycles in days, and their count.
    var cycleSum: [Double]
    var cycleCount: [Int64]

    /// Which inputs to read.
    struct Columns: Sendable {
        var outcome: OutcomeSource
        var value: Int?
        var created: Int?
        var closeDate: Int?
    }

    /// The input's outcome, value, created and close-date columns, each by its role (nil where missing).
    static func columns(of input: VerbBindingInput) throws(Diagnostic) -> Columns {
        Columns(
            outcome: try VerbSupport.outcomeSource(input),
            value: input.schema.index(role: .value, types: [.int, .double]),
            created: input.schema.index(role: .created, types: [.date, .timestamp]),
            closeDate: input.schema.index(role: .closeDate, types: [.date, .timestamp]))
    }

    /// - Parameter cancellation: looked at every 16,384 rows of each pass (10M deals: three passes of ~0.1 s);
    ///   when it trips, the cancel diagnostic is thrown.
    init(_ input: Relation, _ columns: Columns, groups g: VerbGroups, cancellation flag: CancellationFlag)
        throws(Diagnostic)
    {
        groups = g.count
        let n = input.count
        let outcome = columns.outcome.codes(input)
        let gids = g.ids
        // Each pass looks at Ctrl-C per block of 16,384 rows and not inside one, so the row loops run as fast as
        // without cancellation.
        var open = [Int64](repeating: 0, count: groups)
        var won = open
        var lost = open
        var counted = false
        open.withUnsafeMutableBufferPointer { o in
            won.withUnsafeMutableBufferPointer { w in
                lost.withUnsafeMutableBufferPointer { l in
                    outcome.withUnsafeBufferPointer { out in
                        gids.withUnsafeBufferPointer { gid in
                            counted = flag.forEachBlock(0..<n) { block in
                                for i in block {
                                    switch out[i] {
                                    case OutcomeSource.open: o[Int(gid[i])] += 1
                                    case OutcomeSource.won: w[Int(gid[i])] += 1
                                    case OutcomeSource.lost: l[Int(gid[i])] += 1
                                    default: break
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        guard counted else { throw ExecutionContext.cancelled }
        (self.open, self.won, self.lost) = (open, won, lost)
        var wonValueSum = [Double](repeating: 0, count: groups)
        var wonValueCount = [Int64](repeating: 0, count: groups)
        if let v = columns.value {
            let column = VerbSupport.column(input, v)
            let values = VerbSupport.doubles(column)
            let summed = flag.forEachBlock(0..<n) { block in
                for i in block where outcome[i] == OutcomeSource.won && !column.isNull(i) {
                    let gid = Int(gids[i])
                    wonValueSum[gid] += values[i]
                    wonValueCount[gid] += 1
                }
            }
            guard summed else { throw ExecutionContext.cancelled }
        }
        (self.wonValueSum, self.wonValueCount) = (wonValueSum, wonValueCount)
        var cycleSum = [Double](repeating: 0, count: groups)
        var cycleCount = [Int64](repeating: 0, count: groups)
        if let c = columns.created, let d = columns.closeDate {
            let created = VerbSupport.column(input, c)
            let closed = VerbSupport.column(input, d)
            let a = VerbSupport.Micros(created)
            let b = VerbSupport.Micros(closed)
            let day = Double(CivilTime.microsPerDay)
            let summed = flag.forEachBlock(0..<n) { block in
                for i in block where outcome[i] == OutcomeSource.won && !created.isNull(i) && !closed.isNull(i) {
                    let gid = Int(gids[i])
                    let days = Double(b[i] - a[i]) / day
                    cycleSum[gid] += days
                    cycleCount[gid] += 1
                }
            }
            guard summed else { throw ExecutionContext.cancelled }
        }
        (self.cycleSum, self.cycleCount) = (cycleSum, cycleCount)
    }

    /// won ÷ (won + lost); NaN when nothing closed.
    func winRate(_ k: Int) -> Double {
        let closed = won[k] + lost[k]
        return closed == 0 ? .nan : Double(won[k]) / Double(closed)
    }

    func avgWonValue(_ k: Int) -> Double { wonValueCount[k] == 0 ? .nan : wonValueSum[k] / Double(wonValueCount[k]) }
    func avgCycleDays(_ k: Int) -> Double { cycleCount[k] == 0 ? .nan : cycleSum[k] / Double(cycleCount[k]) }

    /// open × avg won value × win rate × days ÷ avg cycle days (money per `days` days); NaN when an input is missing or the cycle is 0.
    func velocity(_ k: Int, perDays days: Double = 1) -> Double {
        let cycle = avgCycleDays(k)
        guard cycle.isFinite, cycle > 0 else { return .nan }
        return Double(open[k]) * avgWonValue(k) * winRate(k) * days / cycle
    }
}
