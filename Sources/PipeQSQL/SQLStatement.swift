import PipeQEngine

/// One compiled query: a single SQL statement (a chain of CTEs, one per plan step), and the columns it returns,
/// named and typed as the in-memory engine's result would be.
public struct SQLStatement: Sendable {
    public var text: String
    public var fields: [RelationSchema.FieldInfo]
}
