import PipeQCore
import PipeQEngine
import PipeQLanguage
import PipeQStorage

/// Writes one bound expression as SQL over the columns of the relation below it. `columns[i]` is the SQL for
/// field i; `orders[i]` its values' domain order when it has one (stages in pipeline order, statuses open, won,
/// lost), which sorting and `<`/`>` follow as the engine's do: the listed values first in that order, then the
/// others byte by byte.
struct SQLExpressionCompiler {
    let dialect: SQLDialect
    let columns: [String]
    let orders: [[String]?]
    /// Writes a `let` value's plan as a scalar subquery.
    let scalar: (ScalarQuery) throws(Diagnostic) -> String
    /// Where constructs stand in the query's text, for errors.
    var finder = SQLSpanFinder("")
    /// The span of the item being written (an `extend` item, an aggregate, a sort key), when the plan kept it.
    var span: SourceSpan? = nil
    /// The relation (a step's or a table's name) whose rows `columns` read, when they read it alone: a function
    /// of a whole column (`date(text)`, which reads its day or month first from all the column's values) reads
    /// it again in a subquery. Nil where the columns are qualified in a join.
    var relation: String? = nil

    /// The same compiler, its errors pointing into `span` (when there is one).
    func at(_ span: SourceSpan?) -> SQLExpressionCompiler {
        var compiler = self
        compiler.span = span ?? self.span
        return compiler
    }

    /// The error for a construct this dialect cannot write, pointing at the call `name(…)` when it is found
    /// (within the item), else at the item.
    func unsupported(_ construct: String, call name: String? = nil) -> Diagnostic {
        let found = name.flatMap { finder.call($0, within: span) ?? (span == nil ? nil : finder.call($0, within: nil)) }
        return SQLUnsupported.error(construct, span: found ?? span, dialect: dialect)
    }

    func sql(_ e: BoundExpr) throws(Diagnostic) -> String {
        switch e {
        case .column(let i, _): return columns[i]
        case .constant(let v, let t): return dialect.literal(v, t)
        case .negate(let a): return "(- \(try sql(a)))"
        case .arithmetic(let op, let a, let b, let result): return try arithmetic(op, a, b, result)
        case .compare(let op, let a, let b): return try compare(op, a, b)
        case .equalIgnoringCase(let a, let b): return "(lower(\(try sql(a))) = lower(\(try sql(b))))"
        case .and(let a, let b): return "(\(try sql(a)) AND \(try sql(b)))"
        case .or(let a, let b): return "(\(try sql(a)) OR \(try sql(b)))"
        case .not(let a): return "(NOT \(try sql(a)))"
        case .isNull(let a, let negated): return "(\(try sql(a)) IS \(negated ? "NOT " : "")NULL)"
        case .inList(let a, let values, let negated):
            let list = values.map { dialect.literal($0, a.type) }.joined(separator: ", ")
            return "(\(try sql(a)) \(negated ? "NOT " : "")IN (\(list)))"
        case .match(let kind, let a, let pattern, let negated):
            let test = try match(kind, try sql(a), pattern)
            return negated ? "(NOT \(test))" : test
        case .call(let function, let arguments, let type): return try call(function, arguments, type)
        case .cast(let a, let type): return try cast(a, to: type)
        case .addMonths(let a, let months): return dialect.plusMonths(try sql(a), months, type: a.type)
        case .nullUnless(let condition, let value):
            return "(CASE WHEN \(try sql(condition)) THEN \(try sql(value)) END)"
        case .outcome(let a, let rule): return outcome(try sql(a), rule)
        case .columnsEqual(let tests):
            return try sql(tests.dropFirst().reduce(tests[0].comparison) { .and($0, $1.comparison) })
        case .scalarQuery(let query): return try scalar(query)
        case .caseWhen(let whens, let otherwise):
            var out = "(CASE"
            for when in whens { out += " WHEN \(try sql(when.condition)) THEN \(try sql(when.value))" }
            return out + " ELSE \(try sql(otherwise)) END)"
        }
    }

