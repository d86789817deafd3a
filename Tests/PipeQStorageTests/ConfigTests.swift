import Foundation
import PipeQCore
import Testing

@testable import PipeQStorage

/// Parses `text` expecting a diagnostic; returns it.
private func configError(_ text: String) -> Diagnostic? {
    do {
        _ = try PipelineConfig.parse(text, path: "pipeline.toml")
        return nil
    } catch {
        return error
    }
}

private func at(_ line: Int, _ column: Int) -> DiagnosticLocation {
    .file(path: "pipeline.toml", line: line, column: column)
}

@Suite struct ConfigTests {
    @Test func examplePipelineFile() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../examples/pipeline.toml").standardized.path
        let config = try #require(try PipelineConfig.load(path: path))
        let stages = try #require(config.stages)
        #expect(
            stages.order == [
                "Prospecting", "Qualification", "Needs Analysis", "Proposal", "Negotiation", "Closed Won",
                "Closed Lost",
            ])
        #expect(stages.stages.map(\.probability) == [0.10, 0.20, 0.40, 0.60, 0.80, 1.0, 0.0])
        #expect(stages.stages.map(\.outcome) == [.open, .open, .open, .open, .open, .won, .lost])
        #expect(stages.stages[2].rottingDays == 48)
        #expect(stages.stages[5].rottingDays == nil)
        #expect(stages.origin == path)
        #expect(config.roleOverrides.isEmpty && config.tableRoles.isEmpty)
    }

    @Test func rolesTablesCommentsAndQuotedKeys() throws {
        let text = """
            # Maven CRM
            [[stage]]   # first
            name = "Prospecting"
            "probability" = 0.1
            [[stage]]
            name = "Won"
            outcome = "won"

            [roles]
            "deals.rep" = "sales_agent"   # who owns it
            "reps.region" = "regional_office"
            [tables]
            deals = "sales_pipeline"
            reps = "sales_teams"
            """
        let config = try PipelineConfig.parse(text, path: "p.toml")
        #expect(config.stages?.order == ["Prospecting", "Won"])
        #expect(config.stages?.stages[0].probability == 0.1)
        #expect(config.roleOverrides.count == 2)
        #expect(
            config.roleOverrides[0].table == "deals" && config.roleOverrides[0].role == .rep
                && config.roleOverrides[0].column == "sales_agent")
        #expect(config.roleOverrides[1].role == .region)
        #expect(config.tableRoles == [.deals: "sales_pipeline", .reps: "sales_teams"])
    }

    @Test func fileWithoutStagesHasNilStages() throws {
        let config = try PipelineConfig.parse("[tables]\nhistory = \"changes\"\n", path: "p.toml")
        #expect(config.stages == nil)
        #expect(config.tableRoles[.history] == "changes")
        #expect(try PipelineConfig.load(path: "/nonexistent/pipeline.toml") == nil)
    }

    @Test func missingEquals() {
        let d = configError("[[stage]]\nname \"Proposal\"\n")
        #expect(d?.message == "expected \"=\" after key \"name\"")
        #expect(d?.location == at(2, 6))
        #expect(d?.phase == .config)
    }

    @Test func unknownStageKeySuggestsTheRightOne() {
        let d = configError("[[stage]]\nname = \"Proposal\"\nprobabilty = 0.6\n")
        #expect(d?.message == "unknown key \"probabilty\" in [[stage]]")
        #expect(d?.hint == "did you mean \"probability\"?")
        #expect(d?.location == at(3, 1))
    }

    @Test func probabilityOutOfRange() {
        let d = configError("[[stage]]\nname = \"Proposal\"\nprobability = 60\n")
        #expect(d?.message == "probability 60 is outside 0…1")
        #expect(d?.hint == "write percentages as fractions: 0.6")
        #expect(d?.location == at(3, 15))
    }

    @Test func duplicateStageName() {
        let d = configError("[[stage]]\nname = \"Won\"\n[[stage]]\n  name = \"Won\"\n")
        #expect(d?.message == "duplicate stage name \"Won\"")
        #expect(d?.location == at(4, 10))
    }

    @Test func unknownOutcome() {
        let d = configError("[[stage]]\nname = \"Closed Won\"\noutcome = \"Won\"\n")
        #expect(d?.message == "unknown outcome \"Won\": expected open, won or lost")
        #expect(d?.hint == "did you mean \"won\"?")
        #expect(d?.location == at(3, 11))
    }

    @Test func unknownColumnRole() {
        let d = configError("[roles]\n\"deals.reps\" = \"owner\"\n")
        #expect(d?.message == "unknown column role \"reps\" in \"deals.reps\"")
        #expect(d?.hint == "did you mean \"rep\"?")
        #expect(d?.location == at(2, 1))
    }

    @Test func roleKeyWithoutTable() {
        let d = configError("[roles]\nrep = \"owner\"\n")
        #expect(d?.message == "role key \"rep\" must be \"table.role\", like \"deals.rep\"")
        #expect(d?.location == at(2, 1))
    }

    @Test func unknownTableRole() {
        let d = configError("[tables]\ndeal = \"opps\"\n")
        #expect(d?.message == "unknown table role \"deal\" in [tables]: expected deals, history, reps or quotas")
        #expect(d?.hint == "did you mean \"deals\"?")
    }

    @Test func unknownTable() {
        let d = configError("# stages\n[stages]\n")
        #expect(d?.message == "unknown table [stages]")
        #expect(d?.hint == "did you mean \"stage\"?")
        #expect(d?.location == at(2, 1))
    }

    @Test func singleStageTable() {
        let d = configError("[stage]\nname = \"A\"\n")
        #expect(d?.message == "stages are an array of tables: write [[stage]]")
    }

    @Test func unterminatedString() {
        let d = configError("[[stage]]\nname = \"Proposal\n")
        #expect(d?.message == "unterminated string")
        #expect(d?.location == at(2, 8))
    }

    @Test func bareWordValue() {
        let d = configError("[[stage]]\nname = Proposal\n")
        #expect(
            d?.message
                == "invalid value Proposal for key \"name\": expected a string, number, true/false or array of strings")
        #expect(d?.hint == "strings need double quotes: \"Proposal\"")
        #expect(d?.location == at(2, 8))
    }

    @Test func wrongValueType() {
        let d = configError("[[stage]]\nname = \"A\"\nprobability = \"high\"\n")
        #expect(d?.message == "\"probability\" in [[stage]] must be a number, not a string")
        #expect(d?.location == at(3, 15))
    }

    @Test func stageWithoutName() {
        let d = configError("[[stage]]\nprobability = 0.5\n")
        #expect(d?.message == "[[stage]] has no \"name\"")
        #expect(d?.location == at(1, 1))
    }

    @Test func duplicateKeyAndTrailingText() {
        #expect(
            configError("[[stage]]\nname = \"A\"\nname = \"B\"\n")?.message == "duplicate key \"name\" in [[stage]]")
        let d = configError("[[stage]]\nname = \"A\" extra\n")
        #expect(d?.message == "unexpected text after the value of \"name\"")
        #expect(d?.location == at(2, 12))
    }

    @Test func keyOutsideAnyTable() {
        let d = configError("name = \"A\"\n")
        #expect(d?.message == "key \"name\" must be inside a table ([[stage]], [roles] or [tables])")
        #expect(d?.location == at(1, 1))
    }

    @Test func fiscalYearStartIsAMonthNumberOrName() throws {
        #expect(try PipelineConfig.parse("fiscal_year_start = 4\n", path: "p").fiscalYearStart == 4)
        #expect(
            try PipelineConfig.parse("fiscal_year_start = \"October\"\n[[stage]]\nname = \"A\"\n", path: "p")
                .fiscalYearStart == 10)
        #expect(try PipelineConfig.parse("fiscal_year_start = \"feb\"\n", path: "p").fiscalYearStart == 2)
        #expect(try PipelineConfig.parse("[[stage]]\nname = \"A\"\n", path: "p").fiscalYearStart == 1)
        let d = configError("fiscal_year_start = 13\n")
        #expect(d?.message == "fiscal_year_start is a month: 1 to 12, or its name (\"April\")")
        #expect(d?.location == at(1, 21))
        #expect(configError("fiscal_year_start = \"Smarch\"\n") != nil)
        #expect(
            configError("fiscal_year_strat = 4\n")?.hint
                == "did you mean \"fiscal_year_start\"? (the one key outside a table)")
    }

    @Test func fiscalCalendarNamesYearsByTheirEnd() {
        // April start: 2025-03-31 closes FY2025, 2025-04-01 opens FY2026; Q3 of FY2026 is Oct–Dec 2025.
        let april = FiscalCalendar(startMonth: 4)
        let day = { (y: Int, m: Int, d: Int) in CivilTime.days(year: y, month: m, day: d) }
        #expect(april.year(days: day(2025, 3, 31)) == 2025)
        #expect(april.year(days: day(2025, 4, 1)) == 2026)
        #expect(april.quarterStart(days: day(2025, 12, 31)) == day(2025, 10, 1))
        #expect(april.quarterStart(days: day(2026, 2, 14)) == day(2026, 1, 1))
        #expect(april.quarterLabel(days: day(2026, 2, 14)) == "FY2026-Q4")
        #expect(FiscalCalendar(startMonth: 1).quarterLabel(days: day(2025, 5, 2)) == "2025-Q2")
        // November start: 2025-11-01 opens FY2026 Q1; 2026-10-31 is FY2026 Q4 (Aug–Oct).
        let november = FiscalCalendar(startMonth: 11)
        #expect(november.quarterLabel(days: day(2025, 11, 1)) == "FY2026-Q1")
        #expect(november.quarterStart(days: day(2026, 10, 31)) == day(2026, 8, 1))
        #expect(november.quarterLabel(days: day(2026, 1, 15)) == "FY2026-Q1")
    }

    @Test func rottingDaysMustBeWhole() {
        let d = configError("[[stage]]\nname = \"A\"\nrotting_days = 2.5\n")
        #expect(d?.message == "rotting_days must be a whole number of days ≥ 0, not 2.5")
    }

    @Test func arraysAndBooleansParse() throws {
        var parser = TOMLParser(path: "x")
        let doc = try parser.parse("[t]\na = [\"x\", \"y\",]\nb = true\nc = -1_000\n")
        #expect(
            doc.tables[0].entries.map(\.value) == [
                .stringArray(["x", "y"]), .bool(true), .number(-1000, text: "-1_000"),
            ])
    }
}

