import PipeQCore
import PipeQLanguage
import PipeQStorage

public enum ArithmeticOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
}

public enum ComparisonOperator: String, Sendable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="

    /// The operator with operands swapped (`a < b` ⇔ `b > a`).
    public var flipped: ComparisonOperator {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        default: return self
        }
    }
}

/// One `column = "constant"` test of a string column, inside `BoundExpr.columnsEqual`.
public struct ColumnEquality: Sendable {
    public var column: Int
    public var value: String

    /// The same test as a plain comparison.
    public var comparison: BoundExpr { .compare(.equal, .column(column, .string), .constant(.string(value), .string)) }
}

/// One `when CONDITION then VALUE` of a bound `case`: the condition is boolean, the value of the case's type.
public struct BoundWhen: Sendable {
    public var condition: BoundExpr
    public var value: BoundExpr
}

/// An expression after name resolution and type checking: every node knows its type, and operand
/// types already agree (casts are explicit nodes). The AST never travels past the binder.
public indirect enum BoundExpr: Sendable {
    /// A field of the input relation, by index.
    case column(Int, DataType)
    /// A typed constant (a null constant still has a type).
    case constant(Scalar, DataType)
    case negate(BoundExpr)
    /// Arithmetic on operands already coerced to the kernel's types; `result` is the output type.
    case arithmetic(ArithmeticOperator, BoundExpr, BoundExpr, result: DataType)
    /// Comparison of two operands of the same type.
    case compare(ComparisonOperator, BoundExpr, BoundExpr)
    /// Case-insensitive string equality.
    case equalIgnoringCase(BoundExpr, BoundExpr)
    case and(BoundExpr, BoundExpr)
    case or(BoundExpr, BoundExpr)
    case not(BoundExpr)
    case isNull(BoundExpr, negated: Bool)
    /// Membership in a list of constants of the operand's type.
    case inList(BoundExpr, [Scalar], negated: Bool)
    /// String matching against a constant pattern.
    case match(StringMatch, BoundExpr, pattern: String, negated: Bool)
    case call(ScalarFunction, [BoundExpr], DataType)
    /// int → double, date → timestamp.
    case cast(BoundExpr, DataType)
    /// Adds calendar months to a date or timestamp.
    case addMonths(BoundExpr, Int)
    /// The value where the condition holds, else null (`cycle` for closed deals only).
    case nullUnless(BoundExpr, BoundExpr)
    /// A deal's outcome from a string column: "open", "won" or "lost" (null where the column is null), by the
    /// rule for that column (see `OutcomeRule`).
    case outcome(BoundExpr, OutcomeRule)
    /// `status = "open" and stage = "Proposal"`: string columns each equal to a constant, all of them true. Made by
    /// the optimizer (FusedDictionaryEquality) so the kernel can test both dictionary codes in one pass.
    case columnsEqual([ColumnEquality])
    /// A `let` name used as a value: its one-column plan, run by the executor before the node that uses it.
    case scalarQuery(ScalarQuery)
    /// `case when … then … else … end` (and `if(c, a, b)`): the first branch whose condition is true, else
    /// `otherwise` (a null constant when the query gave no `else`). Every value already has the case's type.
    case caseWhen([BoundWhen], otherwise: BoundExpr)

    public var type: DataType {
        switch self {
        case .column(_, let t), .constant(_, let t), .call(_, _, let t), .cast(_, let t): return t
        case .negate(let e), .addMonths(let e, _): return e.type
        case .nullUnless(_, let e): return e.type
        case .caseWhen(_, let otherwise): return otherwise.type
        case .outcome: return .string
        case .scalarQuery(let q): return q.type
        case .arithmetic(_, _, _, let t): return t
        case .compare, .equalIgnoringCase, .and, .or, .not, .isNull, .inList, .match, .columnsEqual: return .bool
        }
    }

    /// The field index when the expression is a plain column reference.
    public var columnIndex: Int? {
        if case .column(let i, _) = self { return i }
        return nil
    }

    /// The constant value when the expression is a constant.
    public var constantValue: Scalar? {
        if case .constant(let v, _) = self { return v }
        return nil
    }
}

extension BoundExpr {
    /// `columnsEqual` spelled out as a chain of `and`ed comparisons (what evaluators that do not fuse it run).
    static func conjunction(_ equalities: [ColumnEquality]) -> BoundExpr {
        equalities.dropFirst().reduce(equalities[0].comparison) { .and($0, $1.comparison) }
    }
}