    // MARK: - Operators

    private func arithmetic(_ op: ArithmeticOperator, _ a: BoundExpr, _ b: BoundExpr, _ result: DataType)
        throws(Diagnostic) -> String
    {
        let x = try sql(a)
        let y = try sql(b)
        switch (a.type.isTemporal, b.type.isTemporal) {
        case (true, true):
            // date − date: the days between them, as a duration
            return dialect.daysBetween(
                x, y, temporal: a.type == .timestamp || b.type == .timestamp ? .timestamp : .date)
        case (true, false):
            return dialect.plusDays(x, op == .subtract ? "(- \(y))" : y, type: a.type)
        case (false, true):
            return dialect.plusDays(y, x, type: b.type)
        case (false, false):
            if op == .divide { return dialect.divide(x, y) }
            return "(\(x) \(op.rawValue) \(y))"
        }
    }

    private func compare(_ op: ComparisonOperator, _ a: BoundExpr, _ b: BoundExpr) throws(Diagnostic) -> String {
        var x = try sql(a)
        var y = try sql(b)
        if a.type == .string, op != .equal, op != .notEqual {
            if let order = order(of: a) ?? order(of: b) {
                x = rank(x, in: order)
                y = rank(y, in: order)
            } else {
                x = dialect.byteOrdered(x)
            }
        }
        return "(\(x) \(op == .notEqual ? "<>" : op.rawValue) \(y))"
    }

    /// The domain order of an expression's values: a column's, or the outcome labels'.
    func order(of e: BoundExpr) -> [String]? {
        switch e {
        case .column(let i, _): return orders[i]
        case .outcome: return OutcomeRule.labels
        case .call(let function, _, _): return function.valueOrder
        default: return nil
        }
    }

    /// A value's place in a domain order (values it does not list come after; `sortKeys` orders them by bytes).
    func rank(_ x: String, in order: [String]) -> String {
        var out = "(CASE \(x)"
        for (i, name) in order.enumerated() { out += " WHEN \(dialect.string(name)) THEN \(i)" }
        return out + " ELSE \(order.count) END)"
    }

    /// The SQL sort keys of one expression: a domain order's place then bytes, other strings byte by byte.
    func sortKeys(_ e: BoundExpr) throws(Diagnostic) -> [String] {
        let x = try sql(e)
        guard e.type == .string else { return [x] }
        if let order = order(of: e) { return [rank(x, in: order), dialect.byteOrdered(x)] }
        return [dialect.byteOrdered(x)]
    }

    private func match(_ kind: StringMatch, _ x: String, _ pattern: String) throws(Diagnostic) -> String {
        let p = dialect.string(pattern)
        let length = pattern.count
        switch kind {
        case .contains:
            return dialect == .sqlite ? "(instr(\(x), \(p)) > 0)" : "(strpos(\(x), \(p)) > 0)"
        case .icontains:
            let lowered = dialect.string(pattern.lowercased())
            return dialect == .sqlite
                ? "(instr(lower(\(x)), \(lowered)) > 0)" : "(strpos(lower(\(x)), \(lowered)) > 0)"
        case .startsWith: return "(substr(\(x), 1, \(length)) = \(p))"
        case .endsWith:
            if length == 0 { return "(\(x) IS NOT NULL)" }
            return dialect == .sqlite ? "(substr(\(x), -\(length)) = \(p))" : "(right(\(x), \(length)) = \(p))"
        case .like:
            // SQLite's LIKE ignores ASCII case: GLOB is its case-sensitive match (% → *, _ → ?).
            return dialect == .sqlite
                ? "(\(x) GLOB \(dialect.string(Self.glob(fromLike: pattern))))" : "(\(x) LIKE \(p))"
        case .ilike:
            return dialect == .sqlite ? "(\(x) LIKE \(p))" : "(\(x) ILIKE \(p))"
        case .matches: return regexMatch(x, pattern)
        }
    }

