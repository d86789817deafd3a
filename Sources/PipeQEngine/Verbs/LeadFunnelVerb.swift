import PipeQCore
import PipeQLanguage
import PipeQStorage

/// `leads | funnel`: lead → qualified → opportunity → won over the leads table, in funnel's columns. `funnel` binds
/// to this when its input is the leads table. Lowered to one aggregate and a row per step.
enum LeadFunnelVerb {
    static let binder = VerbBinder(word: "funnel", lower: { input, plan throws(Diagnostic) in try lower(input, plan) })

    /// The status values (lower case) of a qualified lead.
    static let qualifiedStatuses = [
        "qualified", "mql", "sql", "marketing qualified", "sales qualified", "converted", "opportunity", "won",
    ]

    /// `LeadLowering`, `Aggregate lead = count, qualified = count where QUALIFIED, opportunity = count where deals >
    /// 0, won = count where won > 0`, then one projection per step (`step`, `reached`, `from_previous`, `from_top`,
    /// `drop_off`), appended in order. A lead is qualified when its status says so (or it became a deal); a leads
    /// table without a status lists qualified leads only (Olist's marketing qualified leads), so every lead is.
    static func lower(_ input: VerbBindingInput, _ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        _ = try VerbSupport.options(input)
        try VerbSupport.refuseKeys(input)
        let l = try LeadLowering(input, plan)
        var qualified: BoundExpr = .constant(.bool(true), .bool)
        if let status = input.schema.index(role: .status, types: [.string]) {
            let lower = BoundExpr.call(.lower, [.column(status, .string)], .string)
            qualified = qualifiedStatuses.map { BoundExpr.compare(.equal, lower, .constant(.string($0), .string)) }
                .reduce(l.converted) { .or($0, $1) }
        }
        let counts = LogicalPlan.aggregate(
            l.plan, keys: [],
            aggregates: [
                VerbLowering.aggregate(.count, nil, where: nil, "lead", .int),
                VerbLowering.aggregate(.count, nil, where: qualified, "qualified", .int),
                VerbLowering.aggregate(.count, nil, where: l.converted, "opportunity", .int),
                VerbLowering.aggregate(.count, nil, where: l.isWon, "won", .int),
            ])
        func count(_ i: Int) -> BoundExpr { .column(i, .int) }
        func number(_ i: Int) -> BoundExpr { .cast(count(i), .double) }
        let steps = ["lead", "qualified", "opportunity", "won"].enumerated().map { i, step -> LogicalPlan in
            .project(
                counts,
                [
                    VerbLowering.text("step", step),
                    VerbLowering.named("reached", count(i)),
                    VerbLowering.named(
                        "from_previous",
                        i == 0 ? .constant(.null, .double) : EconomicsPlan.ratio(number(i), number(i - 1)),
                        rate: true),
                    VerbLowering.named("from_top", EconomicsPlan.ratio(number(i), number(0)), rate: true),
                    VerbLowering.named(
                        "drop_off",
                        i == 0 ? .constant(.null, .int) : .arithmetic(.subtract, count(i - 1), count(i), result: .int)),
                ])
        }
        return steps.dropFirst().reduce(steps[0]) { rows, next in
            .append(rows, AppendNode(other: next, otherName: "leads", added: [], sources: [0, 1, 2, 3, 4]))
        }
    }
}
