import Foundation
import PipeQCore
import PipeQEngine
import PipeQGenerate
import PipeQStorage
import PipeQTestSupport
import Testing

/// Random differential testing against SQLite (issue 7): random tables with nulls, ties and empty groups are
/// written to CSV and loaded by pipeq (`DatasetLoader`, as the CLI does) and by the `sqlite3` tool
/// (`.import`); random well-typed queries are generated from the grammar — filters with and/or/not,
/// comparisons, arithmetic, `between`, `in`, string matching, null checks, aggregates (plain and filtered)
/// with and without `by`, sort + limit, joins of every kind (null keys included) and append, and the issue-15
/// constructs (`QueryGenerator+Analysis.swift`: window functions, `top … per`, casts, pivot, joins on several keys)
/// — together with their SQL translation, and the results must agree.
///
/// A fixed seed runs `defaultQueries` queries in CI; `PIPEQ_DIFF_QUERIES=100000` runs more and
/// `PIPEQ_DIFF_SEED=N` changes the seed. All of a table's SQL goes to one sqlite3 process, separated
/// by marker rows.
///
/// Semantics both sides share, by construction of the translation (see docs/hardening.md):
/// three-valued logic (`where` keeps true rows only); groups ordered by key with nulls last (SQL:
/// `ORDER BY k IS NULL, k`); `/` divides as numbers (SQL: `CAST(a AS REAL) / b`), by zero gives null
/// in both; `sort` puts nulls last in both directions; counts over nothing are 0, other aggregates null;
/// `avg` is a double; `contains`/`starts with`/`ends with` are case-sensitive (SQL: `instr`, `substr`).
@Suite struct DifferentialTests {
    static let defaultQueries = 10_000
    static let queriesPerTable = 150

    @Test func pipeqAgreesWithSQLiteOnRandomQueries() throws {
        guard let sqlite = SQLiteOracle.findExecutable("sqlite3") else {
            Issue.record(
                "sqlite3 is not installed: the differential test needs it (apt-get install sqlite3; make test installs it)"
            )
            return
        }
        let environment = ProcessInfo.processInfo.environment
        let total = environment["PIPEQ_DIFF_QUERIES"].flatMap(Int.init) ?? Self.defaultQueries
        let seed = environment["PIPEQ_DIFF_SEED"].flatMap(UInt64.init) ?? 20_261_101
        var random = SplitMix(seed: seed)
        let folder = NSTemporaryDirectory() + "pipeq-diff-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        var run = 0
        var failures = 0
        var tableNumber = 0
        while run < total && failures < 10 {
            // Table sizes: sometimes one to three rows, usually a few dozen with repeated values. (An empty
            // table has no types to infer — its columns are text — so emptiness comes from filters instead.)
            let rows = random.chance(0.15) ? random.pick([1, 2, 3]) : random.int(5...80)
            let table = RandomTable(rows: rows, random: &random)
            let path = folder + "/t.csv"
            try table.csv.write(toFile: path, atomically: true, encoding: .utf8)
            let catalog = try DatasetLoader.load(paths: [path], options: CSVLoader.Options(maxThreads: 1)).catalog
            let engine = QueryEngine(catalog: catalog, asOfDay: 20_000)

            let count = min(Self.queriesPerTable, total - run)
            var generator = QueryGenerator(random: random)
            let queries = (0..<count).map { _ in generator.query() }
            random = generator.random
            let expected = try SQLiteBatch.run(
                sqlite, csvPath: path, setup: RandomTable.schemaSQL, queries: queries.map(\.sql))
            for (i, query) in queries.enumerated() {
                run += 1
                let actual: [[String]]
                var wanted = expected[i]
                do {
                    let outcome = try engine.run(query.pipeq)
                    actual = Self.rows(outcome)
                    if let values = query.pivotValues, case .rows(let result) = outcome {
                        wanted =
                            Self.pivoted(wanted, values: values, pipeqNames: result.columnNames, keyCount: 1)
                            ?? [["pivot columns differ: \(result.columnNames)"]]
                    }
                } catch {
                    failures += 1
                    Issue.record(
                        "pipeq refused a generated query (table \(tableNumber), \(rows) rows): \(error.message)\npipeq: \(query.pipeq)\nSQL:   \(query.sql)\n\(table.csv)"
                    )
                    continue
                }
                if !Self.same(actual, wanted) {
                    failures += 1
                    Issue.record(
                        """
                        pipeq and SQLite disagree (seed \(seed), table \(tableNumber), \(rows) rows)
                        pipeq: \(query.pipeq)
                        SQL:   \(query.sql)
                        pipeq rows:  \(actual.prefix(8))
                        sqlite rows: \(wanted.prefix(8))
                        table:
                        \(table.csv)
                        """)
                }
            }
            tableNumber += 1
        }
        #expect(run >= min(total, 1), "ran \(run) queries")
        print(
            "differential: \(run) random queries over \(tableNumber) tables agreed with SQLite (seed \(seed)), \(failures) failures"
        )
    }

