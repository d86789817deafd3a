import Foundation
import PipeQCore
import PipeQLanguage
import PipeQStorage

/// The result of running one statement.
public enum StatementOutcome: Sendable {
    /// A query's rows.
    case rows(QueryResult)
    /// `let NAME = …` defined (or redefined) a name.
    case defined(String)
}

/// A query's output: named, typed columns.
public struct QueryResult: Sendable {
    public let relation: Relation
    /// How the result asks to be drawn, if it does.
    public var presentation: Presentation?
    /// Where in the query the drawing was asked for (errors while drawing point there).
    public var presentationSpan: SourceSpan?
    /// What the reader must know to trust the numbers (a guessed stage order), shown under the result.
    public var notes: [String]
    /// The columns the query names, computes, or a verb is about (`QueriedColumns`): a table too wide for the
    /// screen keeps these and its first column.
    public var queriedColumns: Set<String> = []

    public init(relation: Relation, presentation: Presentation? = nil, notes: [String] = []) {
        self.relation = relation
        self.presentation = presentation
        self.notes = notes
    }

    /// Rows of the result that were never fetched (a database's long result, of which only the head and tail a
    /// table shows came back): their positions in the whole result. The relation holds the rows before and after.
    public var unfetched: Range<Int>?

    public var rowCount: Int { relation.count + (unfetched?.count ?? 0) }
    public var columnNames: [String] { relation.fields.map(\.name) }
    public var columnTypes: [DataType] { relation.fields.map(\.type) }

    /// One cell, boxed (rendering only). A row in `unfetched` must not be asked for.
    public func value(row: Int, column: Int) -> Scalar {
        guard let unfetched, row >= unfetched.lowerBound else { return relation.fields[column].value(at: row) }
        precondition(row >= unfetched.upperBound, "row \(row) of the result was not fetched")
        return relation.fields[column].value(at: row - unfetched.count)
    }
}

/// Text in, results out: parse → bind → execute, with the session's tables, `let` names and as-of date.
/// No terminal code: the shell, scripts, tests and the benchmark all drive this.
public final class QueryEngine: @unchecked Sendable {
    public let catalog: Catalog
    /// The as-of date ("today"), days since 1970-01-01.
    public var asOfDay: Int32
    /// True when the as-of date was fixed by the user (`--as-of`, `.asof`).
    public var asOfIsFixed: Bool
    public private(set) var lets: [String: LetDefinition] = [:]
    /// Names in definition order, for `.let`.
    public private(set) var letOrder: [String] = []
    public let cancellation = CancellationFlag()
    /// Set by `setAsOf` to a day before the data's last change: queries on deals and history see that day's snapshot.
    public internal(set) var snapshotDay: Int32?
    /// The pipeline rebuilt as of a past day (`.asof`, `deals asof DATE`), kept for the next query on that day.
    let asOfCatalogs = AsOfCatalogs()

    public init(catalog: Catalog, asOfDay: Int32? = nil) {
        self.catalog = catalog
        self.asOfIsFixed = asOfDay != nil
        self.asOfDay = asOfDay ?? Self.currentDay()
    }

    public static func currentDay() -> Int32 {
        Int32(CivilTime.floorDiv(Int64(Date().timeIntervalSince1970 * 1_000_000), CivilTime.microsPerDay))
    }

    /// "now": the real clock unless the as-of date is fixed, then midnight at its start.
    public var nowMicros: Int64 {
        asOfIsFixed ? Int64(asOfDay) * CivilTime.microsPerDay : Int64(Date().timeIntervalSince1970 * 1_000_000)
    }

    /// Parses one statement.
    public func parse(_ text: String) throws(Diagnostic) -> Statement {
        try Parser.parse(text)
    }

    /// Parses and binds a query, without running it (`explain`, completion, tests). Reads no rows.
    public func plan(_ query: Query, text: String) throws(Diagnostic) -> QueryPlan {
        if let day = snapshotDay, query.asOf == nil, let root = catalog.table(named: rootSource(of: query)),
            AsOfRead.rebuilds(root)
        {
            // `.asof` a past date: the pipeline as it stood then, as `deals asof DATE` gives it.
            let read = AsOfRead(day: day, catalog: catalog, span: query.sourceSpan)
            var plan = try QueryBinder(
                catalog: catalog, lets: lets, asOfDay: day, nowMicros: Int64(day) * CivilTime.microsPerDay, asOf: read
            )
            .bind(query, text: text)
            plan.asOfDay = day
            return plan
        }
        return try QueryBinder(catalog: catalog, lets: lets, asOfDay: asOfDay, nowMicros: nowMicros).bind(
            query, text: text)
    }

