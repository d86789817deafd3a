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

/// A parsed query → a plan: resolves the source (table or `let`), then binds each stage against the
/// schema the previous stage produced.
public struct QueryBinder {
    let catalog: Catalog
    let lets: [String: LetDefinition]
    let asOfDay: Int32
    let nowMicros: Int64
    /// Looked at while a snapshot (`deals asof DATE`) is rebuilt, which takes a second at 10M deals.
    let cancellation: CancellationFlag

    public init(catalog: Catalog, lets: [String: LetDefinition], asOfDay: Int32, nowMicros: Int64,
                cancellation: CancellationFlag = CancellationFlag()) {
        self.catalog = catalog
        self.lets = lets
        self.asOfDay = asOfDay
        self.nowMicros = nowMicros
        self.cancellation = cancellation
    }

    public func bind(_ query: Query, text: String) throws(Diagnostic) -> QueryPlan {
        let context = BindContext(asOfDay: asOfDay, nowMicros: nowMicros, text: text)
        if let asOf = query.asOf {
            // A snapshot: bind the whole query against the catalog as it stood then, with that date as the as-of date.
            let day = try snapshotDay(asOf, context: context)
            let snapshot = try Snapshot.catalog(catalog, day: day, span: asOf.span, cancellation: cancellation)
            var current = query
            current.asOf = nil
            let binder = QueryBinder(catalog: snapshot, lets: lets, asOfDay: day, nowMicros: Int64(day) * CivilTime.microsPerDay,
                                     cancellation: cancellation)
            var plan = try binder.bind(current, text: text)
            plan.asOfDay = day
            return plan
        }
        var plan: QueryPlan
        if let definition = lets[query.source] {
            plan = try bind(definition)
        } else if let table = catalog.table(named: query.source) {
            plan = QueryPlan(source: table, steps: [], schema: RelationSchema(table: table))
        } else {
            let names = catalog.sourceNames + lets.keys.sorted()
            var hint = Suggestions.hint(for: query.source, in: names)
            if hint == nil {
                hint = names.isEmpty ? "no tables are loaded: pass CSV files or a folder, or use .load" : "tables: " + names.joined(separator: ", ")
            }
            throw Diagnostic(.bind, "unknown table \"\(query.source)\"", span: query.sourceSpan, hint: hint)
        }
        for (i, stage) in query.stages.enumerated() {
            if case .verb(let name, let arguments, let by) = stage.kind, Presentation.stageNames.contains(name.lowercased()) {
                guard i == query.stages.count - 1 else {
                    throw Diagnostic(.bind, "\(name.lowercased()) draws the result, so it must be the last stage", span: stage.keywordSpan)
                }
                plan.presentation = try bindPresentation(name.lowercased(), arguments, by, stage: stage, schema: plan.schema)
                continue
            }
            let node = try bindStage(stage, schema: plan.schema, context: context)
            plan.steps.append(node.0)
            plan.schema = node.1
            if case .verb(let verb) = node.0 { plan.presentation = verb.presentation } else { plan.presentation = nil }
        }
        return plan
    }

    /// The date of `asof DATE`: a constant date (or datetime, taken by its day), e.g. `2026-09-30` or `(today - 30d)`.
    func snapshotDay(_ expr: Expr, context: BindContext) throws(Diagnostic) -> Int32 {
        try Self.constantDay(expr, context: context, example: "deals asof 2026-09-30", what: "asof")
    }

    /// A constant date argument (a datetime counts as its day); `what` and `example` word the diagnostic.
    static func constantDay(_ expr: Expr, context: BindContext, example: String, what: String) throws(Diagnostic) -> Int32 {
        let bound = try ExpressionBinder(schema: RelationSchema(fields: []), context: context).bind(expr)
        let value = Evaluator(relation: Relation(fields: [], count: 1), context: ExecutionContext(asOfDay: context.asOfDay))
            .vector(bound, .all(1)).materialized(count: 1).value(at: 0)
        switch value {
        case .date(let d): return d
        case .timestamp(let t): return Int32(clamping: CivilTime.floorDiv(t, CivilTime.microsPerDay))
        default:
            throw Diagnostic(.bind, "\(what) needs a date, e.g. \"\(example)\"", span: expr.span,
                             hint: bound.type.isTemporal ? nil : "found \(bound.type.withArticle)")
        }
    }

    /// Binds a `let` definition's query with its own text.
    func bind(_ definition: LetDefinition) throws(Diagnostic) -> QueryPlan {
        var binder = self
        var scoped = lets
        scoped[definition.name] = nil
        if let source = definition.sourceDefinition { scoped[source.name] = source }
        binder = QueryBinder(catalog: catalog, lets: scoped, asOfDay: asOfDay, nowMicros: nowMicros, cancellation: cancellation)
        return try binder.bind(definition.query, text: definition.text)
    }

