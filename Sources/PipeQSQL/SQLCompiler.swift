import PipeQCore
import PipeQEngine
import PipeQLanguage
import PipeQStorage

/// Compiles a logical plan to one SQL statement: each plan step becomes a CTE selecting from the one before, and
/// the last is read in order. Row order travels as a column, `__ord`, which every step keeps or sets: SQL keeps
/// no order through a CTE, a join or a grouping (PRQL's known failure), and pipeq's windows (`cumsum`, `lag`) and
/// stable sorts work "in the current row order", which `__ord` spells out (`ORDER BY __ord` in each window,
/// `…, __ord` as the last sort key).
public struct SQLCompiler {
    public let dialect: SQLDialect
    let stages: StageDefinitions
    let source: (Table) -> SQLTableSource
    var steps: [(name: String, sql: String)] = []
    /// Tables standing for a step of this statement (a verb's intermediate rows, read by core nodes the compiler
    /// already writes, such as a grouping with percentiles), by identity (the table kept, so its identity stays
    /// its own).
    var derived: [ObjectIdentifier: (table: Table, source: SQLTableSource)] = [:]
    /// Where constructs stand in the query's text, for the errors of those the dialect cannot write.
    var finder = SQLSpanFinder("")

    /// The query's text, which the errors point into.
    public var queryText: String {
        get { String(decoding: finder.text, as: UTF8.self) }
        set { finder = SQLSpanFinder(newValue) }
    }

    /// The order column every step carries.
    static let order = "__ord"

    /// A pivot's cell columns (the pivoted column's values and the columns' names), read before the statement is
    /// written; without it a pivot does not compile.
    public var pivotColumns: ((LogicalPlan, PivotNode) throws(Diagnostic) -> [(value: Scalar, name: String)])?

    /// Runs a query of one column in the database the statement is for and returns its values (of the given
    /// type, in the query's order). With it, a pivot reads its cell columns from the database (its input's
    /// distinct values, asked of the server first) instead of `pivotColumns`.
    public var columnValues: ((_ sql: String, _ type: DataType) throws(Diagnostic) -> [Scalar])?

    public init(dialect: SQLDialect, stages: StageDefinitions, source: @escaping (Table) -> SQLTableSource) {
        self.dialect = dialect
        self.stages = stages
        self.source = source
    }

    /// The statement for a bound query (optimize it first: the rewrites are part of what runs).
    public mutating func compile(_ plan: LogicalPlan) throws(Diagnostic) -> SQLStatement {
        steps = []
        let top = try relation(plan)
        let fields = top.fields ?? plan.schema.fields
        let list = fields.map { q($0.name) }.joined(separator: ", ")
        var text = withSteps("SELECT \(list.isEmpty ? "1" : list) FROM \(q(top.name))")
        if top.ordered { text += " ORDER BY \(Self.order)" }
        return SQLStatement(text: text, fields: fields)
    }

    /// A statement reading the steps added so far: `WITH` each of them, then `select`.
    func withSteps(_ select: String) -> String {
        guard !steps.isEmpty else { return select }
        return "WITH " + steps.map { "\(q($0.name)) AS (\n  \($0.sql)\n)" }.joined(separator: ",\n") + "\n" + select
    }

    /// A step's result: the CTE's name, whether it carries `__ord`, and each column's domain order (see
    /// `SQLExpressionCompiler.orders`).
    struct Step {
        var name: String
        var ordered: Bool
        var orders: [[String]?]
        /// The step's columns when its plan node cannot say them (a pivot's cell columns come from the data).
        var fields: [RelationSchema.FieldInfo]? = nil
    }

    func q(_ name: String) -> String { dialect.identifier(name) }

    /// The columns a step gives: its own list after a pivot (whose cell columns the plan's schema cannot know),
    /// else the plan's.
    func fields(of step: Step, _ plan: LogicalPlan) -> [RelationSchema.FieldInfo] {
        step.fields ?? plan.schema.fields
    }

    /// Adds a CTE and returns its name.
    mutating func add(_ sql: String) -> String {
        let name = "s\(steps.count + 1)"
        steps.append((name, sql))
        return name
    }

