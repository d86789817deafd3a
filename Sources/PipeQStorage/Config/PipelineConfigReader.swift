import PipeQCore

/// Turns a parsed TOML document into a validated `PipelineConfig`.
struct PipelineConfigReader {
    let path: String

    func read(_ document: TOMLDocument) throws(Diagnostic) -> PipelineConfig {
        var config = PipelineConfig()
        for entry in document.root.entries {
            guard entry.key == "fiscal_year_start" else {
                throw Diagnostic(
                    .config, "key \"\(entry.key)\" must be inside a table ([[stage]], [roles] or [tables])",
                    at: at(entry.line, entry.keyColumn),
                    hint: Suggestions.hint(for: entry.key, in: PipelineConfig.rootKeys).map {
                        $0 + " (the one key outside a table)"
                    })
            }
            config.fiscalYearStart = try fiscalYearStart(entry)
        }
        var stages: [StageDefinition] = []
        for table in document.tables {
            if table.name == "file" && !table.isArrayElement {
                guard let file = table.qualifier, !file.isEmpty else {
                    throw Diagnostic(
                        .config, "[file] needs the file's name: write [file.\"deals.csv\"]",
                        at: at(table.line, table.column))
                }
                config.files[file] = try readFile(table)
                continue
            }
            if table.qualifier != nil {
                throw Diagnostic(
                    .config, "unknown table \(table.displayName)", at: at(table.line, table.column),
                    hint: table.name == "file"
                        ? "write [file.\"NAME.csv\"] (one pair of brackets)"
                        : Suggestions.hint(for: table.name, in: PipelineConfig.tableNames).map {
                            $0 + " (only [file.\"NAME.csv\"] takes a dotted name)"
                        })
            }
            switch (table.name, table.isArrayElement) {
            case ("stage", true): stages.append(try readStage(table, existing: stages))
            case ("roles", false): config.roleOverrides += try readRoles(table)
            case ("tables", false): config.tableRoles = try readTables(table)
            case ("quota", false): config.quotaPeriod = try readQuota(table)
            case ("economics", false): config.margin = try readEconomics(table)
            case ("stage", false):
                throw Diagnostic(
                    .config, "stages are an array of tables: write [[stage]]", at: at(table.line, table.column))
            case ("roles", true), ("tables", true), ("quota", true), ("economics", true):
                throw Diagnostic(
                    .config, "[\(table.name)] is a single table: write [\(table.name)]",
                    at: at(table.line, table.column))
            default:
                throw Diagnostic(
                    .config, "unknown table \(table.displayName)", at: at(table.line, table.column),
                    hint: Suggestions.hint(for: table.name, in: PipelineConfig.tableNames))
            }
        }
        if !stages.isEmpty { config.stages = StageDefinitions(stages: stages, origin: path) }
        return config
    }

    private func readStage(_ table: TOMLTable, existing: [StageDefinition]) throws(Diagnostic) -> StageDefinition {
        var name: String?
        var stage = StageDefinition(name: "")
        for entry in table.entries {
            switch entry.key {
            case "name":
                let value = try string(entry, in: table)
                guard !value.trimmingWhitespace.isEmpty else { throw error("stage name is empty", entry) }
                guard !existing.contains(where: { $0.name == value }) else {
                    throw error("duplicate stage name \"\(value)\"", entry)
                }
                name = value
            case "outcome":
                let value = try string(entry, in: table)
                guard let outcome = StageOutcome(rawValue: value) else {
                    throw Diagnostic(
                        .config, "unknown outcome \"\(value)\": expected open, won or lost",
                        at: at(entry.line, entry.valueColumn),
                        hint: Suggestions.hint(for: value, in: ["open", "won", "lost"]))
                }
                stage.outcome = outcome
            case "probability":
                let value = try number(entry, in: table)
                guard (0...1).contains(value) else {
                    throw error(
                        "probability \(numberText(entry)) is outside 0…1", entry,
                        hint: value > 1 && value <= 100 ? "write percentages as fractions: \(value / 100)" : nil)
                }
                stage.probability = value
            case "forecast_category":
                let value = try string(entry, in: table)
                guard let category = ForecastCategory(text: value) else {
                    throw Diagnostic(
                        .config, "unknown forecast category \"\(value)\"", at: at(entry.line, entry.valueColumn),
                        hint: "expected " + ForecastCategory.allCases.map(\.label).joined(separator: ", "))
                }
                stage.forecastCategory = category
            case "rotting_days":
                let value = try number(entry, in: table)
                guard value >= 0, value == value.rounded(), value < 1e6 else {
                    throw error("rotting_days must be a whole number of days ≥ 0, not \(numberText(entry))", entry)
                }
                stage.rottingDays = Int(value)
            default:
                throw Diagnostic(
                    .config, "unknown key \"\(entry.key)\" in [[stage]]", at: at(entry.line, entry.keyColumn),
                    hint: Suggestions.hint(for: entry.key, in: PipelineConfig.stageKeys))
            }
        }
        guard let name else {
            throw Diagnostic(.config, "[[stage]] has no \"name\"", at: at(table.line, table.column))
        }
        stage.name = name
        return stage
    }

