/// A change log's close-date and amount rows (Pipedrive's `expected_close_date` and `value`) as a terms table:
/// one row per change of either, in each deal's change order, the other column null.
enum ChangeLogTerms {
    /// The field keys read as the close date and the amount, most specific first.
    static let closeKeys = ["expected_close_date"]
    static let amountKeys = ["value", "amount"]

    /// Nil when the log changes neither field (or none of its values parse as a date or a number).
    static func table(_ pivot: ChangeLogPivot, name: String) -> Table? {
        let close = closeKeys.lazy.compactMap { pivot.key($0) }.first.map(Int32.init)
        let amount = amountKeys.lazy.compactMap { pivot.key($0) }.first.map(Int32.init)
        guard close != nil || amount != nil else { return nil }
        let rows = pivot.order.filter { pivot.keyOfRow[Int($0)] == close || pivot.keyOfRow[Int($0)] == amount }
        guard !rows.isEmpty else { return nil }
        let source = pivot.table.fields[pivot.columns.dealId]
        func field(_ key: Int32?, _ type: ChangeLogFieldType, accepts: (DataType) -> Bool) -> Field? {
            guard let key else { return nil }
            let column = type.column(rows: rows.map { pivot.keyOfRow[Int($0)] == key ? $0 : -1 }, values: pivot.values)
            guard accepts(column.type) else { return nil }
            return Field(ColumnInfo(name: pivot.keys[Int(key)]), column)
        }
        return TermsTable.make(
            name: name, sourcePath: pivot.table.sourcePath, dealId: Field(source.info, source.column.gathered(rows)),
            changedAt: Field(
                ColumnInfo(name: pivot.table.fields[pivot.columns.time].info.header),
                ImportColumns.timestamps(rows.map { pivot.times[Int($0)] })),
            closeDate: field(close, .date, accepts: \.isTemporal), amount: field(amount, .number, accepts: \.isNumeric),
            rows: Array(0..<Int32(rows.count)))
    }
}
