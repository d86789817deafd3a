import PipeQCore

/// Gives a stage history without exit dates its stays: Salesforce's OpportunityHistory (and most change
/// logs) has one row per change and no exit date, so each stay ends where the same deal's next stage
/// begins. Without this every stay would run to the as-of date (an average Prospecting stay of 171 days
/// where the next row says 43).
///
/// Rows are put in deal-then-time order, rows that repeat the stage before them (an amount or close-date
/// edit logged as its own row) are folded into that stay, and `exited_at` is the next row's `entered_at`
/// (null for each deal's last row: the stage it is in now). The close dates and amounts of all rows, folded
/// ones too, are kept in a terms table beside it (`TermsTable`), so no push or amount change is lost.
enum HistoryStays: ExportAdapter {
    static func adapt(_ state: inout ImportState) {
        var kept: [Table] = []
        for index in state.tables.indices {
            let table = state.tables[index]
            guard table.role == nil || table.role == .history, TableClassifier.isHistoryTable(table),
                !ColumnRoleMatcher.has(.exitedAt, in: table, as: .history),
                let roles = historyColumns(table), DealKeyValues.hasRepeats(table.fields[roles.dealId].column)
            else { continue }
            let dealId = table.fields[roles.dealId].column
            guard let keys = DealKeyValues.keys(dealId),
                let order = timeOrder(keys: keys, entered: table.fields[roles.entered].column),
                let (rows, folded) = foldRepeats(
                    order, keys: keys, dealId: dealId, stage: table.fields[roles.stage].column)
            else { continue }
            let entered = table.fields[roles.entered].column
            var fields = table.fields.map { Field($0.info, $0.column.gathered(rows)) }
            fields.append(
                Field(
                    ColumnInfo(name: "exited_at", header: "exited_at", isSynthesised: true),
                    exits(dealId: fields[roles.dealId].column, entered: entered.gathered(rows))))
            state.tables[index] = Table(
                name: table.name, fields: fields, sourcePath: table.sourcePath, role: .history,
                derived: table.derived)
            var note =
                "\(table.name): no exit dates, so each stay ends where the same deal's next stage begins "
                + "(exited_at added)"
            if folded > 0 {
                note +=
                    "; \(folded) row\(folded == 1 ? "" : "s") repeating the stage before \(folded == 1 ? "it" : "them") "
                    + "(edits of other fields) folded into that stay"
            }
            state.notes.append(note)
            if let terms = termsTable(
                table, roles: roles, order: order, name: state.freeName(TermsTable.name(for: table.name)))
            {
                kept.append(terms)
                state.notes.append(TermsTable.note(terms, from: table.name))
            }
        }
        state.tables += kept
    }

    /// The close date and amount of every row, folded or not, as a terms table; nil when the history records
    /// neither.
    private static func termsTable(
        _ table: Table, roles: (dealId: Int, stage: Int, entered: Int), order: [Int32], name: String
    ) -> Table? {
        let matched = ColumnRoleMatcher.match(table, as: .history, overrides: []).roles
        let field = { (role: ColumnRole) in matched.firstIndex(of: role).map { table.fields[$0] } }
        return TermsTable.make(
            name: name, sourcePath: table.sourcePath, dealId: table.fields[roles.dealId],
            changedAt: table.fields[roles.entered], closeDate: field(.closeDate), amount: field(.value), rows: order)
    }

    /// The deal-id, stage and entered-at field indexes, as role matching would pick them.
    static func historyColumns(_ table: Table) -> (dealId: Int, stage: Int, entered: Int)? {
        let roles = ColumnRoleMatcher.match(table, as: .history, overrides: []).roles
        guard let d = roles.firstIndex(of: .dealId), let s = roles.firstIndex(of: .stage),
            let e = roles.firstIndex(of: .enteredAt)
        else { return nil }
        return (d, s, e)
    }

