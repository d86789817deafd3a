import PipeQCore
import PipeQLanguage
import Testing

/// Tokens → AST: operator precedence and associativity, the forms of a comparison, statements and core stages,
/// the spans the binder's errors point at, and the parser's own errors.
@Suite struct ParserTests {
    static func query(_ text: String) throws -> Query {
        guard case .query(let query) = try Parser.parse(text) else { throw Diagnostic(.parse, "not a query") }
        return query
    }

    /// The predicate of `t where TEXT`, as an S-expression.
    static func predicate(_ text: String) throws -> String {
        let query = try query("t where " + text)
        guard case .filter(let predicate) = query.stages.first?.kind else { return "no filter" }
        return predicate.notation
    }

    /// The error parsing `text` gives, or nil.
    static func failure(_ text: String) -> Diagnostic? {
        do throws(Diagnostic) {
            _ = try Parser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("1 + 2 * 3 - 4 / 2", "(- (+ 1 (* 2 3)) (/ 4 2))"),  // * and / bind tighter; chains are left-deep
        ("a - b - c", "(- (- a b) c)"),
        ("(a - b) * c", "(* (- a b) c)"),
        ("-5 + -x", "(+ -5 (neg x))"),  // a negative number is folded into the literal
        ("- -2.5", "2.5"),
        ("a or b and not c = 1", "(or a (and b (not (= c 1))))"),
        ("not not a", "(not (not a))"),
        ("a + 1 > b * 2", "(> (+ a 1) (* b 2))"),
        ("x ~= 'Won' and y != 3", "(and (~= x \"Won\") (!= y 3))"),
    ])
    func precedenceAndAssociativity(_ text: String, _ tree: String) throws {
        #expect(try Self.predicate(text) == tree)
    }

    @Test(arguments: [
        ("stage in ('Won', 'Lost')", "(in stage \"Won\" \"Lost\")"),
        ("stage not in ('Won')", "(not-in stage \"Won\")"),
        ("value between 1k and 2k + 1", "(between value 1000 (+ 2000 1))"),
        ("value not between 1 and 2", "(not-between value 1 2)"),
        ("close is null", "(is-null close)"),
        ("close is not null", "(is-not-null close)"),
        ("name contains \"Acme\"", "(contains name \"Acme\")"),
        ("name not starts with 'A'", "(not-starts with name \"A\")"),
        ("name ends with 'Inc'", "(ends with name \"Inc\")"),
        ("name like '%tech%'", "(like name \"%tech%\")"),
        ("name not ilike 'a_c'", "(not-ilike name \"a_c\")"),
        ("name matches '^A' and name icontains 'x'", "(and (matches name \"^A\") (icontains name \"x\"))"),
        (
            "case when a > 1 then 'big' when a is null then 'none' else 'small' end = 'big'",
            "(= (case (when (> a 1) \"big\") (when (is-null a) \"none\") (else \"small\")) \"big\")"
        ),
        ("case when a then 1 end + 1 > 0", "(> (+ (case (when a 1)) 1) 0)"),
        ("if(a > 1, 'x', 'y') = 'x'", "(= (if() (> a 1) \"x\" \"y\") \"x\")"),
        ("created >= 2026-03-01", "(>= created date:20513)"),  // (date(2026, 3, 1) - date(1970, 1, 1)).days
        ("age > 30d", "(> age us:2592000000000)"),
        ("close < today + 3mo", "(< close (+ today mo:3))"),
        ("month(created) = month(now)", "(= (month() created) (month() now))"),
        ("round(value / 3, 2) > 0", "(> (round() (/ value 3) 2) 0)"),
        ("`where` = true and flag = false or x = null", "(or (and (= where true) (= flag false)) (= x null))"),
    ])
    func comparisonsAndPrimaries(_ text: String, _ tree: String) throws {
        #expect(try Self.predicate(text) == tree)
    }

