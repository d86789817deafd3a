import Foundation
import PipeQEngine
import PipeQLanguage
import PipeQShell
import PipeQStorage
import PipeQTestSupport
import Testing

@Suite struct CompletionEngineTests {
    let completion = CompletionEngine(engine: TestTables.engine())

    func candidates(_ text: String) -> [String] { completion.complete(text).candidates }

    @Test func startOfLineOffersTablesLetsAndMetaCommands() {
        let all = candidates("")
        #expect(all.contains("deals") && all.contains("reps") && all.contains(".load") && all.contains(".help"))
        #expect(candidates("de") == ["deals"])
        #expect(candidates("re") == ["reps"])
    }

    @Test func afterPipeOffersVerbs() {
        let all = candidates("deals | ")
        for verb in ["where", "select", "sort", "top", "limit", "count", "sum", "avg"] { #expect(all.contains(verb)) }
        #expect(!all.contains("stage"))
        #expect(candidates("deals | so") == ["sort"])
        #expect(candidates("deals | where status = \"open\" | su") == ["sum"])
    }

    /// growth's measures are the input's columns, then "by" a period.
    @Test func growthOffersMeasuresThenBy() {
        #expect(candidates("deals | count by stage | growth ").contains("count"))
        #expect(candidates("deals | count by stage | growth count ") == ["by"])
        #expect(candidates("deals | count by stage | growth count by ").contains("month"))
    }

    /// `.explain QUERY` completes its query as the prompt would.
    @Test func explainCompletesItsQuery() {
        #expect(candidates(".expl") == [".explain"])
        #expect(candidates(".explain de") == ["deals"])
        #expect(candidates(".explain deals | so") == ["sort"])
        #expect(Set(candidates(".explain deals where st")) == ["stage", "status"])
        #expect(candidates(".explain deals where stage = \"Prosp") == ["Prospecting"])
    }

    /// Completion reads the stage table: the drawing stages (missing before) and the sparkline aggregate are offered.
    @Test func afterPipeOffersDrawingStagesAndEveryStageWord() {
        #expect(candidates("deals | count by stage | b") == ["balance", "bar"])
        #expect(candidates("deals | count by stage | ch") == ["churn", "changes", "chart"])
        // the unit-economics verbs take source and a period (ltv: source only), each once
        #expect(Set(candidates("deals | cac by ")) == ["source", "month", "quarter", "year"])
        #expect(Set(candidates("deals | churn by source, ")) == ["month", "quarter", "year"])
        #expect(candidates("deals | ltv by ") == ["source"])
        #expect(candidates("deals | count by stage | spa") == ["sparkline", "spark"])
        #expect(candidates("deals | ") == StageTable.completionWords)
        #expect(candidates("deals | count by rep | bar ").contains("count"))
        #expect(candidates("deals | count by rep | bar count ").isEmpty)
        #expect(candidates("deals | n = count, spa") == ["sparkline"])
        #expect(candidates("deals | winrate, a") == ["avg"])
        #expect(candidates("deals | winrate ") == ["by"])
        #expect(candidates("deals | filter va") == ["value"])
    }

    @Test func afterSourceOffersWhereAndPipe() {
        #expect(candidates("deals ").contains("where"))
        #expect(candidates("deals ").contains("|"))
    }

    @Test func afterWhereOffersColumnsAndFunctions() {
        let all = candidates("deals | where ")
        for column in ["id", "name", "rep", "stage", "status", "value"] { #expect(all.contains(column)) }
        #expect(all.contains("lower("))
        #expect(Set(candidates("deals where st")) == ["stage", "status"])
        #expect(candidates("deals where value > 10 and sta").contains("status"))
    }

    @Test func afterEqualsOffersQuotedValues() {
        let result = completion.complete("deals where stage = ")
        #expect(
            Set(result.candidates) == ["\"Negotiation\"", "\"Needs Analysis\"", "\"Prospecting\"", "\"Closed Won\""])
        #expect(candidates("deals where stage != Ne").sorted() == ["\"Needs Analysis\"", "\"Negotiation\""])
        #expect(candidates("deals where name = \"Glo") == ["Globex \\\"big\\\" deal"])
    }

    @Test func insideAnOpenStringCompletesTheValueAndClosesTheQuote() {
        let result = completion.complete("deals where stage = \"Ne")
        #expect(result.word == "Ne")
        #expect(result.candidates.sorted() == ["Needs Analysis", "Negotiation"])
        #expect(result.appendCharacter == "\"")
        #expect(candidates("deals | where stage = 'Clo") == ["Closed Won"])
        #expect(completion.complete("deals | where stage = 'Clo").appendCharacter == "'")
    }

    @Test func insideAnInListOffersTheRemainingValues() {
        #expect(Set(candidates("deals where rep in (")) == ["\"Ann Lee\"", "\"Bo Chen\"", "\"Cy Diaz\""])
        #expect(Set(candidates("deals where rep in (\"Ann Lee\", ")) == ["\"Bo Chen\"", "\"Cy Diaz\""])
        #expect(candidates("deals where rep not in (\"Ann Lee\", \"B") == ["Bo Chen"])
    }

    @Test func afterByOffersColumns() {
        // Functions are keys too (`by month(created)`): `replace(` is one.
        #expect(candidates("deals | sum value by re") == ["rep", "replace("])
        let all = candidates("deals | count by ")
        #expect(all.contains("stage") && all.contains("rep"))
        #expect(candidates("deals | count ").contains("by"))
    }

    @Test func selectSortAndExtendOfferColumns() {
        #expect(candidates("deals | select id, na") == ["name"])
        #expect(candidates("deals | sort va") == ["value"])
        #expect(Set(candidates("deals | sort value ")) == ["asc", "desc"])
        #expect(candidates("deals | extend double = va") == ["value"])
        #expect(candidates("deals | top 3 by va") == ["value"])
    }

    @Test func columnsFollowThePipelineStage() {
        let all = candidates("deals | count by rep | sort ")
        #expect(all.contains("rep") && all.contains("count"))
        #expect(!all.contains("stage"))
        #expect(candidates("deals | count by rep | where rep = \"Bo") == ["Bo Chen"])
    }

    @Test func letNamesCompleteAndReadTheirSourceValues() throws {
        let engine = TestTables.engine()
        _ = try engine.run("let big = deals where value > 90")
        let completion = CompletionEngine(engine: engine)
        #expect(completion.complete("bi").candidates == ["big"])
        #expect(completion.complete("big | where stage = \"Pro").candidates == ["Prospecting"])
        #expect(completion.complete("let x = de").candidates == ["deals"])
    }

    @Test func metaCommandsAndTheirArguments() {
        #expect(candidates(".lo") == [".load"])
        #expect(candidates(".ta") == [".tables"])
        #expect(candidates(".help ta") == ["tables"])
        #expect(candidates(".help ba") == ["balance", "bar"])
        #expect(candidates(".help sp") == ["sparkline", "spark"])
        #expect(candidates(".help as") == ["asof"])
        #expect(candidates(".schema re") == ["reps"])
        #expect(candidates(".mode c") == ["csv"])
        #expect(candidates(".timer o").sorted() == ["off", "on"])
    }

    @Test func filePathsAfterLoadReadAndOutput() throws {
        let folder = try ShellFixtures.folder(["deals.csv", "data/", "notes.txt", ".hidden"])
        #expect(
            candidates(".load \(folder)/").sorted() == [
                "\(folder)/data/", "\(folder)/deals.csv", "\(folder)/notes.txt",
            ])
        let one = completion.complete(".load \(folder)/da")
        #expect(one.candidates == ["\(folder)/data/"])
        #expect(one.appendCharacter == nil)
        #expect(candidates(".read \(folder)/n") == ["\(folder)/notes.txt"])
        #expect(candidates(".output \(folder)/.h") == ["\(folder)/.hidden"])
        #expect(candidates(".load \(folder)/deals.csv ") == ["as"])
    }

