import PipeQCore

/// The second look at a loaded table's text columns: values written the way locales and CRM exports write them
/// (`1/13/2025`, `13.01.2025 14:05`, `10%`, `$1,200.00`, `12.500,50`, `(1,200.00)`, ISO datetimes with an offset)
/// become dates, datetimes and numbers, and `""` or blank values in such a column become nulls.
///
/// It works on each string column's dictionary, so it costs per distinct value, not per row: every entry is
/// read once (see `ColumnEvidence`, which gives up after a few entries that fit nothing), the column is typed
/// from all of them, and the codes are mapped to the typed values. Columns the CSV reader already typed are
/// not looked at, so a plain file pays only for its text columns' first entries.
///
/// Per column, from all its values (see `ColumnDecision`):
/// - the day/month order: a first part above 12 means day first, a second part above 12 month first; dots are
///   day first; a column no value decides takes the order the table's other date columns decided; still
///   undecided, or decided both ways, it stays text with a note saying how to choose (`--date-format`);
/// - the decimal separator: the one under which every value reads; when both do (`1.250`), the comma in a
///   `;`-delimited file (`ValueFormatOptions.decimalCommaLikely`), else the point; contradicting values keep text;
/// - a column mixing percentages with plain numbers, or several currencies, stays text.
/// Each column converted, and each left text although most of its values fit, gives one note; the latter's
/// reason also goes to `ColumnInfo.textReason` for error hints.
public enum ColumnRetyper {
    public static func retype(_ table: Table, options: ValueFormatOptions) -> (table: Table, notes: [String]) {
        let format = options.dateFormat.flatMap { try? DateFormat.parse($0).get() }
        var decisions: [(index: Int, decision: ColumnDecision)] = []
        for (i, field) in table.fields.enumerated() {
            guard case .string(let codes, let dictionary) = field.column.values, !dictionary.hasCustomOrder else {
                continue
            }
            let evidence = ColumnEvidence(dictionary, options: options, format: format)
            guard !evidence.gaveUp, evidence.numbers + evidence.dates > 0 else { continue }
            decisions.append(
                (
                    i,
                    ColumnDecision(
                        table: table.name, column: field.name, evidence: evidence, codes: codes,
                        dictionary: dictionary, nulls: field.column.nulls, options: options, format: format)
                ))
        }
        guard !decisions.isEmpty else { return (table, []) }
        // Date columns that decide their order alone lend it to the ones that cannot.
        var lenders: [(DateOrder, String)] = []
        for (_, d) in decisions { if let order = d.ownDateOrder { lenders.append((order, d.column)) } }
        let tableOrder = Set(lenders.map(\.0)).count == 1 ? lenders.first : nil
        var fields = table.fields
        var notes: [String] = []
        for (i, decision) in decisions {
            let outcome = decision.decide(tableOrder: tableOrder)
            if let column = outcome.column {
                fields[i].column = column
                fields[i].info.timeZone = outcome.timeZone
            }
            if let reason = outcome.textReason { fields[i].info.textReason = reason }
            if let note = outcome.note { notes.append(note) }
        }
        return (
            Table(
                name: table.name, fields: fields, sourcePath: table.sourcePath, role: table.role, derived: table.derived
            ), notes
        )
    }
}

/// Which of a date's first two parts is the month.
enum DateOrder: Hashable {
    case monthFirst, dayFirst
}
