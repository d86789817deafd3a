import PipeQCore
import PipeQEngine
import PipeQStorage

/// A plan a verb reads beside its input (a history, a terms table), compiled to a step of its own: each of its
/// columns as SQL over that step.
struct SQLSideRows {
    let step: SQLCompiler.Step
    let fields: [RelationSchema.FieldInfo]
    let compiler: SQLExpressionCompiler

    /// Column `i` as SQL over the step.
    func column(_ i: Int) throws(Diagnostic) -> String { try compiler.sql(.column(i, fields[i].type)) }

    /// The optional column `i` as SQL over the step.
    func column(_ i: Int?) throws(Diagnostic) -> String? {
        guard let i else { return nil }
        return try column(i)
    }

    func type(_ i: Int) -> DataType { fields[i].type }
}

extension SQLCompiler {
    /// `plan` compiled as a step of its own (keeping its row order as a column when `ordered`), to read beside the
    /// input.
    mutating func sideRows(_ plan: LogicalPlan, ordered: Bool) throws(Diagnostic) -> SQLSideRows {
        let step = try relation(plan, ordered: ordered)
        return SQLSideRows(step: step, fields: plan.schema.fields, compiler: expressions(over: plan, step))
    }
}
