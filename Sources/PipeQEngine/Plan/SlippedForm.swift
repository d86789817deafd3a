import PipeQStorage

/// `slipped` (`SlippedPlan`): the input deals with one more column, how many times each deal's close date moved
/// later in its terms over time up to the end of `asOfDay` (null for a deal whose terms record no close date).
public struct SlippedForm: @unchecked Sendable {
    /// The close dates over time (`closeDate` is always there).
    public let terms: TermsRead
    /// The input deals' id field.
    public let id: Int
    public let asOfDay: Int32
    public let outputSchema: RelationSchema
}