    private func readRoles(_ table: TOMLTable) throws(Diagnostic) -> [(table: String, role: ColumnRole, column: String)]
    {
        var overrides: [(table: String, role: ColumnRole, column: String)] = []
        for entry in table.entries {
            let parts = entry.key.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw Diagnostic(
                    .config, "role key \"\(entry.key)\" must be \"table.role\", like \"deals.rep\"",
                    at: at(entry.line, entry.keyColumn))
            }
            guard let role = ColumnRole(rawValue: parts[1]) else {
                throw Diagnostic(
                    .config, "unknown column role \"\(parts[1])\" in \"\(entry.key)\"",
                    at: at(entry.line, entry.keyColumn),
                    hint: Suggestions.hint(for: parts[1], in: ColumnRole.allCases.map(\.rawValue)))
            }
            let column = try string(entry, in: table)
            guard !column.isEmpty else { throw error("column name for \"\(entry.key)\" is empty", entry) }
            overrides.append((table: parts[0], role: role, column: column))
        }
        return overrides
    }

    private func readTables(_ table: TOMLTable) throws(Diagnostic) -> [TableRole: String] {
        var roles: [TableRole: String] = [:]
        for entry in table.entries {
            guard let role = TableRole(rawValue: entry.key) else {
                throw Diagnostic(
                    .config, "unknown table role \"\(entry.key)\" in [tables]: expected deals, history, reps or quotas",
                    at: at(entry.line, entry.keyColumn),
                    hint: Suggestions.hint(for: entry.key, in: TableRole.allCases.map(\.rawValue)))
            }
            let name = try string(entry, in: table)
            guard !name.isEmpty else { throw error("table name for \"\(entry.key)\" is empty", entry) }
            roles[role] = name
        }
        return roles
    }

    /// `[quota]` with `period = "month" | "quarter" | "year"`: how long one quota lasts.
    private func readQuota(_ table: TOMLTable) throws(Diagnostic) -> QuotaPeriodLength? {
        var period: QuotaPeriodLength?
        for entry in table.entries {
            guard entry.key == "period" else {
                throw Diagnostic(
                    .config, "unknown key \"\(entry.key)\" in [quota]", at: at(entry.line, entry.keyColumn),
                    hint: "[quota] takes period = \"month\", \"quarter\" or \"year\"")
            }
            let text = try string(entry, in: table)
            guard let length = QuotaPeriodLength(rawValue: text.lowercased()) else {
                throw Diagnostic(
                    .config, "unknown quota period \"\(text)\": expected month, quarter or year",
                    at: at(entry.line, entry.valueColumn),
                    hint: Suggestions.hint(for: text, in: QuotaPeriodLength.allCases.map(\.rawValue)))
            }
            period = length
        }
        return period
    }

    /// `[economics]` with `margin = 0.7`: the gross margin rate of revenue.
    private func readEconomics(_ table: TOMLTable) throws(Diagnostic) -> Double? {
        var margin: Double?
        for entry in table.entries {
            guard entry.key == "margin" else {
                throw Diagnostic(
                    .config, "unknown key \"\(entry.key)\" in [economics]", at: at(entry.line, entry.keyColumn),
                    hint: "[economics] takes margin = 0.7 (the gross margin rate, 0–1)")
            }
            let value = try number(entry, in: table)
            guard value > 0, value <= 1 else {
                throw Diagnostic(
                    .config, "margin must be above 0 and at most 1, not \(numberText(entry))",
                    at: at(entry.line, entry.valueColumn),
                    hint: value > 1 && value <= 100 ? "write percentages as fractions: \(value / 100)" : nil)
            }
            margin = value
        }
        return margin
    }

    private func readFile(_ table: TOMLTable) throws(Diagnostic) -> FileFormat {
        var format = FileFormat()
        for entry in table.entries {
            switch entry.key {
            case "date_format":
                let text = try string(entry, in: table)
                switch DateFormat.parse(text) {
                case .success: format.valueFormat.dateFormat = text
                case .failure(let problem): throw error(problem.message, entry, hint: problem.hint)
                }
            case "decimal":
                let text = try string(entry, in: table)
                guard let separator = ValueFormatOptions.decimalSeparator(named: text) else {
                    throw error("decimal must be \".\" or \",\", not \"\(text)\"", entry)
                }
                format.valueFormat.decimal = separator
            case "encoding":
                let text = try string(entry, in: table)
                guard let encoding = TextEncoding(name: text) else {
                    throw error(
                        "unknown encoding \"\(text)\": expected \(TextEncoding.names.joined(separator: ", "))", entry,
                        hint: Suggestions.hint(for: text, in: TextEncoding.names))
                }
                format.encoding = encoding
            default:
                throw Diagnostic(
                    .config, "unknown key \"\(entry.key)\" in \(table.displayName)",
                    at: at(entry.line, entry.keyColumn),
                    hint: Suggestions.hint(for: entry.key, in: FileFormat.keys))
            }
        }
        return format
    }

    /// `fiscal_year_start = 4` or `"April"` (`"apr"`): the month fiscal years start in.
    private func fiscalYearStart(_ entry: TOMLEntry) throws(Diagnostic) -> Int {
        let months = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        switch entry.value {
        case .number(let n, _) where n.rounded() == n && (1...12).contains(n): return Int(n)
        case .string(let s):
            let word = s.lowercased()
            if let i = months.firstIndex(where: { $0 == word || (word.count >= 3 && $0.hasPrefix(word)) }) {
                return i + 1
            }
        default: break
        }
        throw error("fiscal_year_start is a month: 1 to 12, or its name (\"April\")", entry)
    }

    // MARK: - Typed values

    private func string(_ entry: TOMLEntry, in table: TOMLTable) throws(Diagnostic) -> String {
        guard case .string(let s) = entry.value else {
            throw error("\"\(entry.key)\" in \(table.displayName) must be a string, not \(entry.value.kindName)", entry)
        }
        return s
    }

    private func number(_ entry: TOMLEntry, in table: TOMLTable) throws(Diagnostic) -> Double {
        guard case .number(let n, _) = entry.value else {
            throw error("\"\(entry.key)\" in \(table.displayName) must be a number, not \(entry.value.kindName)", entry)
        }
        return n
    }

    private func numberText(_ entry: TOMLEntry) -> String {
        if case .number(_, let text) = entry.value { return text }
        return ""
    }

    private func at(_ line: Int, _ column: Int) -> DiagnosticLocation {
        .file(path: path, line: line, column: column)
    }

    private func error(_ message: String, _ entry: TOMLEntry, hint: String? = nil) -> Diagnostic {
        Diagnostic(.config, message, at: at(entry.line, entry.valueColumn), hint: hint)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingWhitespace: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return self[start...end]
    }
}
