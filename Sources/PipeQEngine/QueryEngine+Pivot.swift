import PipeQCore
import PipeQStorage

extension QueryEngine {
    /// A pivot's cell columns for a plan compiled elsewhere (SQL): runs the pivot's input here and reads the
    /// pivoted column's distinct values and their column names, as the pivot would make them.
    public func pivotCellColumns(_ input: LogicalPlan, _ node: PivotNode, asOfDay: Int32? = nil) throws(Diagnostic)
        -> [(value: Scalar, name: String)]
    {
        cancellation.reset()
        let context = ExecutionContext(
            cancellation: cancellation, asOfDay: asOfDay ?? self.asOfDay, asOfCatalogs: asOfCatalogs)
        let relation = try Executor(context: context).run(QueryPlan(root: input, asOfDay: asOfDay))
        return try node.cellColumns(of: relation, context: context)
    }
}