    @Test func wordBreaksAgreeWithTheWord() {
        #expect(CompletionWord.mode(of: "deals where stage = \"Ne") == .string(quote: "\""))
        #expect(CompletionWord.mode(of: "deals where stage = \"Ne\" and ") == .query)
        #expect(CompletionWord.mode(of: ".load /tmp/x") == .meta)
        #expect(completion.complete("deals | where value>va").word == "va")
        #expect(completion.complete(".load /tmp/some fi").word == "fi")
    }

    @Test func multiLineEntriesCompleteFromEarlierLines() {
        #expect(candidates("deals |\n  count by re") == ["rep", "replace("])
        #expect(candidates("deals\n| where stage = \"Clo") == ["Closed Won"])
    }

    // MARK: - Issue 19: context completion everywhere

    /// The fixture dataset: roles assigned on load (owner is the rep column), a history table, reps.
    let fixtureCompletion = CompletionEngine(engine: try! FixtureEngine.engine())

    func fixture(_ text: String) -> [String] { fixtureCompletion.complete(text).candidates }

    /// append takes a table or let name; pivot a column of its input, then "values COLUMN" or "totals".
    @Test func appendAndPivotOperands() {
        #expect(fixture("deals | append ").contains("reps"))
        #expect(fixture("deals | count by owner, stage | pivot st") == ["stage"])
        #expect(fixture("deals | count by owner, stage | pivot stage ") == ["values", "totals"])
        #expect(fixture("deals | count by owner, stage | pivot stage values co") == ["count"])
    }

