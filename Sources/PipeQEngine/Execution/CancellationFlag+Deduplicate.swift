import PipeQCore
import PipeQStorage

extension CancellationFlag {
    /// Deduplicates a string column's dictionary now, if it is not distinct, watching the flag: the first
    /// grouping or distinct count over ten million strings loaded without deduplication hashes them all
    /// (seconds), and Ctrl-C must stop that too. Afterwards `distinctStrings` finds the work done.
    func deduplicate(_ column: Column) throws(Diagnostic) {
        guard case .string(_, let dictionary) = column.values, !dictionary.isDistinct else { return }
        if dictionary.deduplication(stopping: { self.isCancelled }) == nil { throw ExecutionContext.cancelled }
    }
}
