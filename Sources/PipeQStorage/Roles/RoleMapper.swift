/// Recognises the pipeline in a set of loaded tables: which table holds deals, stage history and
/// reps, which column plays each role (`rep`, `stage`, `value`, …), and what pipeq adds (a
/// synthesised `status`, pipeline sort order for stages, derived columns).
public enum RoleMapper {
    /// Returns the tables with roles set, plus notes explaining what was recognised, renamed,
    /// synthesised or left alone. `pipeline.toml` overrides win over guesses.
    public static func apply(to tables: [Table], config: PipelineConfig?, stages: StageDefinitions) -> (
        tables: [Table], notes: [String]
    ) {
        let (kinds, classifierNotes) = TableClassifier.classify(tables, config: config)
        var notes: [String] = []
        var out: [Table] = []
        for (table, kind) in zip(tables, kinds) {
            guard let kind else {
                out.append(table)
                continue
            }
            let overrides = (config?.roleOverrides ?? [])
                .filter { $0.table == table.name || $0.table == kind.rawValue }
                .map { (role: $0.role, column: $0.column) }
            let (roles, matchNotes) = ColumnRoleMatcher.match(table, as: kind, overrides: overrides)
            notes += matchNotes
            var fields = table.fields
            for i in fields.indices {
                fields[i].info.role = roles[i]
                if roles[i] == .stage { fields[i].column = StageColumns.ordered(fields[i].column, by: stages) }
            }
            var extra: [String] = []
            var derived: [DerivedColumn] = []
            if let p = roles.firstIndex(of: .probability),
                let (fixed, note) = RoleValueFixes.probabilityFractions(fields[p], table: table.name)
            {
                fields[p] = fixed
                notes.append(note)
            }
            if kind == .deals {
                if !roles.contains(.status), let status = RoleValueFixes.statusFromFlags(fields) {
                    let name = fields.contains { $0.name == "status" } ? "pipeline_status" : "status"
                    fields.append(
                        Field(ColumnInfo(name: name, header: name, role: .status, isSynthesised: true), status))
                    extra.append("synthesised \(name) (open/won/lost) from IsWon and IsClosed")
                } else if !roles.contains(.status), let stageIndex = roles.firstIndex(of: .stage),
                    let status = StageColumns.status(from: fields[stageIndex].column, stages: stages)
                {
                    let name = fields.contains { $0.name == "status" } ? "pipeline_status" : "status"
                    fields.append(
                        Field(ColumnInfo(name: name, header: name, role: .status, isSynthesised: true), status))
                    extra.append("synthesised \(name) (open/won/lost) from \(fields[stageIndex].name)")
                }
                derived = DerivedColumn.allCases.filter { d in
                    switch d {
                    case .age: return roles.contains(.created)
                    case .stageAge: return roles.contains(.stageEntered)
                    case .cycle: return roles.contains(.created) && roles.contains(.closeDate)
                    }
                }
            }
            let name = table.name
            if name != kind.rawValue && !tables.contains(where: { $0.name == kind.rawValue }) {
                extra.insert("also reachable as \(kind.rawValue)", at: 0)
            }
            out.append(Table(name: name, fields: fields, sourcePath: table.sourcePath, role: kind, derived: derived))
            notes.append(
                describe(
                    table: name, kind: kind, fields: fields, extra: extra, derived: derived,
                    missing: missingRoles(kind, roles)))
        }
        return (out, notes + classifierNotes)
    }

    /// The stage definitions to use: the config's `[[stage]]` list if any, else inferred from the
    /// deals table's stage column and the history table.
    public static func stages(for tables: [Table], config: PipelineConfig?) -> StageDefinitions {
        if let configured = config?.stages { return configured }
        let (kinds, _) = TableClassifier.classify(tables, config: config)
        var values: [String] = []
        var history: StageHistorySample?
        for (table, kind) in zip(tables, kinds) {
            guard let kind, kind != .reps else { continue }
            let overrides = (config?.roleOverrides ?? []).filter { $0.table == table.name || $0.table == kind.rawValue }
                .map { (role: $0.role, column: $0.column) }
            let roles = ColumnRoleMatcher.match(table, as: kind, overrides: overrides).roles
            func column(_ role: ColumnRole) -> Column? { roles.firstIndex(of: role).map { table.fields[$0].column } }
            if kind == .deals, let stage = column(.stage) { values = StageColumns.distinctValues(stage) }
            if kind == .history, let id = column(.dealId), let stage = column(.stage), let entered = column(.enteredAt)
            {
                history = StageColumns.historySample(dealId: id, stage: stage, entered: entered)
            }
        }
        if values.isEmpty && history == nil { return .empty }
        return StageInference.infer(stageValues: values, history: history)
    }

    /// The IsWon and IsClosed columns a synthesised status is read from (a database source computes it in SQL).
    public static func statusFlags(in fields: [Field]) -> (won: Int, closed: Int)? {
        RoleValueFixes.statusFlags(in: fields)
    }

    private static func missingRoles(_ kind: TableRole, _ roles: [ColumnRole?]) -> [ColumnRole] {
        let essential: [ColumnRole]
        switch kind {
        case .deals: essential = [.id, .rep, .stage, .value, .created, .closeDate]
        case .history: essential = [.dealId, .stage, .enteredAt]
        case .reps: essential = [.rep]
        case .quotas: essential = [.period, .quota]
        case .spend: essential = [.period, .amount]
        case .revenue: essential = [.customer, .period, .revenue]
        case .leads: essential = [.leadId, .source]
        case .terms: essential = [.dealId, .changedAt]
        }
        return essential.filter { !roles.contains($0) }
    }

    private static func describe(
        table: String, kind: TableRole, fields: [Field], extra: [String],
        derived: [DerivedColumn], missing: [ColumnRole]
    ) -> String {
        let mapped = fields.compactMap { f -> String? in
            guard let role = f.info.role, !f.info.isSynthesised else { return nil }
            return role.canonicalName == f.name ? role.canonicalName : "\(role.canonicalName)=\(f.name)"
        }
        var text = "\(table): \(kind.rawValue) table; roles \(mapped.isEmpty ? "none" : mapped.joined(separator: ", "))"
        if !extra.isEmpty { text += "; " + extra.joined(separator: "; ") }
        if !derived.isEmpty { text += "; derived " + derived.map(\.name).joined(separator: ", ") }
        if !missing.isEmpty { text += "; no column for " + missing.map(\.canonicalName).joined(separator: ", ") }
        return text
    }
}