    /// Runs one statement.
    public func run(_ text: String) throws(Diagnostic) -> StatementOutcome {
        cancellation.reset()
        switch try parse(text) {
        case .letBinding(let name, let nameSpan, let query):
            if catalog.table(named: name) != nil {
                throw Diagnostic(
                    .bind, "\"\(name)\" is already a table name", span: nameSpan, hint: "pick another name")
            }
            if VerbRegistry.all[name.lowercased()] != nil || ScalarFunction.named(name) != nil {
                throw Diagnostic(.bind, "\"\(name)\" is a built-in name", span: nameSpan, hint: "pick another name")
            }
            if let source = lets[query.source], source.depth >= LetDefinition.maximumDepth {
                throw Diagnostic(
                    .bind,
                    "\"\(query.source)\" already builds on \(source.depth - 1) other names: at most \(LetDefinition.maximumDepth) can be chained",
                    span: query.sourceSpan, hint: "define \(name) from a table, or from a name earlier in the chain")
            }
            _ = try plan(query, text: text)  // check it binds now, so mistakes surface at definition
            let definition = LetDefinition(name: name, text: text, query: query, sourceDefinition: lets[query.source])
            if lets[name] == nil { letOrder.append(name) }
            lets[name] = definition
            return .defined(name)
        case .query(let query):
            let plan = try plan(query, text: text)
            let context = ExecutionContext(
                cancellation: cancellation, asOfDay: plan.asOfDay ?? asOfDay, asOfCatalogs: asOfCatalogs)
            var optimized = plan
            optimized.root = Optimizer(asOfDay: context.asOfDay).optimize(plan.root).plan
            let relation = try Executor(context: context).run(optimized)
            var result = self.result(of: plan, text: text, relation: relation)
            result.notes += context.notes.all
            return .rows(result)
        }
    }

    /// A query's rows as its result: how it asks to be drawn, the note a guessed stage order needs, the columns
    /// it is about. For rows the executor made, or a database returned for the query's compiled SQL.
    public func result(of plan: QueryPlan, text: String, relation: Relation) -> QueryResult {
        var notes: [String] = []
        if let note = catalog.stages.guessNote, StageOrderUse.dependsOnStageOrder(plan, stages: catalog.stages) {
            notes.append(note)
        }
        var result = QueryResult(relation: relation, presentation: plan.presentation, notes: notes)
        result.presentationSpan = plan.presentationSpan
        result.queriedColumns = QueriedColumns.of(plan, text: text, lets: lets)
        return result
    }

    /// The plan a query runs as, after the optimizer: what `run` executes and what a SQL backend compiles. Reads no
    /// rows. A `let` statement gives its query's plan.
    public func optimizedPlan(_ text: String) throws(Diagnostic) -> QueryPlan {
        var plan = try plan(try query(of: text), text: text)
        plan.root = Optimizer(asOfDay: plan.asOfDay ?? asOfDay).optimize(plan.root).plan
        return plan
    }

    /// `explain QUERY`: the logical plan the query binds to, then the plan that runs after the optimizer's rules
    /// (naming the rules that changed it), as indented trees with each node's output columns. Reads no rows.
    public func explain(_ text: String) throws(Diagnostic) -> String {
        let plan = try plan(try query(of: text), text: text)
        let (optimized, applied) = Optimizer(asOfDay: plan.asOfDay ?? asOfDay).optimize(plan.root)
        var out = "logical plan:\n" + PlanPrinter.text(plan.root)
        if applied.isEmpty {
            out += "optimized plan: the same (no rule applies)\n"
        } else {
            out += "optimized plan (" + applied.joined(separator: ", ") + "):\n" + PlanPrinter.text(optimized)
        }
        return out
    }

    /// The query of a statement: itself, or the one a `let` names.
    private func query(of text: String) throws(Diagnostic) -> Query {
        switch try parse(text) {
        case .query(let q): return q
        case .letBinding(_, _, let q): return q
        }
    }

    /// The schema a query's source and stages produce (for completion): nil when it does not bind.
    public func schema(ofQuery text: String) -> RelationSchema? {
        guard case .query(let query)? = try? parse(text) else { return nil }
        return try? plan(query, text: text).schema
    }

    /// The schema of a table or let name.
    public func schema(ofSource name: String) -> RelationSchema? {
        if let table = catalog.table(named: name) { return RelationSchema(table: table) }
        if let definition = lets[name] { return try? plan(definition.query, text: definition.text).schema }
        return nil
    }
}
