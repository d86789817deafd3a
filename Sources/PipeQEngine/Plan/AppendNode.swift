import PipeQCore
import PipeQStorage

/// `append NAME`: the input's rows, then the rows of a table or `let` name (SQL's `UNION ALL BY NAME`). Columns
/// match by name: the input's columns first, in order, then the other side's columns the input lacks; a column
/// one side lacks is null in that side's rows. A name on both sides must have one type there.
public struct AppendNode: Sendable {
    public var other: LogicalPlan
    /// The table or `let` name written, for `explain`.
    public var otherName: String
    /// The other side's fields the input lacks, added after the input's.
    public var added: [RelationSchema.FieldInfo]
    /// For each output field, the other side's field giving its values in the appended rows (nil: null there).
    public var sources: [Int?]

    public func schema(over input: RelationSchema) -> RelationSchema {
        var out = input
        out.fields += added
        if out.role != other.schema.role {
            out.role = nil
            out.derived = []
        }
        return out
    }

    func run(_ input: Relation, _ rows: Relation, context: ExecutionContext) throws(Diagnostic) -> Relation {
        var fields: [RelationField] = []
        for (i, source) in sources.enumerated() {
            try context.checkCancelled()
            let top: RelationField? = i < input.fields.count ? input.fields[i] : nil
            let field =
                top
                ?? RelationField(
                    name: added[i - input.fields.count].name, info: added[i - input.fields.count].info,
                    column: Column(.int([])))
            let type = top?.type ?? added[i - input.fields.count].type
            let column = ColumnConcatenation.concatenated(
                [
                    (top?.materialized(), input.count),
                    (source.map { rows.fields[$0].materialized() }, rows.count),
                ], type: type)
            fields.append(RelationField(name: field.name, info: field.info, column: column))
        }
        return Relation(fields: fields, count: input.count + rows.count)
    }
}
