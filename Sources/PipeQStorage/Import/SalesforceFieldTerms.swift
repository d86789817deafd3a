import Foundation
import PipeQCore

/// Salesforce's OpportunityFieldHistory `CloseDate` and `Amount` rows as a terms table: each change's `NewValue` at
/// its `CreatedDate`, and the value a deal's first change of a field replaced (`OldValue`) at the opportunity's
/// creation (its `created` row), so the terms before the first edit are known too. One row per value, the other
/// column null, in each deal's time order.
enum SalesforceFieldTerms {
    /// One logged value: the deal, when, its row (negative for a start value, before every change), and a close
    /// date or an amount.
    private struct Value {
        var deal: String
        var time: Int64
        var row: Int
        var close: Int32?
        var amount: Double?
    }

    /// Nil when the history changes neither field.
    static func table(_ table: Table, _ shape: SalesforceFieldHistory.Shape, name: String) -> Table? {
        let ids = TextCodes(table.fields[shape.dealId].column)
        let field = TextCodes(table.fields[shape.field].column)
        let old = TextCodes(table.fields[shape.oldValue].column)
        let new = TextCodes(table.fields[shape.newValue].column)
        let timeColumn = table.fields[shape.created].column
        guard let micros = ImportColumns.rawMicros(timeColumn) else { return nil }
        var createdAt: [String: Int64] = [:]
        var changes: [Value] = []
        // Per deal and field (0 close date, 1 amount): its first change, whose old value started the deal.
        var first: [String: [Int?]] = [:]
        for row in 0..<table.rowCount {
            guard let id = ids.text(row), !timeColumn.isNull(row), let name = field.text(row)?.lowercased() else {
                continue
            }
            let kind: Int
            switch name {
            case "created", "opportunitycreatedfromlead":
                createdAt[id] = min(createdAt[id] ?? .max, micros[row])
                continue
            case "closedate": kind = 0
            case "amount": kind = 1
            default: continue
            }
            var firsts = first[id] ?? [nil, nil]
            if firsts[kind].map({ micros[$0] > micros[row] }) ?? true { firsts[kind] = row }
            first[id] = firsts
            if let value = parse(new.text(row), kind, deal: id, time: micros[row], row: row) { changes.append(value) }
        }
        guard !changes.isEmpty else { return nil }
        for (id, firsts) in first {
            guard let created = createdAt[id] else { continue }
            for (kind, row) in firsts.enumerated() {
                // Rows -2 and -1 (close date, amount): before every change of the deal, at its creation time.
                if let row, let value = parse(old.text(row), kind, deal: id, time: created, row: kind - 2) {
                    changes.append(value)
                }
            }
        }
        changes.sort { a, b in
            if a.deal != b.deal { return a.deal < b.deal }
            return a.time != b.time ? a.time < b.time : a.row < b.row
        }
        // A column only for a field the history logs.
        let close = changes.contains { $0.close != nil } ? changes.map(\.close) : nil
        let amount = changes.contains { $0.amount != nil } ? changes.map(\.amount) : nil
        return TermsTable.make(
            name: name, sourcePath: table.sourcePath,
            dealId: Field(table.fields[shape.dealId].info, ImportColumns.strings(changes.map(\.deal))),
            changedAt: Field(table.fields[shape.created].info, ImportColumns.timestamps(changes.map(\.time))),
            closeDate: close.map {
                Field(ColumnInfo(name: "close_date", header: "CloseDate"), ImportColumns.dates($0))
            },
            amount: amount.map { Field(ColumnInfo(name: "amount", header: "Amount"), ImportColumns.numbers($0)) },
            rows: Array(0..<Int32(changes.count)))
    }

    /// A logged value as a close date (kind 0) or an amount (kind 1); nil when empty or unreadable.
    private static func parse(_ text: String?, _ kind: Int, deal: String, time: Int64, row: Int) -> Value? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if kind == 0 {
            guard let day = CivilTime.parseDate(String(text.prefix(10))) else { return nil }
            return Value(deal: deal, time: time, row: row, close: day)
        }
        guard let amount = Double(text) else { return nil }
        return Value(deal: deal, time: time, row: row, amount: amount)
    }
}
