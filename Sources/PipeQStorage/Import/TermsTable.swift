/// The terms table an import keeps beside a stage history: each deal's close date and amount over time, one
/// row per change that recorded either (`deal_id, changed_at, close_date, amount`), in deal-then-time order.
///
/// Salesforce's OpportunityHistory and Pipedrive's change log record a close-date or amount edit as a row of
/// its own; the stage history folds those rows into the stay they happened in (stage times stay right), so
/// without this table a deal pushed three times within one stage would count as one push or none, and an
/// amount change inside a stage would vanish. `changes` and `slipped` read this table when it is there.
enum TermsTable {
    /// The table's name beside a history called `history`: `history_terms`.
    static func name(for history: String) -> String { "\(history)_terms" }

    /// The table of `rows` (in the order given) that record a close date or an amount, without those that repeat
    /// the same deal's row before them in both (a stage change logs the terms again unchanged: as of any day a deal's
    /// terms are the same without them, and a 10M-deal history keeps about half its rows); nil when none does.
    /// - Parameters: the source's deal-id, change-time, close-date and amount fields (row-aligned with the
    ///   source; close date and amount nil when it has none). Columns take canonical names and keep the rest of
    ///   their info.
    static func make(
        name: String, sourcePath: String?, dealId: Field, changedAt: Field, closeDate: Field?, amount: Field?,
        rows: [Int32]
    ) -> Table? {
        guard closeDate != nil || amount != nil else { return nil }
        func recorded(_ field: Field?, _ row: Int) -> Bool { field.map { !$0.column.isNull(row) } ?? false }
        var kept: [Int32] = []
        for row in rows {
            let r = Int(row)
            guard !changedAt.column.isNull(r), recorded(closeDate, r) || recorded(amount, r) else { continue }
            if let last = kept.last.map(Int.init), Self.sameValue(dealId.column, r, last),
                closeDate.map({ Self.sameValue($0.column, r, last) }) ?? true,
                amount.map({ Self.sameValue($0.column, r, last) }) ?? true
            {
                continue
            }
            kept.append(row)
        }
        guard !kept.isEmpty else { return nil }
        let named: [(String, Field?)] = [
            ("deal_id", dealId), ("changed_at", changedAt), ("close_date", closeDate), ("amount", amount),
        ]
        let fields = named.compactMap { name, field -> Field? in
            guard let field else { return nil }
            var info = field.info  // its header, time zone and text reasons stay
            info.name = name
            info.role = nil
            return Field(info, field.column.gathered(kept))
        }
        return Table(name: name, fields: fields, sourcePath: sourcePath, role: .terms)
    }

    /// Whether rows `a` and `b` of `column` hold the same value (two nulls do).
    static func sameValue(_ column: Column, _ a: Int, _ b: Int) -> Bool {
        let (nullA, nullB) = (column.isNull(a), column.isNull(b))
        guard !nullA, !nullB else { return nullA == nullB }
        switch column.values {
        case .int(let v), .timestamp(let v), .duration(let v): return v[a] == v[b]
        case .double(let v): return v[a] == v[b]
        case .bool(let v): return v[a] == v[b]
        case .date(let v): return v[a] == v[b]
        case .string(let codes, _): return codes[a] == codes[b]
        }
    }

    /// What the import note says about a kept table.
    static func note(_ table: Table, from source: String) -> String {
        let what = [
            table.fields.contains { $0.name == "close_date" } ? "close date" : nil,
            table.fields.contains { $0.name == "amount" } ? "amount" : nil,
        ].compactMap { $0 }.joined(separator: " and ")
        return "\(table.name): \(table.rowCount) \(what) row\(table.rowCount == 1 ? "" : "s") of \(source) kept "
            + "(every change, also those within one stage), for changes and slipped"
    }
}