    func bindStage(_ stage: Stage, schema: RelationSchema, context: BindContext) throws(Diagnostic) -> (PlanNode, RelationSchema) {
        let expressions = ExpressionBinder(schema: schema, context: context)
        switch stage.kind {
        case .filter(let predicate):
            return (.filter(try expressions.bindCondition(predicate, role: "where")), schema)
        case .extend(let items):
            let bound = try bindNamed(items, expressions)
            var out = schema
            for item in bound {
                let field = RelationSchema.FieldInfo(name: item.name, type: item.expr.type, info: item.info)
                if let i = out.fields.firstIndex(where: { $0.name == item.name }) { out.fields[i] = field } else { out.fields.append(field) }
            }
            return (.extend(bound), out)
        case .select(let items):
            let bound = try bindNamed(items, expressions)
            try checkUniqueNames(bound.map(\.name), items)
            let out = RelationSchema(fields: bound.map { .init(name: $0.name, type: $0.expr.type, info: $0.info) }, role: nil)
            return (.project(bound), out)
        case .distinct(let items):
            let keys: [NamedBoundExpr]
            if items.isEmpty {
                keys = schema.fields.enumerated().map { NamedBoundExpr(name: $1.name, expr: .column($0, $1.type), info: $1.info) }
            } else {
                keys = try bindNamed(items, expressions)
            }
            let out = RelationSchema(fields: keys.map { .init(name: $0.name, type: $0.expr.type, info: $0.info) })
            return (.aggregate(keys: keys, aggregates: []), out)
        case .aggregate(let calls, let by):
            let keys = try bindNamed(by, expressions)
            var aggregates: [BoundAggregate] = []
            for call in calls { aggregates.append(try bindAggregate(call, expressions, context: context)) }
            var names = keys.map(\.name)
            for i in aggregates.indices {
                aggregates[i].name = uniqueName(aggregates[i].name, taken: names)
                names.append(aggregates[i].name)
            }
            let out = RelationSchema(fields: keys.map { .init(name: $0.name, type: $0.expr.type, info: $0.info) }
                + aggregates.map { .init(name: $0.name, type: $0.resultType, info: ColumnInfo(name: $0.name)) })
            return (.aggregate(keys: keys, aggregates: aggregates), out)
        case .sort(let keys):
            return (.sort(try bindSortKeys(keys, expressions)), schema)
        case .top(let n, _, let keys):
            return (.top(n, try bindSortKeys(keys, expressions)), schema)
        case .limit(let n, _):
            return (.limit(n), schema)
        case .verb(let name, let arguments, let by):
            guard let verb = VerbRegistry.all[name.lowercased()] else {
                let known = VerbRegistry.stageWords
                throw Diagnostic(.bind, "unknown verb \"\(name)\"", span: stage.keywordSpan,
                                 hint: Suggestions.hint(for: name, in: known) ?? "stages: " + known.joined(separator: ", "))
            }
            let input = VerbBindingInput(name: name, arguments: arguments, keys: by, span: stage.span, keywordSpan: stage.keywordSpan,
                                         schema: schema, context: context, catalog: catalog)
            let plan = try verb.bind(input)
            return (.verb(plan), plan.outputSchema)
        }
    }

    /// `bar [COLUMN]`, `chart [COLUMN]`, `spark [COLUMN]`: the column must be a number or duration of the result.
    func bindPresentation(_ name: String, _ arguments: [VerbArgument], _ by: [NamedExpr], stage: Stage, schema: RelationSchema) throws(Diagnostic) -> Presentation {
        if !by.isEmpty { throw Diagnostic(.bind, "\(name) takes no \"by\": group first, e.g. \"| sum value by stage | \(name)\"", span: stage.span) }
        guard arguments.count <= 1 else {
            throw Diagnostic(.bind, "\(name) takes at most one column to draw", span: stage.span, hint: "e.g. \"| \(name) sum_value\"")
        }
        var column: Int?
        if let argument = arguments.first {
            let (word, span): (String, SourceSpan)
            switch argument {
            case .word(let w, let s): (word, span) = (w, s)
            case .expr(let e):
                guard case .column(let w) = e.kind else {
                    throw Diagnostic(.bind, "\(name) draws a column of the result; compute it first with extend", span: e.span)
                }
                (word, span) = (w, e.span)
            }
            guard let i = schema.index(of: word) else {
                throw Diagnostic(.bind, "unknown column \"\(word)\"", span: span, hint: Suggestions.hint(for: word, in: schema.fields.map(\.name)))
            }
            guard schema.fields[i].type.isNumeric || schema.fields[i].type == .duration else {
                throw Diagnostic(.bind, "\(name) draws numbers, but \"\(word)\" is \(schema.fields[i].type.withArticle)", span: span)
            }
            column = i
        } else if !schema.fields.contains(where: { $0.type.isNumeric || $0.type == .duration }) {
            throw Diagnostic(.bind, "nothing to draw: the result has no number column", span: stage.keywordSpan,
                             hint: "aggregate first, e.g. \"| count by stage | \(name)\"")
        }
        switch name {
        case "bar": return .bar(value: column)
        case "chart": return .chart(value: column)
        default: return .spark(value: column)
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
                if let i = bound.columnIndex { info.role = binder.schema.fields[i].info.role; info.header = given }
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
            out.append(NamedBoundExpr(name: name, expr: bound, info: info))
        }
        return out
    }

    func checkUniqueNames(_ names: [String], _ items: [NamedExpr]) throws(Diagnostic) {
        var seen: Set<String> = []
        for (name, item) in zip(names, items) {
            if !seen.insert(name).inserted {
                throw Diagnostic(.bind, "column \"\(name)\" appears twice", span: item.nameSpan ?? item.expr.span,
                                 hint: "name it: \"other_name = …\"")
            }
        }
    }

    func uniqueName(_ name: String, taken: [String]) -> String {
        guard taken.contains(name) else { return name }
        var n = 2
        while taken.contains("\(name)_\(n)") { n += 1 }
        return "\(name)_\(n)"
    }

    func bindSortKeys(_ keys: [SortKey], _ binder: ExpressionBinder) throws(Diagnostic) -> [BoundSortKey] {
        var out: [BoundSortKey] = []
        for key in keys { out.append(BoundSortKey(expr: try binder.bind(key.expr), descending: key.descending)) }
        return out
    }
}
