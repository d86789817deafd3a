import Foundation
import PipeQCore
import PipeQLanguage
import PipeQStorage
import PipeQTestSupport
import Testing

@testable import PipeQEngine

/// The stage table is the one list of stage words (issue 14): every spelling means one entry, every kind has the
/// words it should, and the parser, the engine's verb binders and the drawing binder cover exactly its words.
@Suite struct StageTableTests {
    @Test func everySpellingIsUniqueAndEveryEntryIsDocumented() {
        var seen: [String: String] = [:]
        for entry in StageTable.all {
            for spelling in entry.spellings {
                #expect(
                    seen[spelling.lowercased()] == nil,
                    "\"\(spelling)\" spells both \(seen[spelling.lowercased()] ?? "") and \(entry.word)")
                seen[spelling.lowercased()] = entry.word
            }
            #expect(entry.usage.hasPrefix(entry.word), "usage of \(entry.word): \(entry.usage)")
            #expect(entry.help.count > 40, "help of \(entry.word)")
            #expect(!entry.help.contains("  "), "help of \(entry.word) has a double space")
        }
    }

    @Test func aliasesResolveToTheirWord() {
        let aliases = [
            "filter": "where", "project": "select", "order": "sort", "take": "limit", "head": "limit", "mean": "avg",
            "average": "avg", "stdev": "stddev", "win_rate": "winrate", "WHERE": "where", "Bar": "bar",
        ]
        for (alias, word) in aliases { #expect(StageTable.entry(for: alias)?.word == word, "\(alias)") }
        #expect(StageTable.entry(for: "p90")?.word == "pN")
        #expect(StageTable.entry(for: "p99.5")?.word == "pN")
        #expect(StageTable.entry(for: "p101") == nil)
        #expect(StageTable.entry(for: "frobnicate") == nil)
    }

    @Test func kindsHoldTheirWords() {
        #expect(StageTable.words(.core) == ["where", "select", "extend", "sort", "top", "limit", "distinct"])
        #expect(
            StageTable.words(.aggregate) == [
                "count", "sum", "avg", "min", "max", "median", "stddev", "pN", "sparkline",
            ])
        #expect(StageTable.words(.presentation) == ["bar", "chart", "spark"])
        // with growth (issue 15); join, append and pivot are lowered verbs; attainment, coverage, slipped,
        // cac, payback, ltv, churn, conversion, scorecard (issue 17)
        #expect(StageTable.words(.verb).count == 26)
        #expect(
            StageTable.aggregateWords == [
                "count", "sum", "avg", "min", "max", "median", "stddev", "sparkline", "winrate",
            ])
        // Families are documented but never offered.
        #expect(!StageTable.stageWords.contains("pN"))
        #expect(StageTable.stageWords.suffix(3) == ["bar", "chart", "spark"])
    }

    /// `winrate` alone is the verb; followed by a comma it starts a list of aggregates.
    @Test func winrateIsAVerbAndAnAggregateInAList() throws {
        let entry = try #require(StageTable.entry(for: "winrate"))
        #expect(entry.kind == .verb && entry.isAlsoAggregate)
        #expect(StageTable.reading(of: entry, followedByComma: false) == .verb)
        #expect(StageTable.reading(of: entry, followedByComma: true) == .aggregate)
        #expect(try stageKind("deals | winrate by rep") == "verb")
        #expect(try stageKind("deals | winrate, avg cycle by rep") == "aggregate")
        #expect(try stageKind("deals | rate = winrate by rep") == "aggregate")
        #expect(try stageKind("deals | win_rate by rep") == "verb")
        // Other kinds never change with a comma.
        let spark = try #require(StageTable.entry(for: "spark"))
        #expect(StageTable.reading(of: spark, followedByComma: true) == .presentation)
    }

    @Test func everyAggregateWordNamesAFunctionOfThatName() throws {
        for word in StageTable.aggregateWords {
            let function = try #require(AggregateFunction.named(word), "\(word)")
            #expect(function.name == word)
        }
        #expect(AggregateFunction.named("p90") == .percentile(90))
        #expect(AggregateFunction.named("mean") == .avg)
        #expect(AggregateFunction.named("spark") == nil)  // the drawing stage
        #expect(AggregateFunction.named("cycle") == nil)  // a verb that is not an aggregate
    }

    /// The parser reads each core word (an unread one would stop it with a precondition failure).
    @Test func everyCoreWordParses() throws {
        let examples = [
            "where": "where x > 1", "select": "select x", "extend": "extend y = x", "sort": "sort x desc",
            "top": "top 2 by x", "limit": "limit 3", "distinct": "distinct x",
        ]
        #expect(Set(examples.keys) == Set(StageTable.words(.core)))
        for entry in StageTable.all where entry.kind == .core {
            for spelling in entry.spellings {
                let text = examples[entry.word]!.replacingOccurrences(
                    of: entry.word, with: spelling, options: .anchored)
                #expect(try stageKind("deals | " + text) == entry.word, "\(text)")
            }
        }
    }

    /// The engine fails loudly here when a verb word of the table has no binder, or a binder no word.
    @Test func everyVerbWordHasABinderAndBack() {
        #expect(Set(VerbRegistry.all.keys) == Set(StageTable.words(.verb)))
        #expect(VerbRegistry.all.count == builtinVerbs.count)
        for (word, binder) in VerbRegistry.all { #expect(binder.word == word) }
        #expect(VerbRegistry.binder(for: "WIN_RATE")?.word == "winrate")
        #expect(VerbRegistry.binder(for: "bar") == nil)
    }

    /// A verb's binder accepts exactly the option words and the "by" its entry's `arguments` list, which is what
    /// completion offers after the verb: the two cannot drift.
    @Test func verbsTakeTheArgumentsTheirEntryLists() throws {
        let engine = try FixtureEngine.engine()
        // What each verb needs before any option or "by" binds.
        let operands: [VerbArguments.Operand: String] = [
            .rep: "\"Ana Ruiz\"", .tableOnColumn: "reps on rep", .dateRange: "from 2026-09-30 to 2026-10-31",
            .measures: "count",
            .table: "deals", .column: "stage values id", .period: "for 2026-Q4",
        ]
        // What a verb reads, when it is not the deals themselves: growth compares periods of a summary.
        let inputs = ["growth": "deals | count by month(created)", "conversion": "leads"]
        // The unit-economics verbs read spend and revenue tables, which Data/economics has.
        let economics = try DatasetLoader.load(paths: [
            (FixtureEngine.fixturePath as NSString).deletingLastPathComponent + "/economics"
        ]).catalog
        let economicsEngine = QueryEngine(catalog: economics, asOfDay: CivilTime.parseDate("2026-11-01"))
        // conversion reads the leads table, which Data/leads (Olist's shape) has.
        let leads = try DatasetLoader.load(paths: [
            (FixtureEngine.fixturePath as NSString).deletingLastPathComponent + "/leads"
        ]).catalog
        let leadsEngine = QueryEngine(catalog: leads, asOfDay: CivilTime.parseDate("2026-11-01"))
        func bindError(_ text: String) -> String? {
            let economicsVerb = ["cac", "payback", "ltv", "churn"].contains { text.contains("| " + $0) }
            do {
                let chosen = text.hasPrefix("leads |") ? leadsEngine : economicsVerb ? economicsEngine : engine
                _ = try chosen.explain(text)
                return nil
            } catch {
                return error.message
            }
        }
        // forecast's period goes with its "by category" only (its other "by" is the period unit)
        // (the fixture's deals have no forecast category: what is refused is that, not the period)
        #expect(bindError("deals | forecast by category for 2026-Q4")?.contains("needs each deal's forecast") == true)
        #expect(bindError("deals | forecast by category, rep for 2026-Q4")?.contains("needs each deal's") == true)
        #expect(bindError("deals | forecast for 2026-Q4")?.contains("only by category") == true)
        for entry in StageTable.all where entry.kind == .verb {
            let operand = entry.word == "forecast" ? nil : entry.arguments.operand
            let stage =
                (inputs[entry.word] ?? "deals") + " | " + entry.word + (operand.map { " " + operands[$0]! } ?? "")
            if entry.word == "slipped" {
                // slipped reads close dates in the history, which the fixture's has not: what is refused is that
                #expect(bindError(stage)?.contains("close_date") == true, "\(stage)")
            } else {
                #expect(bindError(stage) == nil, "\(stage): \(bindError(stage) ?? "")")
            }
            for option in entry.arguments.options {
                #expect(bindError(stage + " " + option) == nil, "\(stage) \(option)")
            }
            if operand == nil {
                let refused = bindError(stage + " frobnicate") ?? ""
                #expect(refused.contains("option"), "\(stage) frobnicate: \(refused)")
            }
            switch entry.arguments.keys {
            case .none:
                #expect(bindError(stage + " by rep")?.contains("does not take \"by\"") == true, "\(stage) by rep")
            case .columns:
                // the leads table has an origin, not a rep
                let key = entry.word == "conversion" ? "origin" : "rep"
                #expect(bindError(stage + " by " + key) == nil, "\(stage) by \(key)")
            case .period:
                for period in VerbRegistry.periodWords {
                    #expect(bindError(stage + " by " + period) == nil, "\(stage) by \(period)")
                }
                #expect(bindError(stage + " by rep") != nil, "\(stage) by rep")
            case .sourceOrPeriod(let periods):
                #expect(bindError(stage + " by source") == nil, "\(stage) by source")
                #expect(bindError(stage + " by quarter") == nil || !periods, "\(stage) by quarter")
                #expect(bindError(stage + " by rep")?.contains("groups by source") == true, "\(stage) by rep")
            }
        }
    }

    /// Each drawing word parses as a drawing stage and binds to a presentation of the result.
    @Test func everyDrawingWordDraws() throws {
        for word in StageTable.words(.presentation) {
            #expect(try stageKind("deals | count by stage | \(word)") == "presentation \(word)")
            let result = try FixtureEngine.result("deals | count by stage | \(word)")
            #expect(result.presentation != nil, "\(word)")
        }
        #expect(try FixtureEngine.result("deals | count by stage | spark count").presentation == .spark(value: 1))
    }

    /// The unknown-verb hint lists every stage word, drawing ones included (bar and chart were missing).
    @Test func unknownVerbHintListsEveryStageWord() {
        do {
            _ = try FixtureEngine.result("deals | frobnicate")
            Issue.record("frobnicate ran")
        } catch {
            let hint = (error as? Diagnostic)?.hint ?? ""
            #expect(hint == "stages: " + StageTable.stageWords.joined(separator: ", "))
            for word in ["bar", "chart", "spark", "sparkline", "where", "funnel"] { #expect(hint.contains(word)) }
        }
        do {
            _ = try FixtureEngine.result("deals | chrat")
            Issue.record("chrat ran")
        } catch {
            #expect((error as? Diagnostic)?.hint == "did you mean \"chart\"?")
        }
    }

    /// What the parser made of a query's last stage: the core word, "aggregate", "verb", or "presentation WORD".
    func stageKind(_ text: String) throws -> String {
        guard case .query(let query) = try Parser.parse(text), let stage = query.stages.last else { return "none" }
        switch stage.kind {
        case .filter: return "where"
        case .select: return "select"
        case .extend: return "extend"
        case .sort: return "sort"
        case .top: return "top"
        case .limit: return "limit"
        case .distinct: return "distinct"
        case .aggregate: return "aggregate"
        case .verb: return "verb"
        case .presentation(let word, _, _): return "presentation " + word
        }
    }
}