@Suite struct FileFormatConfigTests {
    @Test func fileTablesAreRead() throws {
        let config = try PipelineConfig.parse(
            """
            [file."deals.csv"]
            date_format = "%d/%m/%Y"
            decimal = ","
            encoding = "cp1252"
            [file."Reps.csv"]
            encoding = "utf-8"
            """, path: "pipeline.toml")
        let deals = try #require(config.fileFormat(forCSV: "data/deals.csv"))
        #expect(deals.valueFormat.dateFormat == "%d/%m/%Y")
        #expect(deals.valueFormat.decimal == UInt8(ascii: ","))
        #expect(deals.encoding == .windows1252)
        #expect(config.fileFormat(forCSV: "reps.csv")?.encoding == .utf8)  // letter case ignored
        #expect(config.fileFormat(forCSV: "history.csv") == nil)
        // The command line wins.
        var cli = CSVLoader.Options()
        cli.valueFormat.dateFormat = "%m/%d/%Y"
        let merged = deals.applied(under: cli)
        #expect(merged.valueFormat.dateFormat == "%m/%d/%Y")
        #expect(merged.valueFormat.decimal == UInt8(ascii: ","))
        #expect(merged.encoding == .windows1252)
    }

    @Test func fileTableErrors() {
        let unknownKey = configError("[file.\"deals.csv\"]\ndate_fromat = \"%d/%m/%Y\"\n")
        #expect(unknownKey?.message == "unknown key \"date_fromat\" in [file.\"deals.csv\"]")
        #expect(unknownKey?.hint == "did you mean \"date_format\"?")
        #expect(unknownKey?.location == at(2, 1))
        let encoding = configError("[file.\"deals.csv\"]\nencoding = \"utf8x\"\n")
        #expect(encoding?.message == "unknown encoding \"utf8x\": expected auto, utf-8, windows-1252, latin-1")
        #expect(encoding?.location == at(2, 12))
        #expect(
            configError("[file.\"d.csv\"]\ndecimal = \";\"\n")?.message == "decimal must be \".\" or \",\", not \";\"")
        let format = configError("[file.\"d.csv\"]\ndate_format = \"%d/%q/%Y\"\n")
        #expect(format?.message == "unknown directive %q in date format \"%d/%q/%Y\"")
        #expect(
            configError("[file]\nencoding = \"utf-8\"\n")?.message
                == "[file] needs the file's name: write [file.\"deals.csv\"]")
        #expect(configError("[roles.x]\n")?.message == "unknown table [roles.\"x\"]")
        #expect(
            configError("[file.\"a.csv\"]\n[file.\"a.csv\"]\n")?.message == "table [file.\"a.csv\"] is defined twice")
    }

    /// `[quota] period` is month, quarter or year; a stage may name its forecast category.
    @Test func quotaPeriodAndStageForecastCategory() throws {
        #expect(try PipelineConfig.parse("[quota]\nperiod = \"quarter\"\n", path: "p").quotaPeriod == .quarter)
        #expect(try PipelineConfig.parse("[quota]\nperiod = \"Year\"\n", path: "p").quotaPeriod == .year)
        #expect(try PipelineConfig.parse("[[stage]]\nname = \"A\"\n", path: "p").quotaPeriod == nil)
        let d = configError("[quota]\nperiod = \"quater\"\n")
        #expect(d?.message == "unknown quota period \"quater\": expected month, quarter or year")
        #expect(d?.location == at(2, 10))
        #expect(d?.hint == "did you mean \"quarter\"?")
        #expect(configError("[quota]\nlength = \"year\"\n")?.message == "unknown key \"length\" in [quota]")
        #expect(configError("[[quota]]\nperiod = \"year\"\n")?.message == "[quota] is a single table: write [quota]")
        let stages = try PipelineConfig.parse(
            "[[stage]]\nname = \"A\"\nforecast_category = \"best case\"\n[[stage]]\nname = \"B\"\n", path: "p"
        ).stages?.stages
        #expect(stages?.map(\.forecastCategory) == [.bestCase, nil])
        let bad = configError("[[stage]]\nname = \"A\"\nforecast_category = \"Maybe\"\n")
        #expect(bad?.message == "unknown forecast category \"Maybe\"")
        #expect(bad?.hint == "expected Pipeline, Best Case, Commit, Closed, Omitted")
    }

    /// `[economics] margin` is a rate above 0 and at most 1; a percentage is refused with the fraction as hint.
    @Test func economicsMargin() throws {
        #expect(try PipelineConfig.parse("[economics]\nmargin = 0.7\n", path: "p").margin == 0.7)
        #expect(try PipelineConfig.parse("[[stage]]\nname = \"A\"\n", path: "p").margin == nil)
        let d = configError("[economics]\nmargin = 70\n")
        #expect(d?.message == "margin must be above 0 and at most 1, not 70")
        #expect(d?.hint == "write percentages as fractions: 0.7")
        #expect(configError("[economics]\nrate = 0.7\n")?.message == "unknown key \"rate\" in [economics]")
    }
}