    /// Result rows as text: null as "NULL", numbers as Swift prints them.
    static func rows(_ outcome: StatementOutcome) -> [[String]] {
        guard case .rows(let result) = outcome else { return [] }
        return (0..<result.rowCount).map { row in
            (0..<result.columnNames.count).map { column in
                switch result.value(row: row, column: column) {
                case .null: return "NULL"
                case .int(let v): return String(v)
                case .double(let v): return String(v)
                case .bool(let v): return v ? "1" : "0"
                case .string(let s): return s
                default: return "?"
                }
            }
        }
    }

    static func same(_ a: [[String]], _ b: [[String]]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in x.count == y.count && zip(x, y).allSatisfy(cellsMatch) }
    }

    static func cellsMatch(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let x = Double(a), let y = Double(b) else { return false }
        return abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
    }

    @Test func generatorIsDeterministicAndTranslates() {
        var a = QueryGenerator(random: SplitMix(seed: 7))
        var b = QueryGenerator(random: SplitMix(seed: 7))
        let first = (0..<50).map { _ in a.query() }
        let second = (0..<50).map { _ in b.query() }
        #expect(first.map(\.pipeq) == second.map(\.pipeq))
        #expect(first.allSatisfy { !$0.sql.isEmpty && $0.sql.hasPrefix("SELECT") })
        // The issue-15 expressions are among what the generator writes.
        var c = QueryGenerator(random: SplitMix(seed: 11))
        let many = (0..<400).map { _ in c.query().pipeq }
        for construct in [
            "case when", "if(", " like \"", " ilike \"", " not like", "else 0 end", "cumsum(", "cumcount(", "lag(",
            "lead(", "rank(", "dense_rank(", "row_number()", "total(", "moving_avg(", "pct_change(", " per ", "int(",
            "number(", "text(", "| top ", "| pivot ", "join anti", "join semi", " and g = h", "| sort ",
        ] {
            #expect(many.contains { $0.contains(construct) }, "no query with \(construct)")
        }
    }
}

/// The generator's SplitMix64, so a seed reproduces a run on any platform.
typealias SplitMix = SplitMix64

extension SplitMix64 {
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
}

/// id (unique, never null), a and b (small integers with nulls and many ties), x (decimals in quarters,
/// with nulls), g and h (a few strings with nulls, some groups empty after filters).
struct RandomTable {
    let csv: String

    static let schemaSQL = "CREATE TABLE t(id INTEGER, a INTEGER, b INTEGER, x REAL, g TEXT, h TEXT);"
    static let groupValues = ["p", "q", "r", "Q", "pq"]

    init(rows: Int, random: inout SplitMix) {
        var lines = ["id,a,b,x,g,h"]
        let nullRate = random.pick([0.0, 0.1, 0.3])
        for id in 1...rows {
            func maybe(_ text: String) -> String { random.chance(nullRate) ? "" : text }
            let a = maybe(String(random.int(-3...6)))
            let b = maybe(String(random.int(-100...100)))
            // Always a fraction, so the column is inferred as a number; ".0" for whole values.
            let x = maybe(String(format: "%.2f", Double(random.int(-40...40)) / 4))
            let g = maybe(random.pick(Array(Self.groupValues.prefix(3))))
            let h = maybe(random.pick(Self.groupValues))
            lines.append("\(id),\(a),\(b),\(x),\(g),\(h)")
        }
        // A table whose column holds only nulls would be typed as text: keep one value per column.
        lines[1] = "1,0,0,0.50,p,q"
        csv = lines.joined(separator: "\n") + "\n"
    }
}

