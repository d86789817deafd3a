import PipeQCore
import PipeQStorage

/// `aging [by …]`: open deals by how long ago they were created, every group × every age bucket (0 deals for an
/// empty one), the buckets in order and "no created date" only when some open deal has none. Lowered to core nodes:
/// an aggregate by the keys and the age bucket (a `case` on created against the as-of day, null for deals that are
/// not open), a fill of the buckets per group, and a filter dropping the not-open rows.
enum AgingVerb {
    static let binder = VerbBinder(word: "aging", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    static let labels = ["0-30d", "31-60d", "61-90d", "91d+", "no created date"]

    /// `Aggregate deals = count, value = sum VALUE by KEYS, age = if(outcome(status) = "open", case when created is
    /// null then "no created date" when created >= AS_OF − 30 then "0-30d" … else "91d+" end, null)`, then
    /// `Fill age over ("0-30d", "31-60d", "61-90d", "91d+", then any other value) per KEYS`, then
    /// `Filter age is not null`. A group whose deals are all closed still gets its four buckets, as grouping
    /// every deal did.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        _ = try VerbSupport.options(input)
        let open = VerbLowering.outcome(try VerbSupport.outcome(input), is: "open")
        let createdIndex = try VerbSupport.require(
            .created, input, for: "when each deal was created", types: [.date, .timestamp])
        let value = try VerbLowering.value(input)
        let keys = try VerbSupport.bindKeys(input)
        let names = VerbLowering.names(keys: keys, [("age", .string), ("deals", .int), ("value", .double)])
        let created = BoundExpr.column(createdIndex, input.schema.fields[createdIndex].type)
        let asOf = Int(input.context.asOfDay)
        // age ≤ N days ⇔ created's day ≥ as-of − N (a datetime: at or after that day's midnight)
        func since(_ days: Int) -> BoundExpr {
            let day = Int32(asOf - days)
            let bound: BoundExpr =
                created.type == .date
                ? .constant(.date(day), .date)
                : .constant(.timestamp(Int64(day) * CivilTime.microsPerDay), .timestamp)
            return .compare(.greaterEqual, created, bound)
        }
        func label(_ k: Int) -> BoundExpr { .constant(.string(labels[k]), .string) }
        let bucket = BoundExpr.caseWhen(
            [
                BoundWhen(condition: .isNull(created, negated: false), value: label(4)),
                BoundWhen(condition: since(30), value: label(0)),
                BoundWhen(condition: since(60), value: label(1)),
                BoundWhen(condition: since(90), value: label(2)),
            ], otherwise: label(3))
        let age = BoundExpr.caseWhen(
            [BoundWhen(condition: open, value: bucket)], otherwise: .constant(.null, .string))
        let grouped = VerbLowering.aggregate(
            plan, keys: keys + [NamedBoundExpr(name: names[0], expr: age, info: ColumnInfo(name: names[0]))],
            [
                VerbLowering.aggregate(.count, nil, where: nil, names[1], .int),
                VerbLowering.aggregate(.sum, value, where: nil, names[2], .double),
            ])
        let filled = LogicalPlan.fill(
            grouped,
            FillNode(
                keys: Array(keys.indices), bucket: keys.count,
                domain: .values(labels.prefix(4).map { .string($0) })))
        return .filter(filled, .isNull(.column(keys.count, .string), negated: true))
    }
}
