import PipeQCore
import PipeQSQL
import PipeQStorage

/// A database's tables and views as pipeq tables with no rows: their columns typed, pipeline roles recognised
/// by the same `RoleMapper` as for files (`pipeline.toml` applied), the stage order from the config or inferred
/// from the stage values and a sample of the history, and for each table the SQL that reads it.
enum PostgresCatalogReader {
    struct Relation {
        var schema: String
        var name: String
        var kind: String
        var columns: [(name: String, type: PostgresColumnType)] = []
    }

    struct Result {
        var catalog: Catalog
        var notes: [String]
        var sources: [String: SQLTableSource]
    }

    static let dialect = SQLDialect.postgres

    static func read(_ session: PostgresSession, config: PipelineConfig?) throws(Diagnostic) -> Result {
        let schemaTest =
            session.target.schema.map { "n.nspname = \(dialect.string($0))" }
            ?? "n.nspname = ANY (current_schemas(false))"
        let rows = try session.rows(
            """
            SELECT n.nspname, c.relname, c.relkind::text, a.attname, COALESCE(b.typname, t.typname)
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_catalog.pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype
            WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND NOT c.relispartition AND \(schemaTest)
            ORDER BY array_position(current_schemas(false), n.nspname), c.relname, a.attnum
            """)
        var relations: [Relation] = []
        var seen = Set<String>()
        for row in rows {
            guard row.count == 5, let schema = row[0], let name = row[1], let kind = row[2], let column = row[3],
                let type = row[4]
            else { continue }
            if relations.last?.name != name || relations.last?.schema != schema {
                // A name earlier on the search path hides the same name later.
                guard !seen.contains(name) else { continue }
                seen.insert(name)
                relations.append(Relation(schema: schema, name: name, kind: kind))
            }
            relations[relations.count - 1].columns.append((column, PostgresColumnType(typeName: type)))
        }
        if relations.isEmpty {
            let place = session.target.schema.map { "schema \"\($0)\"" } ?? "the search path"
            throw Diagnostic(
                .io, "database \"\(session.target.database)\" has no tables or views in \(place)",
                hint: "name a schema with ?schema=NAME in the URI")
        }
        // The shapes first, to find the deals' stage column and the history's columns.
        let shapes = relations.map { table($0, rows: 0) }
        let (firstPass, _) = RoleMapper.apply(to: shapes, config: config, stages: .empty)
        let stageValues = try distinctStages(session, relations, firstPass)
        let stages: StageDefinitions
        if let configured = config?.stages {
            stages = configured
        } else {
            let probes = try sampleTables(session, relations, firstPass, stageValues: stageValues)
            stages = RoleMapper.stages(for: probes, config: config)
        }
        let withValues = relations.enumerated().map { i, relation in
            table(relation, rows: 0, stages: stageColumn(firstPass[i]).map { [$0: stageValues[i]] } ?? [:])
        }
        let (mapped, notes) = RoleMapper.apply(to: withValues, config: config, stages: stages)
        var sources: [String: SQLTableSource] = [:]
        for (relation, table) in zip(relations, mapped) {
            sources[table.name] = source(relation, table, stages: stages)
        }
        let catalog = Catalog(
            tables: mapped, stages: stages, datasetName: session.target.database,
            fiscalYearStart: config?.fiscalYearStart ?? 1)
        return Result(catalog: catalog, notes: notes, sources: sources)
    }

    /// The catalog name of a database column (snake case, as a CSV header becomes).
    static func fieldName(_ column: String, index: Int) -> String {
        ColumnNameNormalizer.columnName(header: column, index: index)
    }

    /// A relation as a table of `rows` rows, every value null; `stages` gives a string column its values.
    static func table(_ relation: Relation, rows: Int, stages: [Int: [String]] = [:], filled: [Int: Column] = [:])
        -> Table
    {
        let fields = relation.columns.enumerated().map { i, column -> Field in
            let info = ColumnInfo(name: fieldName(column.name, index: i), header: column.name)
            if let given = filled[i] { return Field(info, given) }
            if rows == 0 { return Field(info, Column.empty(column.type.type, strings: stages[i] ?? [])) }
            var builder = TextColumnBuilder(column.type.type)
            for _ in 0..<rows { _ = builder.append(nil) }
            return Field(info, builder.column())
        }
        return Table(name: ColumnNameNormalizer.snakeCase(relation.name), fields: fields)
    }

    private static func stageColumn(_ table: Table) -> Int? {
        guard table.role == .deals || table.role == .history else { return nil }
        return table.fields.firstIndex { $0.info.role == .stage && $0.type == .string }
    }

    private static func quotedName(_ relation: Relation) -> String {
        dialect.identifier(relation.schema) + "." + dialect.identifier(relation.name)
    }

