import PipeQCore
import PipeQLanguage
import PipeQStorage

/// A `let` definition: its text and parsed query, with the definition its source named (captured when defined,
/// so later redefinitions cannot make a cycle).
public final class LetDefinition: Sendable {
    public let name: String
    public let text: String
    public let query: Query
    public let sourceDefinition: LetDefinition?
    /// How many definitions this one stands on, itself included (binding walks the chain recursively).
    public let depth: Int
    /// The longest chain of `let` names allowed: 3,000 chained names overflowed the binder's stack.
    public static let maximumDepth = 100

    public init(name: String, text: String, query: Query, sourceDefinition: LetDefinition?) {
        self.name = name
        self.text = text
        self.query = query
        self.sourceDefinition = sourceDefinition
        self.depth = (sourceDefinition?.depth ?? 0) + 1
    }
}

/// A parsed query → a logical plan: resolves the source (a table, as of a day when asked, or a `let` name's
/// plan), then binds each stage against the schema the previous stage produced. Binding never reads rows.
public struct QueryBinder {
    let catalog: Catalog
    let lets: [String: LetDefinition]
    let asOfDay: Int32
    let nowMicros: Int64
    /// Set inside `SOURCE asof DATE` (or for the engine's past `.asof` date): scans of deals and history read
    /// the pipeline as it stood at the end of that day.
    let asOf: AsOfRead?

    public init(
        catalog: Catalog, lets: [String: LetDefinition], asOfDay: Int32, nowMicros: Int64, asOf: AsOfRead? = nil
    ) {
        self.catalog = catalog
        self.lets = lets
        self.asOfDay = asOfDay
        self.nowMicros = nowMicros
        self.asOf = asOf
    }

    public func bind(_ query: Query, text: String) throws(Diagnostic) -> QueryPlan {
        var context = BindContext(
            asOfDay: asOfDay, nowMicros: nowMicros, text: text, stages: catalog.stages,
            fiscalYearStart: catalog.fiscalYearStart)
        context.scalarLets = scalarLets
        if let asOf = query.asOf {
            // A snapshot: bind the whole query over the pipeline as it stood then, with that date as the as-of date.
            let day = try snapshotDay(asOf, context: context)
            _ = try PipelineAsOf.inputs(catalog, span: asOf.span)
            var current = query
            current.asOf = nil
            let binder = QueryBinder(
                catalog: catalog, lets: lets, asOfDay: day, nowMicros: Int64(day) * CivilTime.microsPerDay,
                asOf: AsOfRead(day: day, catalog: catalog, span: asOf.span))
            var plan = try binder.bind(current, text: text)
            plan.asOfDay = day
            return plan
        }
        var plan: QueryPlan
        if let definition = lets[query.source] {
            plan = try bind(definition)
            // A drawing the definition asked for is pointed at by this query's use of the name (spans are per text).
            if plan.presentation != nil { plan.presentationSpan = query.sourceSpan }
        } else if let table = catalog.table(named: query.source) {
            plan = QueryPlan(root: scan(table))
        } else {
            let names = catalog.sourceNames + lets.keys.sorted()
            var hint = Suggestions.hint(for: query.source, in: names)
            if hint == nil {
                hint =
                    names.isEmpty
                    ? "no tables are loaded: pass CSV files or a folder, or use .load"
                    : "tables: " + names.joined(separator: ", ")
            }
            throw Diagnostic(.bind, "unknown table \"\(query.source)\"", span: query.sourceSpan, hint: hint)
        }
        for (i, stage) in query.stages.enumerated() {
            if case .presentation = stage.kind, i == query.stages.count - 1 {
                plan.presentation = try bindPresentation(stage, schema: plan.schema)
                plan.presentationSpan = stage.span
                continue
            }
            plan.root = try bindStage(stage, over: plan.root, context: context)
            if case .verb(_, let verb) = plan.root {
                plan.presentation = verb.presentation
            } else {
                plan.presentation = nil
            }
            plan.presentationSpan = plan.presentation == nil ? nil : stage.keywordSpan
        }
        return plan
    }

    /// A plan reading a catalog table, as of the query's day when it has one and the table is rebuilt for it.
    func scan(_ table: Table) -> LogicalPlan {
        .scan(TableScan(table: table, asOf: asOf.flatMap { AsOfRead.rebuilds(table) ? $0 : nil }))
    }

