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
        #expect(candidates("deals | count by stage | ch") == ["changes", "chart"])
        #expect(candidates("deals | count by stage | spa") == ["sparkline", "spark"])
        #expect(candidates("deals | ") == StageTable.stageWords)
        #expect(candidates("deals | count by rep | bar ").contains("count"))
        #expect(candidates("deals | count by rep | bar count ").isEmpty)
        #expect(candidates("deals | n = count, spa") == ["sparkline"])
        #expect(candidates("deals | winrate, a") == ["avg"])
        #expect(candidates("deals | winrate ").contains("by"))
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
        #expect(Set(result.candidates) == ["\"Negotiation\"", "\"Needs Analysis\"", "\"Prospecting\"", "\"Closed Won\""])
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
        #expect(candidates(".load \(folder)/").sorted() == ["\(folder)/data/", "\(folder)/deals.csv", "\(folder)/notes.txt"])
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
}
