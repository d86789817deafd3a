/// Where a field-change log (Pipedrive's deal changelog, "deal updates", `deal_changes.csv`) keeps its deal id,
/// change time, field key and new value.
struct ChangeLogColumns: Equatable {
    let dealId: Int
    let time: Int
    let key: Int
    let value: Int

    /// Time column names, most specific first; any other date or datetime column is the fallback.
    private static let timeNames = [
        "change_time", "log_time", "changed_at", "change_date", "time", "timestamp",
        "update_time", "updated_at", "date",
    ]

    /// The log's columns, when `table` is a change log (`ChangeLogDetector.isChangeLog`).
    static func find(in table: Table) -> ChangeLogColumns? {
        guard ChangeLogDetector.isChangeLog(table) else { return nil }
        let names = table.fields.map { RoleSynonyms.normalise($0.name) }
        guard let key = names.firstIndex(where: { ChangeLogDetector.fieldKeyNames.contains($0) }),
            let value = names.firstIndex(where: { ChangeLogDetector.newValueNames.contains($0) })
        else { return nil }
        var dealId: Int?
        for synonym in RoleSynonyms.names(for: .dealId, in: .history) {
            if let i = names.indices.first(where: {
                names[$0] == synonym && RoleSynonyms.accepts(.dealId, table.fields[$0].type)
            }) {
                dealId = i
                break
            }
        }
        let temporal = table.fields.indices.filter { table.fields[$0].type.isTemporal && $0 != key && $0 != value }
        let time = timeNames.lazy.compactMap { name in temporal.first { names[$0] == name } }.first ?? temporal.first
        guard let dealId, let time, dealId != key, dealId != value else { return nil }
        return ChangeLogColumns(dealId: dealId, time: time, key: key, value: value)
    }
}