    @Test func aQueryHasASourceAnAsOfDateAWhereAndStages() throws {
        let query = try Self.query("deals asof 2026-03-01 where value > 10k | sort value desc, id | limit 5")
        #expect(query.source == "deals")
        #expect(query.sourceSpan == SourceSpan(0, 5))
        #expect(query.asOf?.notation == "date:20513")
        #expect(query.stages.count == 3)
        #expect(
            query.stages[0].kind
                == .filter(
                    Expr(
                        .binary(
                            .greater, Expr(.column("value"), SourceSpan(28, 33)),
                            Expr(.literal(.integer(10_000)), SourceSpan(36, 39))),
                        SourceSpan(28, 39))))
        guard case .sort(let keys) = query.stages[1].kind else {
            Issue.record("not a sort")
            return
        }
        #expect(keys.map(\.expr.notation) == ["value", "id"])
        #expect(keys.map(\.descending) == [true, false])  // sort defaults to ascending
        #expect(query.stages[2].kind == .limit(5, countSpan: SourceSpan(70, 71)))
        #expect(query.span == SourceSpan(0, 71))
    }

    @Test func stageSpansCoverTheStageAndKeywordSpansTheWord() throws {
        let text = "deals | select id, big = value * 2 | top 3 by value"
        let query = try Self.query(text)
        func slice(_ span: SourceSpan) -> String {
            String(decoding: Array(text.utf8)[span.start..<span.end], as: UTF8.self)
        }
        #expect(query.stages.map { slice($0.span) } == ["select id, big = value * 2", "top 3 by value"])
        #expect(query.stages.map { slice($0.keywordSpan) } == ["select", "top"])
        guard case .select(let items) = query.stages[0].kind else {
            Issue.record("not a select")
            return
        }
        #expect(items.map(\.name) == [nil, "big"])
        #expect(items.map(\.expr.notation) == ["id", "(* value 2)"])
        #expect(items[1].nameSpan.map(slice) == "big")
        guard case .top(let count, _, let keys, _) = query.stages[1].kind else {
            Issue.record("not a top")
            return
        }
        #expect(count == 3 && keys.map(\.descending) == [true])  // top defaults to descending
    }

    /// `per` belongs to the extend item before it; its keys end where `, name =` starts the next item. Ordering
    /// window functions take `asc`/`desc` after an argument; `top … per` takes group keys.
    @Test func windowsPerItemAndOrderedArguments() throws {
        let query = try Self.query(
            "deals | extend a = cumsum(value) per rep, team, b = rank(value desc, id) | top 3 by value per rep")
        guard case .extend(let items, let per) = query.stages[0].kind else {
            Issue.record("not an extend")
            return
        }
        #expect(items.map(\.name) == ["a", "b"])
        #expect(per.map { $0.map(\.notation) } == [["rep", "team"], []])
        #expect(items[1].expr.notation == "(rank() (desc value) id)")
        guard case .top(3, _, let keys, let groups) = query.stages[1].kind else {
            Issue.record("not a top")
            return
        }
        #expect(keys.map(\.expr.notation) == ["value"] && groups.map(\.expr.notation) == ["rep"])
    }

    @Test func aggregatesWithNamesFiltersAndGroups() throws {
        let text = "deals | n = count, won = sum value where status = 'won', count distinct rep by stage"
        let query = try Self.query(text)
        guard case .aggregate(let calls, let keys) = query.stages[0].kind else {
            Issue.record("not an aggregate")
            return
        }
        #expect(calls.map(\.outputName) == ["n", "won", nil])
        #expect(calls.map(\.function) == [.count, .sum, .count])
        #expect(calls.map { $0.argument?.notation } == [nil, "value", "rep"])
        #expect(calls.map { $0.filter?.notation } == [nil, "(= status \"won\")", nil])
        #expect(calls.map(\.distinct) == [false, false, true])
        #expect(keys.map(\.expr.notation) == ["stage"])
    }

    @Test func letBindsANameToAQuery() throws {
        let statement = try Parser.parse("let big = deals where value > 1m;")
        guard case .letBinding(let name, let nameSpan, let query) = statement else {
            Issue.record("not a let")
            return
        }
        #expect(name == "big" && nameSpan == SourceSpan(4, 7))
        #expect(query.source == "deals" && query.stages.count == 1)
        // `let` followed by something other than a name is a table called let.
        #expect(try Self.query("let | count").source == "let")
    }

    @Test(arguments: [
        ("deals |", "expected a stage after \"|\"", SourceSpan(6, 7)),
        ("deals | | count", "expected a stage after \"|\"", SourceSpan(8, 9)),
        ("| count", "expected a table name to start the query (e.g. \"deals\"), found \"|\"", SourceSpan(0, 1)),
        ("deals where", "expected a value or column name, found the end of the query", SourceSpan(11, 11)),
        ("deals where (a = 1", "expected \")\", found end of query", SourceSpan(18, 18)),
        ("deals; reps", "expected \"|\" or the end of the query, found \"reps\"", SourceSpan(7, 11)),
        ("deals where a in ()", "an \"in\" list needs at least one value", SourceSpan(18, 19)),
        ("deals where a between 1 or 2", "expected \"and\" in \"between … and …\", found \"or\"", SourceSpan(24, 26)),
        ("deals where a is 5", "expected \"null\" after \"is\", found number 5", SourceSpan(17, 18)),
        ("deals where a starts 'x'", "expected \"with\" after \"starts\", found string \"x\"", SourceSpan(21, 24)),
        ("deals | extend value * 2", "extend needs a name for each new column", SourceSpan(15, 24)),
        ("deals | limit -1", "\"limit\" needs a count from 0 to 2147483647, got -1", SourceSpan(14, 16)),
        ("deals | top 3 value", "expected \"by\" after \"top 3\", found \"value\"", SourceSpan(14, 19)),
        ("deals | sum", "sum needs a column or expression", SourceSpan(8, 11)),
    ])
    func errorsPointAtTheirText(_ text: String, _ message: String, _ span: SourceSpan) {
        let error = Self.failure(text)
        #expect(error?.message == message, "\(text)")
        #expect(error?.span == span, "\(text)")
    }

    @Test func aKeywordWhereANameGoesSaysHowToQuoteIt() {
        let error = Self.failure("where | count")
        #expect(
            error?.hint
                == "\"where\" is a keyword; to use it as a table or column name, write it in backticks: `where`")
        #expect(Self.failure("`where` | select `by`") == nil)
    }

    /// Nesting is counted (parentheses, `not`, unary minus and each operator of a chain) and refused past 200
    /// levels, so hostile input cannot overflow the stack.
    @Test func deepNestingIsRefusedAndModerateNestingParses() throws {
        let deep = "t where " + String(repeating: "(", count: 5_000) + "a" + String(repeating: ")", count: 5_000)
        #expect(Self.failure(deep)?.message == "query too deeply nested (more than 200 levels)")
        let chain = "t | extend x = " + Array(repeating: "1", count: 5_000).joined(separator: " + ")
        #expect(Self.failure(chain)?.message == "query too deeply nested (more than 200 levels)")
        let moderate = "t where " + String(repeating: "(", count: 50) + "a" + String(repeating: ")", count: 50)
        #expect(try Self.predicate(String(moderate.dropFirst(8))) == "a")
    }
}