    /// The expression compiler over a step's columns (by their names, or the SQL given, read from `relation`
    /// when they are a table's own).
    func expressions(over plan: LogicalPlan, _ step: Step, columns: [String]? = nil, relation: String? = nil)
        -> SQLExpressionCompiler
    {
        let compiler = self
        return SQLExpressionCompiler(
            dialect: dialect, columns: columns ?? plan.schema.fields.map { q($0.name) }, orders: step.orders,
            scalar: { (query) throws(Diagnostic) in try compiler.scalarSubquery(query) }, finder: finder,
            relation: columns == nil ? q(step.name) : relation)
    }

    /// A `let` value: its plan compiled on its own, as a scalar subquery. No rows is null; more than one row is an
    /// error, as in the engine (PostgreSQL and DuckDB refuse such a subquery themselves; SQLite would take the first
    /// row, so it is told to fail).
    func scalarSubquery(_ query: ScalarQuery) throws(Diagnostic) -> String {
        var inner = SQLCompiler(dialect: dialect, stages: stages, source: source)
        inner.pivotColumns = pivotColumns
        inner.columnValues = columnValues
        inner.finder = finder
        let statement = try inner.compile(query.plan)
        let text = statement.text.replacingOccurrences(of: "\n", with: "\n  ")
        guard dialect == .sqlite else { return "(" + text + ")" }
        let column = q(statement.fields[0].name)
        let fail = dialect.fail("\(query.name) gave more than one row", when: "count(*) > 1")
        return "(SELECT coalesce(\(fail), max(\(column))) FROM (\(text)))"
    }

    // MARK: - Steps

    /// The plan's rows as a step. `ordered: false` when the caller does not read the row order (a grouping's
    /// input): a sort is then left out, and a join numbers no rows, which leaves the step a plain SELECT that
    /// PostgreSQL can inline into the grouping and, on a sharded table, send whole to the shards (a window
    /// function in a subquery keeps both in the coordinator).
    mutating func relation(_ plan: LogicalPlan, ordered: Bool = true) throws(Diagnostic) -> Step {
        switch plan {
        case .scan(let scan): return try self.scan(scan, plan)
        case .filter(let input, let predicate):
            var below = try relation(input, ordered: ordered)
            let condition = try expressions(over: input, below).sql(predicate)
            below.name = add("SELECT * FROM \(q(below.name)) WHERE \(condition)")
            return below
        case .extend(let input, let items): return try extend(input, items, ordered: ordered)
        case .project(let input, let items):
            let below = try relation(input, ordered: ordered)
            let compiler = expressions(over: input, below)
            var list: [String] = []
            for item in items { list.append("\(try compiler.at(item.span).sql(item.expr)) AS \(q(item.name))") }
            if below.ordered { list.append(Self.order) }
            return Step(
                name: add("SELECT \(list.joined(separator: ", ")) FROM \(q(below.name))"), ordered: below.ordered,
                orders: items.map { compiler.order(of: $0.expr) })
        case .aggregate(let input, let keys, let aggregates): return try aggregate(input, keys, aggregates)
        case .sort(let input, _) where !ordered: return try relation(input, ordered: false)
        case .sort(let input, let keys): return try sort(input, keys)
        case .top(let input, let n, let keys):
            var sorted = try sort(input, keys)
            sorted.name = add("SELECT * FROM \(q(sorted.name)) WHERE \(Self.order) <= \(n)")
            return sorted
        case .limit(let input, let n):
            var below = try relation(input)
            let order = below.ordered ? " ORDER BY \(Self.order)" : ""
            below.name = add("SELECT * FROM \(q(below.name))\(order) LIMIT \(n)")
            return below
        case .window(let input, let items, let partition): return try window(input, items, partition)
        case .join(let input, let node): return try join(input, node, ordered: ordered)
        case .append(let input, let node): return try append(input, node)
        case .pivot(let input, let node): return try pivot(input, node)
        case .fill(let input, let node): return try fill(input, node)
        case .verb(let input, let verb):
            switch verb.form {
            case .funnel(let form)?: return try funnel(input, form)
            case .stageTime(let form)?: return try stageTime(input, form)
            case .changes(let form)?: return try changes(input, form)
            case .slipped(let form)?: return try slipped(input, form)
            case .stalled(let form)?: return try stalled(input, form)
            case .metrics(let form)?: return try metrics(input, form)
            case .compare(let form)?: return try compare(input, form)
            case .scorecard(let form)?: return try scorecard(input, form)
            case .scorecardTrend(let form)?: return try scorecardTrend(input, form)
            default: break
            }
            let word = verb.explanation.prefix { $0.isLetter }.lowercased()
            throw SQLUnsupported.error("the \(word) verb", span: finder.verb(word), dialect: dialect)
        }
    }