    /// Each deals or history table's distinct stage values (in the order rows first hold them, for a table).
    private static func distinctStages(_ session: PostgresSession, _ relations: [Relation], _ mapped: [Table])
        throws(Diagnostic) -> [[String]]
    {
        var out: [[String]] = []
        for (relation, table) in zip(relations, mapped) {
            guard let i = stageColumn(table) else {
                out.append([])
                continue
            }
            let column = relation.columns[i].type.expression(dialect.identifier(relation.columns[i].name))
            let ordered = relation.kind == "r" || relation.kind == "m"
            let sql =
                ordered
                ? "SELECT s FROM (SELECT \(column) AS s, ctid AS c FROM \(quotedName(relation))) x WHERE s IS NOT NULL GROUP BY s ORDER BY min(c) LIMIT 10000"
                : "SELECT DISTINCT \(column) AS s FROM \(quotedName(relation)) WHERE \(column) IS NOT NULL ORDER BY 1 LIMIT 10000"
            out.append(try session.rows(sql).compactMap { $0.first ?? nil })
        }
        return out
    }

    /// Small tables standing in for the deals and history, for stage inference: the deals' stage values, and
    /// the history of up to 20,000 deals (deal, stage, entered); every other column null.
    private static func sampleTables(
        _ session: PostgresSession, _ relations: [Relation], _ mapped: [Table], stageValues: [[String]]
    ) throws(Diagnostic) -> [Table] {
        var out: [Table] = []
        for (i, (relation, table)) in zip(relations, mapped).enumerated() {
            guard let stage = stageColumn(table) else {
                out.append(Self.table(relation, rows: 0))
                continue
            }
            if table.role == .deals {
                var builder = TextColumnBuilder(.string)
                for value in stageValues[i] { _ = builder.append(value) }
                out.append(Self.table(relation, rows: stageValues[i].count, filled: [stage: builder.column()]))
                continue
            }
            guard let deal = table.fields.firstIndex(where: { $0.info.role == .dealId }),
                let entered = table.fields.firstIndex(where: { $0.info.role == .enteredAt })
            else {
                out.append(Self.table(relation, rows: 0))
                continue
            }
            func sql(_ c: Int) -> String {
                relation.columns[c].type.expression(dialect.identifier(relation.columns[c].name))
            }
            let rows = try session.rows(
                "SELECT CAST(\(sql(deal)) AS TEXT), \(sql(stage)), CAST(\(sql(entered)) AS TEXT) FROM \(quotedName(relation)) "
                    + "WHERE \(sql(deal)) IN (SELECT DISTINCT \(sql(deal)) FROM \(quotedName(relation)) LIMIT 20000)")
            var columns: [Int: Column] = [:]
            for (k, c) in [deal, stage, entered].enumerated() {
                var builder = TextColumnBuilder(relation.columns[c].type.type)
                for row in rows { _ = builder.append(row[k]) }
                columns[c] = builder.column()
            }
            out.append(Self.table(relation, rows: rows.count, filled: columns))
        }
        return out
    }

    /// How the compiled SQL reads a table: the relation's columns in the catalog's types, the synthesised status
    /// computed from the stage (or IsWon/IsClosed), and the physical row order of a stored table.
    private static func source(_ relation: Relation, _ table: Table, stages: StageDefinitions) -> SQLTableSource {
        var byHeader: [String: String] = [:]
        for column in relation.columns {
            byHeader[column.name] = column.type.expression(dialect.identifier(column.name))
        }
        let columns = table.fields.map { field -> String in
            if let sql = byHeader[field.info.header], !field.info.isSynthesised { return sql }
            return synthesised(field, table, byHeader, stages: stages)
        }
        let ordered = relation.kind == "r" || relation.kind == "m"
        return SQLTableSource(name: quotedName(relation), columns: columns, orderColumn: ordered ? "ctid" : nil)
    }

    private static func synthesised(
        _ field: Field, _ table: Table, _ byHeader: [String: String], stages: StageDefinitions
    ) -> String {
        func column(_ test: (Field) -> Bool) -> String? {
            table.fields.first { test($0) && !$0.info.isSynthesised }.flatMap { byHeader[$0.info.header] }
        }
        let real = table.fields.filter { !$0.info.isSynthesised }
        if let (w, c) = RoleMapper.statusFlags(in: real), let won = byHeader[real[w].info.header],
            let closed = byHeader[real[c].info.header]
        {
            return
                "(CASE WHEN \(won) IS NULL OR \(closed) IS NULL THEN NULL WHEN \(won) THEN 'won' WHEN \(closed) THEN 'lost' ELSE 'open' END)"
        }
        if let stage = column({ $0.info.role == .stage }),
            let stageField = table.fields.first(where: { $0.info.role == .stage }),
            case .string(_, let dictionary) = stageField.column.values
        {
            var cases = ""
            for name in Set(dictionary.values + stages.order).sorted() {
                let outcome = stages.outcome(of: name)
                if outcome != .open {
                    cases += " WHEN \(stage) = \(dialect.string(name)) THEN \(dialect.string(outcome.rawValue))"
                }
            }
            return "(CASE WHEN \(stage) IS NULL THEN NULL\(cases) ELSE 'open' END)"
        }
        return "CAST(NULL AS \(dialect.typeName(field.type)))"
    }
}
