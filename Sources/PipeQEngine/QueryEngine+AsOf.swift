import PipeQCore
import PipeQLanguage
import PipeQStorage

extension QueryEngine {
    /// Moves "today". A date before the data's last recorded change means "the pipeline as it stood then":
    /// queries on deals and history then run on the snapshot rebuilt from the history (what `deals asof DATE`
    /// does), never on today's rows with a past date. Without a history table that cannot be rebuilt, so
    /// such a date is refused.
    public func setAsOf(_ day: Int32) throws(Diagnostic) {
        if let latest = Self.latestChange(in: catalog), day < latest {
            guard catalog.table(role: .deals) != nil, HistoryColumns.find(catalog, needTimes: true) != nil else {
                throw Diagnostic(
                    .usage,
                    "\(CivilTime.formatDate(Int(day))) is before the data's last recorded change "
                        + "(\(CivilTime.formatDate(Int(latest)))), and without a stage history pipeq cannot rebuild "
                        + "the pipeline as it stood then: ages and counts would mix today's deals with a past date",
                    hint: "use a date on or after \(CivilTime.formatDate(Int(latest))), or load the stage history "
                        + "beside the deals and ask `deals asof DATE`")
            }
            snapshotDay = day
        } else {
            snapshotDay = nil
        }
        asOfDay = day
        asOfIsFixed = true
        asOfCatalogs.clear()
    }

    /// Forgets what was derived from the tables (the `.asof` snapshot) after the catalog changed (`.load`);
    /// a past as-of date is checked again against the new data.
    public func datasetChanged() {
        asOfCatalogs.clear()
        if let day = snapshotDay ?? (asOfIsFixed ? asOfDay : nil) {
            if (try? setAsOf(day)) == nil {
                snapshotDay = nil
            }
        }
    }

    /// The last day anything happened in the deals and history tables: a deal created, a stage entered or left.
    /// Close dates are left out (an open deal's is a plan, not an event).
    public static func latestChange(in catalog: Catalog) -> Int32? {
        var latest: Int32?
        func consider(_ table: Table?, _ roles: [ColumnRole]) {
            guard let table else { return }
            for role in roles {
                guard let i = table.fieldIndex(role: role) else { continue }
                let column = table.fields[i].column
                var best: Int64?
                switch column.values {
                case .date(let days):
                    for (row, d) in days.enumerated() where !column.isNull(row) { best = max(best ?? .min, Int64(d)) }
                case .timestamp(let micros):
                    for (row, t) in micros.enumerated() where !column.isNull(row) {
                        best = max(best ?? .min, CivilTime.floorDiv(t, CivilTime.microsPerDay))
                    }
                default: continue
                }
                if let best { latest = max(latest ?? .min, Int32(clamping: best)) }
            }
        }
        consider(catalog.table(role: .deals), [.created, .stageEntered])
        consider(catalog.table(role: .history), [.enteredAt, .exitedAt])
        return latest
    }

    /// The root table a query reads: its own source, or the table under a chain of `let` names.
    func rootSource(of query: Query) -> String {
        var source = query.source
        var definition = lets[source]
        while let current = definition {
            source = current.query.source
            definition = current.sourceDefinition
        }
        return source
    }
}
