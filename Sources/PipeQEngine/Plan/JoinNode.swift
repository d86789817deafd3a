import PipeQCore
import PipeQStorage

/// Which input rows a join keeps, and with what.
public enum JoinKind: String, Sendable, CaseIterable {
    /// Rows with at least one match, once per match, with the right side's columns.
    case inner
    /// Every row: once per match, or once with nulls in the right side's columns when nothing matches.
    case left
    /// Rows with at least one match, once each, without the right side's columns (SQL's `WHERE EXISTS`).
    case semi
    /// Rows with no match, once each, without the right side's columns (SQL's `WHERE NOT EXISTS`); a row whose
    /// key is null matches nothing, so it is kept (unlike SQL's `NOT IN`, like its `NOT EXISTS`).
    case anti

    /// Whether the output carries the right side's columns.
    public var addsColumns: Bool { self == .inner || self == .left }
}

/// `left.column = right.column`: one equality of a join's condition, by field index on each side.
public struct JoinKeyPair: Sendable {
    public var left: Int
    public var right: Int
}

/// A right-side column a join adds (inner and left joins): its index in the right plan's schema and its field in
/// the output (renamed `NAME_COLUMN` when the name is taken, its role dropped when the input has that role).
public struct JoinAddedField: Sendable {
    public var index: Int
    public var field: RelationSchema.FieldInfo
}

/// `join [KIND] NAME on LEFT = RIGHT [and …]`: an equi-join of the input (left) with another plan (right): a
/// table's scan (as of the query's day in an `asof` query) or a `let` name's plan. Keys match when equal and
/// neither is null (null keys match nothing); strings match exactly. The right side's key columns are not
/// added again (they equal the left's on every matched row).
public struct JoinNode: Sendable {
    public var kind: JoinKind
    public var right: LogicalPlan
    /// The table or `let` name written, for `explain` and messages.
    public var rightName: String
    public var keys: [JoinKeyPair]
    /// Right columns in the output, in order (empty for semi and anti joins).
    public var added: [JoinAddedField]
    /// The `join …` stage, for errors found while joining (the memory limit).
    public var span: SourceSpan

    /// The input's fields, then the added ones.
    public func schema(over left: RelationSchema) -> RelationSchema {
        var out = left
        out.fields += added.map(\.field)
        return out
    }

    /// `rep` for one same-named pair, `account = name and …` otherwise (left name first), as the query writes it.
    /// The left names may be left out (the right side's names then stand for both).
    public func conditionText(leftNames: [String], rightNames: [String]) -> String {
        func leftName(_ pair: JoinKeyPair) -> String {
            pair.left < leftNames.count ? leftNames[pair.left] : rightNames[pair.right]
        }
        if keys.count == 1, leftName(keys[0]) == rightNames[keys[0].right] {
            return BoundExprText.quotedName(rightNames[keys[0].right])
        }
        return keys.map {
            BoundExprText.quotedName(leftName($0)) + " = " + BoundExprText.quotedName(rightNames[$0.right])
        }
        .joined(separator: " and ")
    }
}