    /// Every stage word after "|" comes from the stage table, percentiles by examples (`| p` offered nothing).
    @Test func percentilesAreOfferedByExample() {
        #expect(candidates("deals | p") == ["p25", "p75", "p90", "p95", "p99", "payback", "pivot"])
        #expect(candidates("deals | n = count, p9") == ["p90", "p95", "p99"])
        #expect(!candidates("deals | ").contains("pN"))
        for word in StageTable.stageWords { #expect(candidates("deals | ").contains(word), "\(word)") }
    }

    /// `compare "` and `compare rep = "` offer the values of the rep column (the owner column here, by its role).
    @Test func compareOffersReps() {
        #expect(fixture("deals | compare \"") == ["Ana Ruiz", "Li Wei", "Sam Ode"])
        #expect(fixture("deals | compare \"L") == ["Li Wei"])
        #expect(fixtureCompletion.complete("deals | compare \"L").appendCharacter == "\"")
        #expect(fixture("deals | compare S") == ["\"Sam Ode\""])
        #expect(fixture("deals | compare rep = \"A") == ["Ana Ruiz"])
        #expect(fixture("deals | compare owner = \"A") == ["Ana Ruiz"])
        #expect(fixture("deals where amount > 0 | compare \"S") == ["Sam Ode"])
        #expect(fixture("deals | compare \"Ana Ruiz\" ").isEmpty)  // compare takes no "by"
    }

    /// `scorecard [trend] [by TEAM] [for REP]`: its words first (`scorecard f` offered only rep names), then the reps
    /// after `for`, and `for` after the keys.
    @Test func scorecardOffersItsWordsThenReps() {
        #expect(fixture("deals | scorecard f") == ["for"])
        #expect(fixture("deals | scorecard t") == ["trend"])
        #expect(fixture("deals | scorecard \"L") == ["Li Wei"])
        #expect(fixture("deals | scorecard for \"L") == ["Li Wei"])
        #expect(fixture("deals | scorecard for S") == ["\"Sam Ode\""])
        #expect(fixture("deals | scorecard trend ") == ["by", "for"])
        #expect(fixture("deals | scorecard by stage ").contains("for"))
        #expect(fixture("deals | scorecard by stage for \"A") == ["Ana Ruiz"])
        #expect(fixture("deals | scorecard for \"Ana Ruiz\" ").isEmpty)
        #expect(fixture("deals | compare f").isEmpty)  // compare takes the rep alone
    }

    /// `join` offers tables and let names (both joinable) and the join kinds, then "on", then the columns both
    /// sides have; after a kind, the names again; `append` the same names.
    @Test func joinOffersTablesThenOnThenSharedColumns() throws {
        let engine = try FixtureEngine.engine()
        _ = try engine.run("let big = deals where amount > 20000")
        _ = try engine.run("let won_accounts = deals where status = \"won\" | distinct account")
        let completion = CompletionEngine(engine: engine)
        #expect(
            completion.complete("deals | join ").candidates == [
                "deals", "history", "reps", "big", "won_accounts", "inner", "left", "semi", "anti",
            ])
        #expect(completion.complete("deals | join r").candidates == ["reps"])
        #expect(completion.complete("deals | join b").candidates == ["big"])
        #expect(
            completion.complete("deals | join anti ").candidates == ["deals", "history", "reps", "big", "won_accounts"])
        #expect(completion.complete("deals | join semi w").candidates == ["won_accounts"])
        #expect(completion.complete("deals | join anti won_accounts ").candidates == ["on"])
        #expect(completion.complete("deals | join anti won_accounts on ").candidates == ["account"])
        #expect(completion.complete("deals | append b").candidates == ["big"])
        #expect(completion.complete("deals | append ").candidates.contains("won_accounts"))
        #expect(completion.complete("big | join reps ").candidates == ["on"])
        #expect(completion.complete("big | join reps on ").candidates == ["rep"])
        #expect(completion.complete("deals | join history on ").candidates == ["stage"])
        #expect(completion.complete("deals | join reps on rep ").candidates.isEmpty)
    }

    /// Option words come from the verb's stage-table entry (the list its binder accepts), then "by".
    @Test func verbsOfferTheirOptionsAndBy() {
        #expect(candidates("deals | funnel str") == ["strict"])
        #expect(candidates("deals | funnel ") == ["strict", "by"])
        #expect(candidates("deals | funnel strict ") == ["by"])
        #expect(candidates("deals | balance ") == ["summary", "by"])
        #expect(candidates("deals | stalled ").isEmpty)
        #expect(candidates("deals | metrics ").isEmpty)
        #expect(candidates("deals | cycle ") == ["by"])
        #expect(candidates("deals | funnel by re") == ["rep", "replace("])
        #expect(candidates("deals | forecast by ") == VerbRegistry.periodWords + ["category"])
        #expect(candidates("deals | balance summary by q") == ["quarter"])
        #expect(candidates("deals | forecast by month ").isEmpty)
        #expect(candidates("deals | changes ") == ["summary", "from"])
        #expect(candidates("deals | changes summary from 2026-09-30 ") == ["to"])
        #expect(candidates("deals | changes from 2026-09-30 to 2026-10-31 ") == ["summary"])
        // slipped takes no option and no "by"
        #expect(candidates("deals | slip") == ["slipped"])
        #expect(candidates("deals | slipped ").isEmpty)
    }

    /// attainment and coverage take "by" keys then "for PERIOD"; forecast takes "category", more keys, then "for".
    @Test func periodVerbsOfferFor() {
        #expect(candidates("deals | attainment ") == ["by", "for"])
        #expect(candidates("deals | coverage ") == ["by", "for"])
        #expect(candidates("deals | attainment by re").contains("rep"))
        #expect(candidates("deals | attainment by rep ").contains("for"))
        #expect(candidates("deals | attainment by rep, ").contains("stage"))
        #expect(!candidates("deals | attainment by rep, ").contains("for"))
        #expect(candidates("deals | coverage for ").isEmpty)
        #expect(candidates("deals | attainment by rep for ").isEmpty)
        #expect(candidates("deals | forecast by cat") == ["category"])
        #expect(candidates("deals | forecast by category ") == ["for"])
        #expect(candidates("deals | forecast by category, ").contains("rep"))
        #expect(candidates("deals | forecast by category for ").isEmpty)
        #expect(candidates("deals | winrate ") == ["by"])
    }

    /// Dates after `asof` and `changes from`/`to`: today, the data's last change (2026-10-25: deal 9 entered
    /// Needs Analysis, the newest created, stage_entered, entered_at or exited_at), then the six month ends before it.
    @Test func datesAfterAsOfAndChanges() {
        let dates = [
            "today", "2026-10-25", "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30", "2026-05-31", "2026-04-30",
        ]
        #expect(fixture("deals asof ") == dates)
        #expect(fixture("deals | changes from ") == dates)
        #expect(fixture("deals | changes from 2026-06-30 to ") == dates)
        #expect(
            fixture("let then = deals asof 2026-0") == [
                "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30", "2026-05-31", "2026-04-30",
            ])
        #expect(fixtureCompletion.complete("deals asof 2026-1").word == "2026-1")
        #expect(fixture("deals asof 2026-10") == ["2026-10-25"])
        #expect(fixture("history asof t") == ["today"])
        // Without dates in the data: today and the month ends before the as-of date (20,000 = 2024-10-04).
        #expect(candidates("deals asof ").prefix(3) == ["today", "2024-09-30", "2024-08-31"])
    }

    /// A date being typed is one word: "-" does not break it (readline is told the same).
    @Test func aDateBeingTypedIsOneWord() {
        #expect(CompletionWord.mode(of: "deals asof 2026-0") == .date)
        #expect(CompletionWord.mode(of: "deals asof 2026") == .query)
        #expect(CompletionWord.mode(of: "deals | extend x = value-2026-0") == .query)
        #expect(!CompletionWord.breakCharacters(for: .date).contains("-"))
    }

    /// Expressions offer every function with its "(" and the date words.
    @Test func expressionsOfferFunctionsAndDateWords() {
        #expect(candidates("deals where mon") == ["month(", "month_name("])
        #expect(candidates("deals where quart") == ["quarter("])
        #expect(candidates("deals | extend d = to") == ["total(", "today"])
        #expect(candidates("deals | count by da") == ["day(", "days(", "date(", "dayofweek("])
        let all = candidates("deals where value > ")
        for function in ScalarFunction.names { #expect(all.contains(function + "("), "\(function)") }
        #expect(all.contains("now"))
        #expect(completion.complete("deals where quart").appendCharacter == nil)
    }
}