    /// The date of `asof DATE`: a constant date (or datetime, taken by its day), e.g. `2026-09-30` or `(today - 30d)`.
    func snapshotDay(_ expr: Expr, context: BindContext) throws(Diagnostic) -> Int32 {
        try Self.constantDay(expr, context: context, example: "deals asof 2026-09-30", what: "asof")
    }

    /// A constant date argument (a datetime counts as its day); `what` and `example` word the diagnostic.
    static func constantDay(_ expr: Expr, context: BindContext, example: String, what: String) throws(Diagnostic)
        -> Int32
    {
        var context = context
        context.scalarLets = nil  // evaluated here, at binding: a let's value is not known yet
        let bound = try ExpressionBinder(schema: RelationSchema(fields: []), context: context).bind(expr)
        let value = Evaluator(
            relation: Relation(fields: [], count: 1), context: ExecutionContext(asOfDay: context.asOfDay)
        )
        .vector(bound, .all(1)).materialized(count: 1).value(at: 0)
        switch value {
        case .date(let d): return d
        case .timestamp(let t): return Int32(clamping: CivilTime.floorDiv(t, CivilTime.microsPerDay))
        default:
            throw Diagnostic(
                .bind, "\(what) needs a date, e.g. \"\(example)\"", span: expr.span,
                hint: bound.type.isTemporal ? nil : "found \(bound.type.withArticle)")
        }
    }

    /// `let` names as values: each bound (its plan) where it is used, without itself, so names that use each other
    /// as values cannot loop.
    var scalarLets: ScalarLets? {
        guard !lets.isEmpty else { return nil }
        let (catalog, lets, asOfDay, nowMicros, asOf) = (catalog, lets, asOfDay, nowMicros, asOf)
        return ScalarLets { name throws(Diagnostic) -> LogicalPlan? in
            guard let definition = lets[name] else { return nil }
            var others = lets
            others[name] = nil
            return try QueryBinder(catalog: catalog, lets: others, asOfDay: asOfDay, nowMicros: nowMicros, asOf: asOf)
                .bind(definition).root
        }
    }

    /// The plan of a table (by name, then by role: `deals`, `reps`) or of a `let` name, for a stage that reads
    /// another relation (join, append); nil for an unknown name. A table is scanned as of the query's day.
    func sourcePlan(named name: String) throws(Diagnostic) -> LogicalPlan? {
        if let table = catalog.table(named: name) { return scan(table) }
        if let definition = lets[name] { return try bind(definition).root }
        if let role = TableRole(rawValue: name.lowercased()), let table = catalog.table(role: role) {
            return scan(table)
        }
        return nil
    }

    /// Binds a `let` definition's query with its own text.
    func bind(_ definition: LetDefinition) throws(Diagnostic) -> QueryPlan {
        var binder = self
        var scoped = lets
        scoped[definition.name] = nil
        if let source = definition.sourceDefinition { scoped[source.name] = source }
        binder = QueryBinder(catalog: catalog, lets: scoped, asOfDay: asOfDay, nowMicros: nowMicros, asOf: asOf)
        return try binder.bind(definition.query, text: definition.text)
    }

