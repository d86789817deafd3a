import PipeQCore
import PipeQStorage

/// `aging [by …]`: open deals by how long ago they were created.
struct AgingPlan: VerbPlan {
    static let binder = VerbBinder(word: "aging") { input throws(Diagnostic) in try AgingPlan(input) }

    static let labels = ["0-30d", "31-60d", "61-90d", "91d+", "no created date"]

    let keys: [NamedBoundExpr]
    let outcome: OutcomeSource
    let created: Int
    let value: Int
    let asOfDay: Int32
    let outputSchema: RelationSchema

    init(_ input: VerbBindingInput) throws(Diagnostic) {
        _ = try VerbSupport.options(input)
        outcome = try VerbSupport.outcomeSource(input)
        created = try VerbSupport.require(
            .created, input, for: "when each deal was created", types: [.date, .timestamp])
        value = try VerbSupport.require(.value, input, for: "each deal's value", types: [.int, .double])
        asOfDay = input.context.asOfDay
        keys = try VerbSupport.bindKeys(input)
        outputSchema = VerbSupport.schema(keys: keys, [("age", .string), ("deals", .int), ("value", .double)])
    }

    var explanation: String { "Aging (open deals by as-of − created)" + VerbSupport.keyNames(keys) }

    func execute(_ input: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        let groups = try VerbGroups(keys: keys, input: input, context: context)
        let status = outcome.codes(input)
        let createdColumn = VerbSupport.column(input, created)
        let days = VerbSupport.days(createdColumn)
        let valueColumn = VerbSupport.column(input, value)
        let values = VerbSupport.doubles(valueColumn)
        let n = input.count
        var bucket = [Int](repeating: -1, count: n)
        var undated = false
        for i in 0..<n where status[i] == OutcomeSource.open {
            if createdColumn.isNull(i) {
                bucket[i] = 4
                undated = true
                continue
            }
            let age = Int(asOfDay) - Int(days[i])
            bucket[i] = age <= 30 ? 0 : age <= 60 ? 1 : age <= 90 ? 2 : 3
        }
        let b = undated ? 5 : 4
        let rows = groups.count * b
        var deals = [Int64](repeating: 0, count: rows)
        var total = [Double](repeating: 0, count: rows)
        var valued = [Bool](repeating: false, count: rows)
        for i in 0..<n where bucket[i] >= 0 {
            let r = Int(groups.ids[i]) * b + bucket[i]
            deals[r] += 1
            if !valueColumn.isNull(i) {
                total[r] += values[i]
                valued[r] = true
            }
        }
        // A bucket whose deals all lack a value sums to null (as SQL's sum does), not 0.
        for r in 0..<rows where deals[r] > 0 && !valued[r] { total[r] = .nan }
        return VerbSupport.relation(
            outputSchema, keyFields: groups.keyFields(repeating: b),
            columns: [
                VerbSupport.labelColumn((0..<rows).map { UInt32($0 % b) }, labels: Array(Self.labels.prefix(b))),
                VerbSupport.intColumn(deals),
                VerbSupport.doubleColumn(total),
            ], count: rows)
    }
}