struct GeneratedQuery {
    var pipeq: String
    var sql: String
    /// For a pivot: the possible values of the pivoted column, in the SQL's column order after the one key.
    var pivotValues: [String]? = nil
}

/// Random well-typed queries over `RandomTable`, each with its SQL translation.
struct QueryGenerator {
    var random: SplitMix

    enum Kind { case integer, decimal }

    /// A numeric expression: (pipeq, SQL, kind).
    mutating func number(_ depth: Int = 0) -> (String, String, Kind) {
        switch random.int(0...(depth >= 2 ? 2 : 11)) {
        case 11:
            return castNumber(depth)
        case 10:
            // case/if: the first true branch, else the else (or null); a null condition is not true.
            let (cp, cs) = condition(2)
            let (lp, ls, lk) = number(depth + 1)
            let (rp, rs, rk) = number(depth + 1)
            let kind: Kind = lk == .integer && rk == .integer ? .integer : .decimal
            switch random.int(0...2) {
            case 0: return ("if(\(cp), \(lp), \(rp))", "(CASE WHEN \(cs) THEN \(ls) ELSE \(rs) END)", kind)
            case 1: return ("case when \(cp) then \(lp) end", "(CASE WHEN \(cs) THEN \(ls) END)", lk)
            default:
                let (dp, ds) = condition(2)
                return (
                    "case when \(cp) then \(lp) when \(dp) then \(rp) else 0 end",
                    "(CASE WHEN \(cs) THEN \(ls) WHEN \(ds) THEN \(rs) ELSE 0 END)", kind
                )
            }
        case 0:
            let c = random.pick(["a", "b", "id"])
            return (c, c, .integer)
        case 1:
            return ("x", "x", .decimal)
        case 2:
            if random.chance(0.5) {
                let v = random.int(-5...20)
                return (String(v), String(v), .integer)
            }
            let v = String(format: "%.2f", Double(random.int(-20...20)) / 4)
            return (v, v, .decimal)
        case 3:
            let (p, s, k) = number(depth + 1)
            return ("-(\(p))", "(-(\(s)))", k)
        case 4, 5, 6:
            let (lp, ls, lk) = number(depth + 1)
            let (rp, rs, rk) = number(depth + 1)
            let op = random.pick(["+", "-", "*"])
            return (
                "(\(lp) \(op) \(rp))", "(\(ls) \(op) \(rs))", lk == .integer && rk == .integer ? .integer : .decimal
            )
        case 7:
            let (lp, ls, _) = number(depth + 1)
            let (rp, rs, _) = number(depth + 1)
            return ("(\(lp) / \(rp))", "(CAST(\(ls) AS REAL) / \(rs))", .decimal)
        case 8:
            let (p, s, k) = number(depth + 1)
            if random.chance(0.5) { return ("abs(\(p))", "abs(\(s))", k) }
            let digits = random.int(0...2)
            return ("round(\(p), \(digits))", "round(\(s), \(digits))", .decimal)
        default:
            let (lp, ls, lk) = number(depth + 1)
            let (rp, rs, rk) = number(depth + 1)
            return (
                "coalesce(\(lp), \(rp))", "coalesce(\(ls), \(rs))",
                lk == .integer && rk == .integer ? .integer : .decimal
            )
        }
    }

    /// A string operand: a column or a literal.
    mutating func text() -> (String, String) {
        if random.chance(0.7) {
            let c = random.pick(["g", "h"])
            return (c, c)
        }
        let v = random.pick(RandomTable.groupValues + ["", "zz"])
        return ("\"\(v)\"", "'\(v)'")
    }

    static let comparisons = ["=", "!=", "<", "<=", ">", ">="]