    /// A LIKE pattern as a GLOB: `%` → `*`, `_` → `?`, GLOB's own wildcards taken literally (`[*]`).
    static func glob(fromLike pattern: String) -> String {
        var out = ""
        for c in pattern {
            switch c {
            case "%": out += "*"
            case "_": out += "?"
            case "*", "?", "[": out += "[\(c)]"
            default: out.append(c)
            }
        }
        return out
    }

    // MARK: - Functions and casts

    private func call(_ function: ScalarFunction, _ arguments: [BoundExpr], _ type: DataType) throws(Diagnostic)
        -> String
    {
        let args = try arguments.map { (a) throws(Diagnostic) in try sql(a) }
        switch function {
        case .day, .week, .month, .quarter, .year:
            let start = dialect.periodStart(function.rawValue, args[0])
            return type == .timestamp ? timestamp(fromDate: start) : start
        case .days: return args[0]
        case .hours: return "(\(args[0]) * 24)"
        case .lower, .upper, .length, .abs, .coalesce, .replace:
            return "\(function.rawValue)(\(args.joined(separator: ", ")))"
        case .trim: return "trim(\(args[0]))"
        case .round:
            let digits = args.count > 1 ? args[1] : "0"
            return dialect == .postgres
                ? "CAST(round(CAST(\(args[0]) AS NUMERIC), \(digits)) AS DOUBLE PRECISION)"
                : "round(\(args[0]), \(digits))"
        case .hour:
            switch dialect {
            case .sqlite: return "CAST(strftime('%H', \(args[0])) AS INTEGER)"
            case .postgres: return "CAST(EXTRACT(HOUR FROM \(args[0])) AS BIGINT)"
            case .duckdb: return "hour(\(args[0]))"
            }
        case .int where arguments[0].type.isNumeric:
            return "CAST(round(\(args[0])) AS \(dialect.typeName(.int)))"
        case .number where arguments[0].type.isNumeric:
            return "CAST(\(args[0]) AS \(dialect.typeName(.double)))"
        case .int where arguments[0].type == .string, .number where arguments[0].type == .string:
            return numberFromText(args[0], integer: function == .int)
        case .int where arguments[0].type == .bool, .number where arguments[0].type == .bool:
            return
                "(CASE WHEN \(args[0]) THEN \(function == .int ? "1" : "1.0") WHEN NOT \(args[0]) THEN \(function == .int ? "0" : "0.0") END)"
        case .bool where arguments[0].type.isNumeric:
            return "(\(args[0]) <> 0)"
        case .bool where arguments[0].type == .string:
            // `TextValueReader.bool`: the words in any case, between spaces, tabs and line breaks.
            let char = dialect == .sqlite ? "char" : "chr"
            let blanks = "' ' || \(char)(9) || \(char)(10) || \(char)(13)"
            let word = "lower(\(dialect == .postgres ? "btrim" : "trim")(\(args[0]), \(blanks)))"
            return
                "(CASE WHEN \(word) IN ('true', 'yes', 'y', 't', '1', 'on') THEN \(dialect.literal(.bool(true), .bool)) "
                + "WHEN \(word) IN ('false', 'no', 'n', 'f', '0', 'off') THEN \(dialect.literal(.bool(false), .bool)) END)"
        case .dayOfWeek: return named(datePart("isodow", args[0]), function.valueOrder!)
        case .monthName: return named(datePart("month", args[0]), function.valueOrder!)
        case .fiscalQuarter, .fiscalYear:
            guard case .constant(.int(let start), _) = arguments[1] else { break }
            return function == .fiscalQuarter
                ? fiscalQuarter(args[0], start: Int(start)) : fiscalYear(args[0], start: Int(start))
        case .splitPart:
            guard case .constant(.string(let separator), _) = arguments[1],
                case .constant(.int(let part), _) = arguments[2]
            else { break }
            return splitPart(args[0], separator: separator, part: part)
        case .text where [.string, .int, .date].contains(arguments[0].type):
            return "CAST(\(args[0]) AS TEXT)"
        case .text where arguments[0].type == .timestamp:
            // ISO text, the fraction's trailing zeros dropped (PostgreSQL and DuckDB write it so; SQLite holds
            // six digits when there is a fraction).
            return dialect == .sqlite
                ? "(CASE WHEN instr(\(args[0]), '.') > 0 THEN rtrim(\(args[0]), '0') ELSE \(args[0]) END)"
                : "CAST(\(args[0]) AS TEXT)"
        case .date where arguments.count == 1 && arguments[0].type == .timestamp:
            return dialect == .sqlite ? "date(\(args[0]))" : "CAST(\(args[0]) AS DATE)"
        case .date where arguments.count == 2 && arguments[0].type == .string:
            guard case .constant(.string(let format), _) = arguments[1] else { break }
            return try dateFromText(args[0], format: format)
        case .date where arguments.count == 1 && arguments[0].type == .date:
            return args[0]
        case .date where arguments.count == 1 && arguments[0].type == .string:
            guard let relation else { break }
            return dateFromText(args[0], votingOver: relation)
        default: break
        }
        let shown = function.rawValue + "(" + arguments.map { $0.type.displayName }.joined(separator: ", ") + ")"
        throw unsupported(shown, call: function.rawValue)
    }