    /// One stage over the plan so far: the node it adds on top.
    func bindStage(_ stage: Stage, over input: LogicalPlan, context: BindContext) throws(Diagnostic) -> LogicalPlan {
        let schema = input.schema
        let expressions = ExpressionBinder(schema: schema, context: context)
        switch stage.kind {
        case .filter(let predicate):
            return .filter(input, try expressions.bindCondition(predicate, role: "where"))
        case .extend(let items, let per):
            return try bindExtend(items, per: per, over: input, context: context)
        case .select(let items):
            let bound = try bindNamed(items, expressions)
            try checkUniqueNames(bound.map(\.name), items)
            return .project(input, bound)
        case .distinct(let items):
            let keys: [NamedBoundExpr]
            if items.isEmpty {
                keys = schema.fields.enumerated().map {
                    NamedBoundExpr(name: $1.name, expr: .column($0, $1.type), info: $1.info)
                }
            } else {
                keys = try bindNamed(items, expressions)
            }
            return .aggregate(input, keys: keys, aggregates: [])
        case .aggregate(let calls, let by):
            let keys = try bindNamed(by, expressions)
            var aggregates: [BoundAggregate] = []
            for call in calls {
                var aggregate = try bindAggregate(call, expressions, context: context)
                aggregate.span = call.span
                aggregates.append(aggregate)
            }
            var names = keys.map(\.name)
            for i in aggregates.indices {
                aggregates[i].name = UniqueName.make(aggregates[i].name, taken: names)
                names.append(aggregates[i].name)
            }
            return .aggregate(input, keys: keys, aggregates: aggregates)
        case .sort(let keys):
            return .sort(input, try bindSortKeys(keys, expressions))
        case .top(let n, _, let keys, let per):
            if !per.isEmpty { return try bindTopPer(n, keys: keys, per: per, over: input, context: context) }
            return .top(input, n, try bindSortKeys(keys, expressions))
        case .limit(let n, _):
            return .limit(input, n)
        case .presentation(let name, _, _):
            throw Diagnostic(.bind, "\(name) draws the result, so it must be the last stage", span: stage.keywordSpan)
        case .verb(let name, let arguments, let by):
            // funnel over the leads table is the lead funnel (lead → qualified → opportunity → won)
            let leadFunnel = name.lowercased() == "funnel" && schema.role == .leads
            guard let verb = leadFunnel ? LeadFunnelVerb.binder : VerbRegistry.binder(for: name) else {
                let known = StageTable.stageWords
                throw Diagnostic(
                    .bind, "unknown verb \"\(name)\"", span: stage.keywordSpan,
                    hint: Suggestions.hint(for: name, in: known) ?? "stages: " + known.joined(separator: ", "))
            }
            // A verb's operator evaluates its own expressions, which the executor does not look into: no lets as values.
            var verbContext = context
            verbContext.scalarLets = nil
            let bindingInput = VerbBindingInput(
                name: name, arguments: arguments, keys: by, span: stage.span, keywordSpan: stage.keywordSpan,
                schema: schema, context: verbContext, catalog: catalog, asOf: asOf,
                source: { name throws(Diagnostic) in try sourcePlan(named: name) },
                sourceNames: catalog.sourceNames + lets.keys.sorted())
            return try verb.plan(bindingInput, over: input)
        }
    }

    func bindNamed(_ items: [NamedExpr], _ binder: ExpressionBinder) throws(Diagnostic) -> [NamedBoundExpr] {
        var out: [NamedBoundExpr] = []
        for item in items {
            let bound = try binder.bind(item.expr)
            let name: String
            var info: ColumnInfo
            if let given = item.name {
                name = given
                info = ColumnInfo(name: given)
                if let i = bound.columnIndex {
                    info.role = binder.schema.fields[i].info.role
                    info.encoding = binder.schema.fields[i].info.encoding
                    info.header = given
                }
            } else if case .column(let written) = item.expr.kind {
                name = written
                if let i = bound.columnIndex {
                    info = binder.schema.fields[i].info
                    info.name = written
                } else {
                    info = ColumnInfo(name: written)
                }
            } else {
                name = binder.context.derivedName(of: item.expr.span)
                info = ColumnInfo(name: name)
            }
            if bound.columnIndex == nil { info.encoding = DisplayEncoding.of(bound, binder.schema) }
            if info.encoding == nil, bound.type == .double, item.name != nil, DisplayEncoding.isRateName(name) {
                info.encoding = .rate
            }
            out.append(
                NamedBoundExpr(
                    name: name, expr: bound, info: info,
                    span: (item.nameSpan ?? item.expr.span).merged(with: item.expr.span)))
        }
        return out
    }

    func checkUniqueNames(_ names: [String], _ items: [NamedExpr]) throws(Diagnostic) {
        var seen: Set<String> = []
        for (name, item) in zip(names, items) {
            if !seen.insert(name).inserted {
                throw Diagnostic(
                    .bind, "column \"\(name)\" appears twice", span: item.nameSpan ?? item.expr.span,
                    hint: "name it: \"other_name = …\"")
            }
        }
    }

    func bindSortKeys(_ keys: [SortKey], _ binder: ExpressionBinder) throws(Diagnostic) -> [BoundSortKey] {
        var out: [BoundSortKey] = []
        for key in keys {
            out.append(BoundSortKey(expr: try binder.bind(key.expr), descending: key.descending, span: key.expr.span))
        }
        return out
    }
}
