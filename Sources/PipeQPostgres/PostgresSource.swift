import Foundation
import PipeQCore
import PipeQEngine
import PipeQSQL
import PipeQStorage

/// A PostgreSQL database as pipeq's data: its tables and views in the catalog (no rows, only their shape and
/// roles), and queries over them compiled to SQL and run in the server, only the rows a result shows coming back.
public final class PostgresSource: @unchecked Sendable {
    public let session: PostgresSession
    /// The database's tables as the catalog first holds them (the engine gets a catalog of its own, which `.load`
    /// changes; this one keeps the database's tables, and so keeps their identities taken).
    public let catalog: Catalog
    /// What role mapping recognised (for `.schema`).
    public let notes: [String]
    /// How each database table is read, by its catalog name.
    private let sources: [String: SQLTableSource]
    /// The catalog's table objects that stand for database tables (a `.load` replaces one with rows of its own).
    private let liveTables: Set<ObjectIdentifier>
    /// Values offered for completion, by table and column, read once.
    private var valueCache: [String: [String]] = [:]
    private let valueLock = NSLock()

    public var target: PostgresTarget { session.target }

    /// A new catalog of the database's tables, for an engine to work with (and `.load` to change).
    public func makeCatalog() -> Catalog {
        Catalog(
            tables: catalog.tables, stages: catalog.stages, datasetName: catalog.datasetName,
            fiscalYearStart: catalog.fiscalYearStart)
    }

    private init(session: PostgresSession, read: PostgresCatalogReader.Result) {
        self.session = session
        self.catalog = read.catalog
        self.notes = read.notes
        self.sources = read.sources
        self.liveTables = Set(read.catalog.tables.map(ObjectIdentifier.init))
    }

    /// Connects and reads the catalog (the search path's tables, or the URI's schema).
    public static func open(_ target: PostgresTarget, config: PipelineConfig?) throws(Diagnostic) -> PostgresSource {
        let session = try PostgresSession.connect(target)
        return PostgresSource(session: session, read: try PostgresCatalogReader.read(session, config: config))
    }

    /// Whether a catalog table stands for a database table (rather than rows in memory).
    public func isLive(_ table: Table) -> Bool { liveTables.contains(ObjectIdentifier(table)) }

    /// Where a catalog table standing for a database table is (`"public"."deals"`); nil for a table in memory.
    public func place(of table: Table) -> String? {
        isLive(table) ? sources[table.name]?.name : nil
    }

    /// The database table behind a catalog name, as SQL reads it.
    public func source(named name: String) -> SQLTableSource? { sources[name] }

    /// Where a query runs: true when it reads database tables (it runs in the server), false when it reads only
    /// tables in memory. A query reading both is refused.
    public func runsInServer(_ plan: QueryPlan) throws(Diagnostic) -> Bool {
        var live = false
        var local = false
        func visit(_ node: LogicalPlan) {
            if case .scan(let scan) = node {
                if isLive(scan.table) { live = true } else { local = true }
            }
            node.children.forEach(visit)
        }
        visit(plan.root)
        if live && local {
            throw Diagnostic(
                .bind, "this query reads tables in the database and tables in memory together",
                hint: ".load the database tables it reads, then it runs in memory")
        }
        return live
    }

    /// The PostgreSQL statement for a query over the database's tables (and tables `.load`ed, written as
    /// values). A pivot's columns are its input's distinct values, asked of the server first.
    public func sql(_ text: String, engine: QueryEngine) throws(Diagnostic) -> SQLStatement {
        let cancellation = engine.cancellation
        return try engine.sql(
            text, dialect: .postgres,
            source: { table in self.sources[table.name] ?? SQLTableSource.loaded(table, dialect: .postgres) },
            columnValues: { (sql, type) throws(Diagnostic) in
                try self.session.rows(sql, cancellation: cancellation).map { (row) throws(Diagnostic) in
                    guard let value = SQLValueReader.scalar(row[0], type) else {
                        throw Diagnostic(
                            .execute, "PostgreSQL returned \"\(row[0] ?? "")\" for a pivot column, not a \(type)")
                    }
                    return value
                }
            })
    }

    /// What the table display shows of a long result: its first `head` and last `tail` rows.
    public struct RowCap: Sendable {
        public var head: Int
        public var tail: Int
        public init(head: Int, tail: Int) {
            self.head = head
            self.tail = tail
        }
    }

    /// A query run in the server. With `cap`, only the rows shown come back (through a cursor: the head, a move
    /// to the end that counts the rows, the tail); without, all of them. `serverSeconds` is the time spent
    /// waiting for the server.
    public func run(_ text: String, engine: QueryEngine, cap: RowCap?) throws(Diagnostic) -> (
        result: QueryResult, serverSeconds: Double
    ) {
        let plan = try engine.optimizedPlan(text)
        let cancellation = engine.cancellation
        cancellation.reset()
        let start = DispatchTime.now()
        let statement = try sql(text, engine: engine)
        let dialect = SQLDialect.postgres
        let cells = statement.fields.map { "CAST(q.\(dialect.identifier($0.name)) AS TEXT)" }
        let select = "SELECT \(cells.joined(separator: ", ")) FROM (\n\(statement.text)\n) AS q"
        var rows: [[String?]] = []
        var unfetched: Range<Int>?
        if let cap {
            do throws(Diagnostic) {
                try session.run("BEGIN READ ONLY")
                try session.run("DECLARE pipeq_rows SCROLL CURSOR FOR " + select, cancellation: cancellation)
                rows = try session.rows(
                    "FETCH FORWARD \(cap.head + cap.tail + 1) FROM pipeq_rows", cancellation: cancellation)
                if rows.count > cap.head + cap.tail {
                    let rest = try session.run("MOVE FORWARD ALL IN pipeq_rows", cancellation: cancellation) ?? 0
                    let total = rows.count + rest
                    let tail = try session.rows(
                        "FETCH BACKWARD \(cap.tail) FROM pipeq_rows", cancellation: cancellation)
                    rows = Array(rows.prefix(cap.head)) + tail.reversed()
                    unfetched = cap.head..<(total - cap.tail)
                }
                try session.run("COMMIT")
            } catch {
                _ = try? session.run("ROLLBACK")
                throw error
            }
        } else {
            rows = try session.rows(select, cancellation: cancellation)
        }
        let serverSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        var builders = statement.fields.map { TextColumnBuilder($0.type) }
        for row in rows {
            for c in builders.indices where !builders[c].append(row[c]) {
                throw Diagnostic(
                    .execute,
                    "PostgreSQL returned \"\(row[c] ?? "")\" for column \(statement.fields[c].name), not a \(statement.fields[c].type)"
                )
            }
        }
        let fields = zip(statement.fields, builders).map { field, builder in
            RelationField(name: field.name, info: field.info, column: builder.column())
        }
        var result = engine.result(of: plan, text: text, relation: Relation(fields: fields, count: rows.count))
        result.unfetched = unfetched
        return (result, serverSeconds)
    }
}