    private func cast(_ a: BoundExpr, to type: DataType) throws(Diagnostic) -> String {
        let x = try sql(a)
        switch (a.type, type) {
        case (.int, .double): return "CAST(\(x) AS \(dialect.typeName(.double)))"
        case (.date, .timestamp): return timestamp(fromDate: x)
        case (let from, let to) where from == to: return x
        default:
            throw unsupported("a cast from \(a.type.displayName) to \(type.displayName)")
        }
    }

    /// Midnight at the start of a date.
    private func timestamp(fromDate x: String) -> String {
        dialect == .sqlite ? "(\(x) || ' 00:00:00')" : "CAST(\(x) AS TIMESTAMP)"
    }

    // MARK: - Outcomes

    /// `outcome(x)` written out: the stages the definitions name by their outcome, any other value by its words
    /// ("Closed Won" is won), as `OutcomeRule` decides.
    private func outcome(_ x: String, _ rule: OutcomeRule) -> String {
        var out = "(CASE WHEN \(x) IS NULL THEN NULL"
        if case .stages(let definitions) = rule {
            for label in ["won", "lost", "open"] {
                let names = definitions.stages.filter { $0.outcome.rawValue == label }.map { dialect.string($0.name) }
                if !names.isEmpty { out += " WHEN \(x) IN (\(names.joined(separator: ", "))) THEN '\(label)'" }
            }
        }
        // The labels themselves first, in any case (a status column's usual values): the word tests below are
        // regular expressions, which cost a warehouse scan far more than a comparison.
        out += " WHEN lower(\(x)) IN ('won', 'lost', 'open') THEN lower(\(x))"
        out += " WHEN \(hasWord(x, ["won", "win", "wins"])) THEN 'won'"
        out += " WHEN \(hasWord(x, ["lost", "lose", "loss"])) THEN 'lost'"
        return out + " ELSE 'open' END)"
    }

    /// Whether one of the words appears in `x`, ignoring case, between non-letters or the ends.
    private func hasWord(_ x: String, _ words: [String]) -> String {
        switch dialect {
        case .postgres:
            return "(lower(\(x)) ~ '(^|[^[:alpha:]])(\(words.joined(separator: "|")))([^[:alpha:]]|$)')"
        case .duckdb:
            return "regexp_matches(lower(\(x)), '(^|[^[:alpha:]])(\(words.joined(separator: "|")))([^[:alpha:]]|$)')"
        case .sqlite:
            // No regular expressions: pad with spaces and look for the word between two non-letters (ASCII letters,
            // as SQLite's lower() knows no others).
            let padded = "(' ' || lower(\(x)) || ' ')"
            return "(" + words.map { "\(padded) GLOB '*[^a-z]\($0)[^a-z]*'" }.joined(separator: " OR ") + ")"
        }
    }
}
