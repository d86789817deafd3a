import PipeQCore
import PipeQStorage

/// The `by` groups of a verb's input, numbered in key order, with the key values of each group.
struct VerbGroups {
    var ids: [Int32]
    var count: Int
    private var keyColumns: [Column]
    private var keys: [NamedBoundExpr]
    private var representatives: [Int32]

    init(keys: [NamedBoundExpr], input: Relation, context: ExecutionContext) throws(Diagnostic) {
        let (groups, columns) = try Groups.build(
            keys: keys, over: Evaluator(relation: input, context: context), rowCount: input.count,
            cancellation: context.cancellation)
        ids = groups.ids
        count = groups.count
        representatives = groups.representatives
        keyColumns = columns
        self.keys = keys
    }

    /// Groups given directly (compare: the rep, the team, everyone else); no key fields.
    init(ids: [Int32], count: Int) {
        self.ids = ids
        self.count = count
        representatives = []
        keyColumns = []
        keys = []
    }

    /// Key fields with one row per group, each repeated `block` times (group-major).
    func keyFields(repeating block: Int = 1) -> [RelationField] {
        keyFields(blocks: [Int](repeating: block, count: count))
    }

    /// Key fields with group g's row repeated `blocks[g]` times (group-major).
    func keyFields(blocks: [Int]) -> [RelationField] {
        var rows: [Int32] = []
        rows.reserveCapacity(blocks.reduce(0, +))
        for (r, block) in zip(representatives.prefix(count), blocks) { for _ in 0..<block { rows.append(r) } }
        return zip(keys, keyColumns).map { key, column in
            RelationField(name: key.name, info: key.info, column: column.gathered(rows))
        }
    }
}