    /// Row numbers in deal-then-time order (ties keep file order), given the deal ids' `DealKeyValues.keys`. Nil
    /// when the entry times cannot be ordered (no history then).
    static func timeOrder(keys: [Int64], entered: Column) -> [Int32]? {
        guard let times = ImportColumns.rawMicros(entered) else { return nil }
        let n = keys.count
        var order = [Int32](unsafeUninitializedCapacity: n) { buffer, count in
            for i in 0..<n { buffer[i] = Int32(i) }
            count = n
        }
        // Exports are nearly always in deal-then-time order already; one linear check saves the sort.
        var sorted = true
        for i in 1..<max(1, n) where keys[i - 1] > keys[i] || (keys[i - 1] == keys[i] && times[i - 1] > times[i]) {
            sorted = false
            break
        }
        if !sorted {
            order.sort { a, b in
                let (x, y) = (Int(a), Int(b))
                if keys[x] != keys[y] { return keys[x] < keys[y] }
                if times[x] != times[y] { return times[x] < times[y] }
                return a < b
            }
        }
        return order
    }

    /// `order` without the rows that repeat the stage of the row before them for the same deal (`keys`: the deal
    /// ids' `DealKeyValues.keys`), and how many were left out. Nil when the stage column is not text.
    static func foldRepeats(_ order: [Int32], keys: [Int64], dealId: Column, stage: Column) -> (
        rows: [Int32], folded: Int
    )? {
        guard let (stageCodes, _) = stage.values.distinctStrings else { return nil }
        var kept: [Int32] = []
        kept.reserveCapacity(order.count)
        for (k, row) in order.enumerated() {
            let r = Int(row)
            if k > 0 {
                let p = Int(order[k - 1])
                let sameStage = stageCodes[p] == stageCodes[r] && stage.isNull(p) == stage.isNull(r)
                if keys[p] == keys[r] && sameStage && !dealId.isNull(r) { continue }
            }
            kept.append(row)
        }
        return (kept, order.count - kept.count)
    }

    /// Each row's exit: the next row's entry when it is the same deal's, else null.
    static func exits(dealId: Column, entered: Column) -> Column {
        let keys = DealKeyValues.keys(dealId) ?? []
        let n = entered.count
        var nulls = NullBitmap(count: n)
        func exitRow(_ i: Int) -> Int? {
            i + 1 < n && keys[i] == keys[i + 1] && !dealId.isNull(i) && !entered.isNull(i + 1) ? i + 1 : nil
        }
        switch entered.values {
        case .date(let days):
            var out = [Int32](repeating: 0, count: n)
            for i in 0..<n { if let j = exitRow(i) { out[i] = days[j] } else { nulls.setNull(i) } }
            return Column(.date(out), nulls: nulls.hasNulls ? nulls : nil)
        default:
            let micros = ImportColumns.rawMicros(entered) ?? []
            var out = [Int64](repeating: 0, count: n)
            for i in 0..<n { if let j = exitRow(i) { out[i] = micros[j] } else { nulls.setNull(i) } }
            return Column(.timestamp(out), nulls: nulls.hasNulls ? nulls : nil)
        }
    }
}

/// One comparable key per row of a deal-id column: the integer itself, or the code of a string id in its
/// deduplicated dictionary (equal ids, equal keys).
enum DealKeyValues {
    static func keys(_ column: Column) -> [Int64]? {
        switch column.values {
        case .int(let values): return values
        case .string:
            guard let (codes, _) = column.values.distinctStrings else { return nil }
            return codes.map { Int64($0) }
        default: return nil
        }
    }

    /// Whether some id appears on more than one row (a history or change log, not a deals table).
    static func hasRepeats(_ column: Column) -> Bool {
        switch column.values {
        case .int(let values):
            var seen = Set<Int64>(minimumCapacity: values.count)
            for (row, v) in values.enumerated() where !column.isNull(row) && !seen.insert(v).inserted { return true }
            return false
        case .string:
            guard let (codes, dictionary) = column.values.distinctStrings else { return false }
            return dictionary.count < codes.count - column.nullCount
        default: return false
        }
    }
}