    mutating func condition(_ depth: Int = 0) -> (String, String) {
        switch random.int(0...(depth >= 3 ? 5 : 9)) {
        case 0, 1:
            let (lp, ls, _) = number()
            let (rp, rs, _) = number()
            let op = random.pick(Self.comparisons)
            return ("\(lp) \(op) \(rp)", "(\(ls) \(op == "!=" ? "<>" : op) \(rs))")
        case 2:
            let (lp, ls) = text()
            let (rp, rs) = text()
            if random.chance(0.15) { return ("\(lp) ~= \(rp)", "(lower(\(ls)) = lower(\(rs)))") }
            let op = random.pick(Self.comparisons)
            return ("\(lp) \(op) \(rp)", "(\(ls) \(op == "!=" ? "<>" : op) \(rs))")
        case 3:
            let c = random.pick(["a", "b", "x", "g", "h"])
            let negated = random.chance(0.5)
            return ("\(c) is \(negated ? "not " : "")null", "(\(c) IS \(negated ? "NOT " : "")NULL)")
        case 4:
            let (p, s, _) = number()
            let lo = random.int(-5...5)
            let hi = lo + random.int(-2...8)
            let negated = random.chance(0.3)
            let word = negated ? "not between" : "between"
            return ("\(p) \(word) \(lo) and \(hi)", "(\(s) \(negated ? "NOT BETWEEN" : "BETWEEN") \(lo) AND \(hi))")
        case 5:
            let negated = random.chance(0.3)
            if random.chance(0.5) {
                let c = random.pick(["a", "b"])
                let items = (0..<random.int(1...4)).map { _ in String(random.int(-3...6)) }
                return (
                    "\(c) \(negated ? "not in" : "in") (\(items.joined(separator: ", ")))",
                    "(\(c) \(negated ? "NOT IN" : "IN") (\(items.joined(separator: ", "))))"
                )
            }
            let c = random.pick(["g", "h"])
            let items = (0..<random.int(1...3)).map { _ in random.pick(RandomTable.groupValues) }
            return (
                "\(c) \(negated ? "not in" : "in") (\(items.map { "\"\($0)\"" }.joined(separator: ", ")))",
                "(\(c) \(negated ? "NOT IN" : "IN") (\(items.map { "'\($0)'" }.joined(separator: ", "))))"
            )
        case 6:
            let c = random.pick(["g", "h"])
            let v = random.pick(["p", "q", "Q", "pq", ""])
            let negated = random.chance(0.3)
            let (word, sql): (String, String)
            if random.chance(0.4) {
                // LIKE patterns: pipeq's like is case-sensitive (SQLite's GLOB, with % → * and _ → ?), ilike is
                // case-insensitive (SQLite's LIKE, for ASCII).
                let pattern = random.pick(["%", "_"]) + v + random.pick(["%", "", "_"])
                let glob = pattern.replacingOccurrences(of: "%", with: "*").replacingOccurrences(of: "_", with: "?")
                let like = random.chance(0.5)
                let test = like ? "(\(c) GLOB '\(glob)')" : "(\(c) LIKE '\(pattern)')"
                return (
                    "\(c) \(negated ? "not " : "")\(like ? "like" : "ilike") \"\(pattern)\"",
                    negated ? "(NOT \(test))" : test
                )
            }
            switch random.int(0...2) {
            case 0: (word, sql) = ("contains", "(instr(\(c), '\(v)') > 0)")
            case 1: (word, sql) = ("starts with", "(substr(\(c), 1, \(v.utf8.count)) = '\(v)')")
            default:
                (word, sql) = (
                    "ends with", "(substr(\(c), -\(v.utf8.count)) = '\(v)' OR '\(v)' = '' AND \(c) IS NOT NULL)"
                )
            }
            return ("\(c) \(negated ? "not " : "")\(word) \"\(v)\"", negated ? "(NOT \(sql))" : sql)
        case 7:
            let (p, s) = condition(depth + 1)
            return ("not (\(p))", "(NOT \(s))")
        default:
            let (lp, ls) = condition(depth + 1)
            let (rp, rs) = condition(depth + 1)
            let and = random.chance(0.5)
            return ("(\(lp)) \(and ? "and" : "or") (\(rp))", "(\(ls) \(and ? "AND" : "OR") \(rs))")
        }
    }

    /// One aggregate: (pipeq, SQL).
    mutating func aggregate() -> (String, String) {
        var filter: (String, String)?
        if random.chance(0.25) { filter = condition(2) }
        let pipeqFilter = filter.map { " where \($0.0)" } ?? ""
        func guarded(_ value: String) -> String { filter.map { "CASE WHEN \($0.1) THEN \(value) END" } ?? value }
        switch random.int(0...7) {
        case 0:
            return ("count" + pipeqFilter, filter.map { "COUNT(CASE WHEN \($0.1) THEN 1 END)" } ?? "COUNT(*)")
        case 1:
            let c = random.pick(["a", "x", "g"])
            return ("count \(c)" + pipeqFilter, "COUNT(\(guarded(c)))")
        case 2:
            let c = random.pick(["a", "b", "g"])
            return ("count distinct \(c)" + pipeqFilter, "COUNT(DISTINCT \(guarded(c)))")
        case 3:
            let (p, s, _) = number(1)
            return ("sum \(p)" + pipeqFilter, "SUM(\(guarded(s)))")
        case 4:
            let (p, s, _) = number(1)
            return ("avg \(p)" + pipeqFilter, "AVG(\(guarded(s)))")
        case 5, 6:
            let fn = random.pick(["min", "max"])
            if random.chance(0.3) {
                let c = random.pick(["g", "h"])
                return ("\(fn) \(c)" + pipeqFilter, "\(fn.uppercased())(\(guarded(c)))/*text*/")
            }
            let (p, s, _) = number(1)
            return ("\(fn) \(p)" + pipeqFilter, "\(fn.uppercased())(\(guarded(s)))")
        default:
            let c = random.pick(["b", "x"])
            return ("sum \(c)" + pipeqFilter, "SUM(\(guarded(c)))")
        }
    }

    mutating func query() -> GeneratedQuery {
        var pipeq = "t"
        var whereSQL = ""
        if random.chance(0.75) {
            let (p, s) = condition()
            pipeq += " where \(p)"
            whereSQL = " WHERE \(s)"
        }
        switch random.int(0...14) {
        case 10, 11:
            return windowQuery(pipeq, whereSQL)
        case 12:
            return topQuery(pipeq, whereSQL)
        case 13:
            return pivotQuery(pipeq, whereSQL)
        case 14:
            return multiKeyJoin(pipeq, whereSQL)
        case 7:
            // Semi and anti self-joins on a pair of nullable columns with ties (null keys match nothing).
            let (left, right) = random.pick([("a", "b"), ("b", "a"), ("g", "h"), ("h", "g"), ("a", "a")])
            let anti = random.chance(0.5)
            return GeneratedQuery(
                pipeq: pipeq + " | join \(anti ? "anti" : "semi") t on \(left) = \(right) | select id",
                sql: "SELECT id FROM t WHERE \(whereSQL.isEmpty ? "1" : "(" + whereSQL.dropFirst(7) + ")") AND "
                    + "\(anti ? "NOT " : "")EXISTS (SELECT 1 FROM t AS r WHERE r.\(right) = t.\(left)) ORDER BY rowid")
        case 8:
            // Inner and left self-joins: each left row once per match (right rows in their order), or once with nulls.
            let (left, right) = random.pick([("a", "b"), ("b", "a"), ("g", "h"), ("a", "a")])
            let inner = random.chance(0.5)
            return GeneratedQuery(
                pipeq: pipeq + " | join \(inner ? "inner" : "left") t on \(left) = \(right) | select id, t_id",
                sql:
                    "SELECT l.id, r.id FROM (SELECT rowid AS rid, * FROM t\(whereSQL)) AS l \(inner ? "" : "LEFT ")JOIN t AS r "
                    + "ON r.\(right) = l.\(left) ORDER BY l.rid, r.rowid")
        case 9:
            // Append by name: the other rows' columns the input lacks are null, its own extra ones dropped.
            let column = random.pick(["a", "g", "x"])
            return GeneratedQuery(
                pipeq: pipeq + " | select id, \(column) | append t | count, count \(column) by \(column)",
                sql:
                    "SELECT \(column), COUNT(*), COUNT(\(column)) FROM (SELECT id, \(column) FROM t\(whereSQL) UNION ALL "
                    + "SELECT id, \(column) FROM t) GROUP BY \(column) ORDER BY \(column) IS NULL, \(column)")
        case 0:
            return GeneratedQuery(pipeq: pipeq + " | count", sql: "SELECT COUNT(*) FROM t\(whereSQL)")
        case 6:
            let keys = Array(["g", "h", "a"].shuffled(using: &random).prefix(random.int(1...2)))
            return GeneratedQuery(
                pipeq: pipeq + " | distinct " + keys.joined(separator: ", "),
                sql: "SELECT DISTINCT \(keys.joined(separator: ", ")) FROM t\(whereSQL) ORDER BY "
                    + keys.map { "\($0) IS NULL, \($0)" }.joined(separator: ", "))
        case 1:
            let (p, s, _) = number()
            return GeneratedQuery(
                pipeq: pipeq + " | extend v = \(p) | select id, v",
                sql: "SELECT id, \(s) FROM t\(whereSQL) ORDER BY rowid")
        case 2:
            let keys = [random.pick(["a", "b", "x", "g", "h"]), "id"]
            let descending = random.chance(0.5)
            let n = random.int(0...12)
            let order = "\(keys[0]) IS NULL, \(keys[0])\(descending ? " DESC" : ""), id"
            return GeneratedQuery(
                pipeq: pipeq
                    + " | sort \(keys[0])\(descending ? " desc" : ""), id | limit \(n) | select id, \(keys[0])",
                sql: "SELECT id, \(keys[0]) FROM t\(whereSQL) ORDER BY \(order) LIMIT \(n)")
        default:
            let aggregates = (0..<random.int(1...3)).map { _ in aggregate() }
            // Names, so repeated aggregates don't matter.
            let named = aggregates.enumerated().map { "c\($0.offset) = \($0.element.0)" }
            var keys: [String] = []
            if random.chance(0.7) {
                keys = Array(["g", "h", "a"].shuffled(using: &random).prefix(random.int(1...2)))
            }
            let by = keys.isEmpty ? "" : " by " + keys.joined(separator: ", ")
            let select = (keys + aggregates.map(\.1)).joined(separator: ", ")
            // Sometimes a filter on the aggregated rows (SQL: HAVING).
            var having = ("", "")
            if !keys.isEmpty, !aggregates[0].1.hasSuffix("/*text*/"), random.chance(0.3) {
                let n = random.int(0...4)
                having = (" | where c0 >= \(n)", " HAVING \(aggregates[0].1) >= \(n)")
            }
            let group =
                keys.isEmpty
                ? ""
                : " GROUP BY " + keys.joined(separator: ", ") + having.1
                    + " ORDER BY " + keys.map { "\($0) IS NULL, \($0)" }.joined(separator: ", ")
            return GeneratedQuery(
                pipeq: pipeq + " | " + named.joined(separator: ", ") + by + having.0,
                sql: "SELECT \(select) FROM t\(whereSQL)\(group)")
        }
    }
}

