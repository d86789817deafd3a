import PipeQCore
import PipeQStorage

/// A bound expression written back as query text, with field names from the input schema (for `explain`).
enum BoundExprText {
    static func text(_ e: BoundExpr, _ names: [String]) -> String {
        func t(_ e: BoundExpr) -> String { text(e, names) }
        /// An operand, in parentheses when it binds more loosely than its operator needs.
        func operand(_ e: BoundExpr, _ needed: Int) -> String { precedence(e) < needed ? "(" + t(e) + ")" : t(e) }
        let p = precedence(e)
        switch e {
        case .column(let i, _): return i < names.count ? quotedName(names[i]) : "#\(i)"
        case .constant(let v, let type): return literal(v, type)
        case .negate(let a): return "-" + operand(a, p + 1)
        case .arithmetic(let op, let a, let b, _): return operand(a, p) + " \(op.rawValue) " + operand(b, p + 1)
        case .compare(let op, let a, let b): return operand(a, p + 1) + " \(op.rawValue) " + operand(b, p + 1)
        case .equalIgnoringCase(let a, let b): return operand(a, p + 1) + " ~= " + operand(b, p + 1)
        case .and(let a, let b): return operand(a, p) + " and " + operand(b, p)
        case .or(let a, let b): return operand(a, p) + " or " + operand(b, p)
        case .not(let a): return "not " + operand(a, p)
        case .isNull(let a, let negated): return operand(a, p + 1) + (negated ? " is not null" : " is null")
        case .inList(let a, let values, let negated):
            let type = a.type
            return operand(a, p + 1) + (negated ? " not in (" : " in (")
                + values.map { literal($0, type) }.joined(separator: ", ") + ")"
        case .match(let kind, let a, let pattern, let negated):
            return operand(a, p + 1) + (negated ? " not " : " ") + kind.rawValue + " "
                + literal(.string(pattern), .string)
        case .call(let function, let arguments, _):
            return function.rawValue + "(" + arguments.map(t).joined(separator: ", ") + ")"
        case .cast(let a, let type): return "cast(" + t(a) + " as " + type.displayName + ")"
        case .addMonths(let a, let months): return operand(a, 5) + (months < 0 ? " - \(-months)mo" : " + \(months)mo")
        case .nullUnless(let condition, let value): return "if(" + t(condition) + ", " + t(value) + ", null)"
        case .outcome(let a, _): return "outcome(" + t(a) + ")"
        case .scalarQuery(let q): return quotedName(q.name)
        case .caseWhen(let branches, let otherwise):
            let whens = branches.map { " when " + t($0.condition) + " then " + t($0.value) }.joined()
            let rest = otherwise.constantValue?.isNull == true ? "" : " else " + t(otherwise)
            return "case" + whens + rest + " end"
        case .columnsEqual(let equalities):
            // Written as a row comparison, so the fused test stands out from a plain `and`.
            return "(" + equalities.map { t(.column($0.column, .string)) }.joined(separator: ", ") + ") = ("
                + equalities.map { literal(.string($0.value), .string) }.joined(separator: ", ") + ")"
        }
    }

    /// How tightly an expression binds, as the parser reads it: or < and < not < comparison < + − < × ÷ < unary.
    static func precedence(_ e: BoundExpr) -> Int {
        switch e {
        case .or: return 1
        case .and: return 2
        case .not: return 3
        case .compare, .equalIgnoringCase, .isNull, .inList, .match, .columnsEqual: return 4
        case .arithmetic(let op, _, _, _): return op == .add || op == .subtract ? 5 : 6
        case .addMonths: return 5
        case .negate: return 7
        case .column, .constant, .call, .cast, .nullUnless, .outcome, .scalarQuery, .caseWhen: return 8
        }
    }

    /// A name as the query would write it: back-quoted unless it is a plain identifier.
    static func quotedName(_ name: String) -> String {
        let plain =
            !name.isEmpty && name.first.map { $0.isLetter || $0 == "_" } == true
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        return plain ? name : "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
    }

    /// A constant as a literal of the language.
    static func literal(_ v: Scalar, _ type: DataType) -> String {
        switch v {
        case .null: return "null"
        case .int(let x): return String(x)
        case .double(let x): return x.rounded() == x && abs(x) < 1e15 ? String(Int64(x)) + ".0" : String(x)
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return CivilTime.formatDate(Int(d))
        case .timestamp(let t): return CivilTime.formatTimestamp(t)
        case .duration(let micros): return duration(micros)
        case .string(let s):
            return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        }
    }

    static func duration(_ micros: Int64) -> String {
        let day = CivilTime.microsPerDay
        let hour = day / 24
        let second: Int64 = 1_000_000
        if micros % day == 0 { return "\(micros / day)d" }
        if micros % hour == 0 { return "\(micros / hour)h" }
        if micros % second == 0 { return "\(micros / second)s" }
        return "\(Double(micros) / Double(second))s"
    }
}