    mutating func scan(_ scan: TableScan, _ plan: LogicalPlan) throws(Diagnostic) -> Step {
        if let asOf = scan.asOf { return try asOfScan(scan, asOf, plan) }
        let table = derived[ObjectIdentifier(scan.table)]?.source ?? source(scan.table)
        var list = zip(table.columns, scan.table.fields).map { column, field in
            column == q(field.name) ? column : "\(column) AS \(q(field.name))"
        }
        if let order = table.orderColumn { list.append("\(order) AS \(Self.order)") }
        // A dictionary's domain order (the stage column's pipeline order) is the column's sort order.
        let orders = scan.table.fields.map { field -> [String]? in
            if case .string(_, let dictionary) = field.column.values { return dictionary.domainOrder }
            return nil
        }
        var step = Step(name: "", ordered: table.orderColumn != nil, orders: orders)
        var sql = "SELECT \(list.joined(separator: ", ")) FROM \(table.name)"
        if let filter = scan.filter {
            sql +=
                " WHERE "
                + (try expressions(over: plan, step, columns: table.columns, relation: table.name).sql(filter))
        }
        step.name = add(sql)
        return step
    }

    private mutating func extend(_ input: LogicalPlan, _ items: [NamedBoundExpr], ordered: Bool) throws(Diagnostic)
        -> Step
    {
        let below = try relation(input, ordered: ordered)
        // Every item reads the input's columns (as the executor evaluates them), a later item with an earlier
        // item's name replacing it.
        let compiler = expressions(over: input, below)
        var columns: [NewColumn] = []
        for item in items {
            columns.append(
                NewColumn(
                    field: RelationSchema.FieldInfo(name: item.name, type: item.expr.type, info: item.info),
                    sql: try compiler.at(item.span).sql(item.expr), order: compiler.order(of: item.expr)))
        }
        return adding(columns, to: below, input)
    }

    /// A column an `extend` or a window adds: its field, its SQL over the input's columns, its domain order.
    struct NewColumn {
        var field: RelationSchema.FieldInfo
        var sql: String
        var order: [String]?
    }

    /// The step of an `extend` or a window: the input's columns, each new one replacing a column of its name or
    /// coming after the others (as the plan's schema puts them).
    mutating func adding(_ new: [NewColumn], to below: Step, _ input: LogicalPlan) -> Step {
        var step = below
        var fields = self.fields(of: below, input)
        var columns = fields.map { q($0.name) }
        for column in new {
            if let i = fields.firstIndex(where: { $0.name == column.field.name }) {
                fields[i] = column.field
                columns[i] = column.sql
                step.orders[i] = column.order
            } else {
                fields.append(column.field)
                columns.append(column.sql)
                step.orders.append(column.order)
            }
        }
        var list = zip(columns, fields).map { $0 == q($1.name) ? $0 : "\($0) AS \(q($1.name))" }
        if step.ordered { list.append(Self.order) }
        step.name = add("SELECT \(list.joined(separator: ", ")) FROM \(q(below.name))")
        if step.fields != nil { step.fields = fields }
        return step
    }

    private mutating func sort(_ input: LogicalPlan, _ keys: [BoundSortKey]) throws(Diagnostic) -> Step {
        var below = try relation(input)
        let compiler = expressions(over: input, below)
        var order: [String] = []
        for key in keys {
            for sql in try compiler.at(key.span).sortKeys(key.expr) {
                order.append("\(sql) \(key.descending ? "DESC" : "ASC") NULLS LAST")
            }
        }
        // A stable sort: ties keep the order they came in.
        if below.ordered { order.append(Self.order) }
        let list =
            fields(of: below, input).map { q($0.name) } + [
                "ROW_NUMBER() OVER (ORDER BY \(order.joined(separator: ", "))) AS \(Self.order)"
            ]
        below.name = add("SELECT \(list.joined(separator: ", ")) FROM \(q(below.name))")
        below.ordered = true
        return below
    }
}