/// One sqlite3 process for many queries: imports the CSV, nulls the empty cells, then runs each SELECT
/// after a marker row.
enum SQLiteBatch {
    static let marker = "@@pipeq-diff@@"

    static func run(_ sqlite: String, csvPath: String, setup: String, queries: [String]) throws -> [[[String]]] {
        var script = """
            .bail on
            .mode list
            .separator "\\t" "\\n"
            .nullvalue NULL
            \(setup)
            .import --csv --skip 1 \(csvPath) t
            UPDATE t SET a = NULLIF(a, ''), b = NULLIF(b, ''), x = NULLIF(x, ''), g = NULLIF(g, ''), h = NULLIF(h, '');

            """
        for query in queries {
            script += "SELECT '\(marker)';\n\(query);\n"
        }
        let (status, out, err) = try runProcess(sqlite, [":memory:"], stdin: script, timeout: 120)
        guard status == 0, err.isEmpty else { throw OracleError("sqlite3 failed (exit \(status)): \(err)") }
        var results: [[[String]]] = []
        for line in out.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == marker {
                results.append([])
            } else if !results.isEmpty, !line.isEmpty {
                results[results.count - 1].append(
                    line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init))
            }
        }
        guard results.count == queries.count else {
            throw OracleError("sqlite3 answered \(results.count) of \(queries.count) queries")
        }
        return results
    }
}
