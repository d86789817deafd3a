/// The deals and history tables rebuilt from a field-change log: one deals row per deal with the latest
/// value of each logged field plus pipeq's canonical columns (stage, status, owner, created, close_date,
/// stage_entered), one history row per stage stay, and the close-date and amount changes as a terms table.
struct ChangeLogTables {
    var deals: Table
    var history: Table?
    var terms: Table?
    var notes: [String]

    private static let stageKeys = ["stage_id", "stage"]
    private static let ownerKeys = ["user_id", "owner_id"]

    init(
        _ pivot: ChangeLogPivot, lookups: PipedriveLookups, dealsName: String, historyName: String, termsName: String
    ) {
        let source = pivot.table
        let logName = source.name
        var notes: [String] = []
        let file = PipedriveStageTable.fileName
        var used: Set<String> = ["id"]

        // The logged fields, typed (one row per deal), by key.
        let latest = pivot.latestRows()
        var fieldColumns: [String: Column] = [:]
        for (k, key) in pivot.keys.enumerated() {
            let type = ChangeLogFieldType.of(key: key, options: lookups.options[key])
            fieldColumns[key] = type.column(rows: latest[k], values: pivot.values)
        }

        var fields: [Field] = [
            Field(ColumnInfo(name: "id", header: source.fields[pivot.columns.dealId].info.header), pivot.dealIds)
        ]
        func synthesised(_ name: String, _ column: Column) {
            used.insert(name)
            fields.append(Field(ColumnInfo(name: name, header: name, isSynthesised: true), column))
        }

        // stage: the latest stage change's name; history: the stays.
        var stays: ChangeLogStageStays?
        if let stageKey = Self.stageKeys.first(where: { pivot.key($0) != nil }), let k = pivot.key(stageKey) {
            let byId = stageKey != "stage"
            let found = ChangeLogStageStays(pivot, key: k) { logged in
                byId ? lookups.stageName(logged, key: stageKey) : logged
            }
            let latest = found.lastStay.map { $0 < 0 ? TextCodes.none : found.stage[Int($0)] }
            synthesised("stage", ImportColumns.strings(codes: latest, dictionary: found.names))
            stays = found
            if byId {
                var how: [String] = []
                if let t = lookups.stages { how.append("via \(file(t.table))") }
                if lookups.options[stageKey] != nil, let fields = lookups.fieldsTable {
                    how.append(
                        lookups.stages == nil
                            ? "via \(file(fields))'s options" : "\(file(fields))'s options where it has no entry")
                }
                var text =
                    "\(dealsName).stage: \(stageKey) turned into stage names "
                    + (how.isEmpty ? "(no stages table: ids kept)" : how.joined(separator: ", "))
                let conflicts = lookups.stageNameConflicts(key: stageKey)
                if !conflicts.isEmpty, let stagesTable = lookups.stages.map({ file($0.table) }),
                    let fields = lookups.fieldsTable
                {
                    text +=
                        "; \(stagesTable) and \(file(fields)) disagree on \(conflicts.count) name\(conflicts.count == 1 ? "" : "s") ("
                        + conflicts.joined(separator: "; ") + "): \(stagesTable)'s spelling is used"
                }
                let unnamed = Set(found.unnamed).sorted()
                if !unnamed.isEmpty && !how.isEmpty {
                    text +=
                        "; \(unnamed.count) id\(unnamed.count == 1 ? "" : "s") with no name kept as logged (\(unnamed.prefix(5).joined(separator: ", ")))"
                }
                notes.append(text)
            }
        }

        // status and when closed deals closed.
        let outcomes = ChangeLogOutcomes(pivot, fields: fieldColumns, latest: latest)
        synthesised("status", ImportColumns.strings(outcomes.status))
        notes.append("\(dealsName).status: \(outcomes.rule) (\(outcomes.counts))")

        // owner: user ids turned into names.
        if let ownerKey = Self.ownerKeys.first(where: { pivot.key($0) != nil }), let k = pivot.key(ownerKey),
            !lookups.userNames.isEmpty || lookups.options[ownerKey] != nil
        {
            var unknown = Set<String>()
            let names: [String?] = latest[k].map { row in
                guard row >= 0, let id = pivot.values.text(Int(row)) else { return nil }
                if let name = lookups.userNames[id] ?? lookups.option(ownerKey, id) { return name }
                unknown.insert(id)
                return id
            }
            synthesised("owner", ImportColumns.strings(names))
            let via = lookups.usersTable.map(file) ?? "\(lookups.fieldsTable.map(file) ?? "the fields table")'s options"
            notes.append(
                "\(dealsName).owner: \(ownerKey) turned into names via \(via)"
                    + (unknown.isEmpty
                        ? "" : "; \(unknown.count) id\(unknown.count == 1 ? "" : "s") with no user kept as logged"))
        }

        // created: add_time, else the deal's first logged change.
        var fallbacks = 0
        let added = fieldColumns["add_time"]
        let created: [Int64?] = (0..<pivot.dealCount).map { d in
            if let added, let t = ImportColumns.micros(added, d) { return t }
            // A deal whose every row was unusable (no change time or key) has no first change either.
            guard pivot.start[d] < pivot.start[d + 1] else { return nil }
            fallbacks += 1
            return pivot.times[Int(pivot.order[pivot.start[d]])]
        }
        synthesised("created", ImportColumns.timestamps(created))
        notes.append(
            "\(dealsName).created: add_time"
                + (fallbacks == 0
                    ? "" : ", else the deal's first logged change (\(fallbacks) deal\(fallbacks == 1 ? "" : "s"))"))

        // close_date: when a closed deal closed; an open deal's expected_close_date.
        let expected = fieldColumns["expected_close_date"]
        synthesised(
            "close_date",
            ImportColumns.timestamps(
                (0..<pivot.dealCount).map { d in
                    outcomes.status[d] == "open"
                        ? expected.flatMap { ImportColumns.micros($0, d) } : outcomes.closedAt[d]
                }))
        notes.append(
            "\(dealsName).close_date: a closed deal's won_time/lost_time (else close_time, else the change that closed it)"
                + (expected == nil ? "; open deals have none" : "; an open deal's expected_close_date"))

        if let stays {
            synthesised(
                "stage_entered", ImportColumns.timestamps(stays.lastStay.map { $0 < 0 ? nil : stays.entered[Int($0)] }))
        }

        // The logged fields themselves, named after their keys.
        for key in pivot.keys where key != "status" {
            var name = ColumnNameNormalizer.snakeCase(key)
            if name.isEmpty { name = "field" }
            if used.contains(name) { name += "_logged" }
            while used.contains(name) { name += "_" }
            used.insert(name)
            fields.append(Field(ColumnInfo(name: name, header: key), fieldColumns[key]!))
        }
        deals = Table(name: dealsName, fields: fields, sourcePath: source.sourcePath)

        var summary =
            "\(logName): a Pipedrive field-change log pivoted into \(dealsName) (\(pivot.dealCount) deals, the latest value of "
            + "\(pivot.keys.count) field\(pivot.keys.count == 1 ? "" : "s"): \(pivot.keys.joined(separator: ", "))"
        if let stays {
            history = Table(
                name: historyName,
                fields: [
                    Field(
                        ColumnInfo(name: "deal_id", header: source.fields[pivot.columns.dealId].info.header),
                        pivot.dealIds.gathered(stays.deal)),
                    Field(
                        ColumnInfo(name: "stage"), ImportColumns.strings(codes: stays.stage, dictionary: stays.names)),
                    Field(ColumnInfo(name: "entered_at"), ImportColumns.timestamps(stays.entered.map { $0 })),
                    Field(
                        ColumnInfo(name: "exited_at"), ImportColumns.timestamps(stays.exits(close: outcomes.closedAt))),
                ], sourcePath: source.sourcePath)
            summary +=
                ") and \(historyName) (\(stays.count) stays from \(stays.changes) stage changes"
                + (stays.folded == 0
                    ? "" : ", \(stays.folded) repeat\(stays.folded == 1 ? "" : "s") of the stage before folded")
            notes.append(
                "\(historyName).exited_at: the deal's next stage change; a closed deal's last stay ends when it closed; an open deal's current stay has none"
            )
        } else {
            history = nil
            summary += "; no stage field, so no history"
        }
        summary += ")"
        if pivot.skipped > 0 {
            summary +=
                "; \(pivot.skipped) row\(pivot.skipped == 1 ? "" : "s") without a deal id, time or field key skipped"
        }
        terms = ChangeLogTerms.table(pivot, name: termsName)
        if let terms { notes.append(TermsTable.note(terms, from: logName)) }
        self.notes = [summary] + notes
    }
}
