import PipeQCore
import PipeQEngine
import PipeQStorage

extension QueryEngine {
    /// `--sql` and `.sql QUERY`: the statement a query compiles to in a dialect, over tables named as in the
    /// catalog (as `SQLTableWriter` creates them, or a database's own tables). Reads no rows, but a pivot's: from
    /// the tables in memory, or with `columnValues` (see `SQLCompiler.columnValues`) from the database.
    public func sql(
        _ text: String, dialect: SQLDialect, source: ((Table) -> SQLTableSource)? = nil,
        columnValues: ((_ sql: String, _ type: DataType) throws(Diagnostic) -> [Scalar])? = nil
    ) throws(Diagnostic) -> SQLStatement {
        let plan = try optimizedPlan(text)
        var compiler = SQLCompiler(
            dialect: dialect, stages: catalog.stages, source: source ?? { SQLTableSource.loaded($0, dialect: dialect) })
        compiler.queryText = text
        compiler.pivotColumns = { (input, node) throws(Diagnostic) in
            try self.pivotCellColumns(input, node, asOfDay: plan.asOfDay)
        }
        compiler.columnValues = columnValues
        return try compiler.compile(plan.root)
    }
}