extension PostgresSource {
    /// The catalog table standing for a database table, by the name a query would use.
    public func liveTable(named name: String) -> Table? {
        catalog.table(named: name)
    }

    /// A database table's rows copied into memory as the catalog has the table: the same columns (the synthesised
    /// status computed by the server), roles, stage order and derived columns; rows in the table's stored order.
    public func copy(_ table: Table, cancellation: CancellationFlag? = nil) throws(Diagnostic) -> Table {
        guard let source = sources[table.name] else {
            throw Diagnostic(.usage, "\"\(table.name)\" is not a table of database \(target.database)")
        }
        let cells = source.columns.map { "CAST(\($0) AS TEXT)" }
        let order = source.orderColumn.map { " ORDER BY \($0)" } ?? ""
        let select = "SELECT \(cells.joined(separator: ", ")) FROM \(source.name)\(order)"
        let builders = Builders(table.fields.map { TextColumnBuilder($0.type) })
        cancellation?.reset()
        if WireConnection.canConnect(target) {
            // The COPY protocol: rows as tab-separated text, no per-row message framing of values.
            do {
                let wire = try WireConnection(target)
                try wire.copyOut("COPY (\(select)) TO STDOUT", cancellation: cancellation) { row in
                    builders.append(CopyTextRow.fields(row))
                }
            } catch let failure as WireConnection.Failure {
                if cancellation?.isCancelled == true || failure.sqlState == PostgresFailure.cancelledState {
                    throw Diagnostic.cancelled
                }
                throw Diagnostic(.execute, "PostgreSQL: " + PostgresFailure.redact(failure.message, target))
            } catch {
                throw Diagnostic(.execute, "PostgreSQL: \(error)")
            }
        } else {
            // TLS wanted: postgres-nio's rows (it has no COPY out).
            try session.run(select, cancellation: cancellation) { row in builders.append(row) }
        }
        if let bad = builders.failure {
            throw Diagnostic(
                .execute, "PostgreSQL returned \"\(bad.text)\" for \(table.name).\(table.fields[bad.column].name)")
        }
        let fields = zip(table.fields, builders.columns()).map { field, column -> Field in
            var column = column
            if case .string(let codes, let dictionary) = column.values,
                case .string(_, let shape) = field.column.values, let order = shape.domainOrder
            {
                column = Column(.string(codes, dictionary.withOrder(order)), nulls: column.nulls)
            }
            return Field(field.info, column)
        }
        return Table(name: table.name, fields: fields, sourcePath: nil, role: table.role, derived: table.derived)
    }
}

/// Column builders filled from the connection's thread.
private final class Builders: @unchecked Sendable {
    private let lock = NSLock()
    private var builders: [TextColumnBuilder]
    private(set) var failure: (column: Int, text: String)?

    init(_ builders: [TextColumnBuilder]) { self.builders = builders }

    func append(_ row: [String?]) {
        lock.withLock {
            for c in builders.indices where !builders[c].append(row[c]) && failure == nil {
                failure = (c, row[c] ?? "")
            }
        }
    }

    func columns() -> [Column] { lock.withLock { builders.map { $0.column() } } }
}

extension PostgresSource {
    /// Values offered for completion: a database table's string column's distinct values (the first 1,000 in
    /// byte order), from `SELECT DISTINCT … LIMIT`, given at most two seconds; read once per column.
    public func distinctValues(of column: String, in table: Table) -> [String]? {
        guard isLive(table), let source = sources[table.name], let field = table.field(named: column),
            field.type == .string, let i = table.fields.firstIndex(where: { $0.name == field.name })
        else { return nil }
        let key = table.name + "\u{1F}" + field.name
        if let cached = valueLock.withLock({ valueCache[key] }) { return cached }
        let value = source.columns[i]
        var values: [String] = []
        do throws(Diagnostic) {
            try session.run("BEGIN READ ONLY")
            try session.run("SET LOCAL statement_timeout = 2000")
            values = try session.rows(
                "SELECT v FROM (SELECT DISTINCT \(value) AS v FROM \(source.name) WHERE \(value) IS NOT NULL) AS d "
                    + "ORDER BY v COLLATE \"C\" LIMIT 1000"
            ).compactMap { $0.first ?? nil }
            try session.run("COMMIT")
        } catch {
            _ = try? session.run("ROLLBACK")
            return nil
        }
        valueLock.withLock { valueCache[key] = values }
        return values
    }
}
