/// The loaded tables as the export adapters see them, between loading and role mapping.
///
/// An adapter recognises one CRM's export shape (a Pipedrive change log, HubSpot's date-entered columns,
/// Salesforce's OpportunityHistory) and rewrites it into the shape pipeq's verbs read: a deals table with
/// canonical columns, a stage history with one row per stay. It may replace or add tables, say what it
/// did in `notes`, and record a stage order the export itself states.
public struct ImportState: Sendable {
    /// Tables in load order; an adapter may replace, add or (for a consumed intermediate) drop tables.
    public var tables: [Table]
    /// One line per thing an adapter recognised, derived or dropped, shown by `--schema` and `.schema`.
    public var notes: [String]
    /// A stage order the export itself states (a stages table's ids, HubSpot's column order), if any.
    /// `pipeline.toml` still wins over it; it wins over inference.
    public var stageOrder: StageDefinitions?

    public init(tables: [Table], notes: [String] = [], stageOrder: StageDefinitions? = nil) {
        self.tables = tables
        self.notes = notes
        self.stageOrder = stageOrder
    }

    /// The index of the first table satisfying `predicate`.
    public func index(where predicate: (Table) -> Bool) -> Int? { tables.firstIndex(where: predicate) }

    /// Whether a table of this name is loaded.
    public func hasTable(named name: String) -> Bool { tables.contains { $0.name == name } }

    /// A table name not yet taken: `base`, else `base_2`, `base_3` …
    public func freeName(_ base: String) -> String {
        if !hasTable(named: base) { return base }
        var k = 2
        while hasTable(named: "\(base)_\(k)") { k += 1 }
        return "\(base)_\(k)"
    }
}

/// One CRM export shape turned into pipeq's shape. Adapters run in `ExportAdapters.all` order, each
/// seeing what the ones before it left.
protocol ExportAdapter {
    static func adapt(_ state: inout ImportState)
}

/// The adapters, in the order they run.
enum ExportAdapters {
    static var all: [any ExportAdapter.Type] {
        [
            PipedriveChangeLog.self,
            PipedriveDealsExport.self,
            HubSpotDealsExport.self,
            SalesforceIds.self,
            SalesforceFieldHistory.self,
            OwnerNames.self,
            // Last: it gives exit dates to whatever stage history the adapters above left without them.
            HistoryStays.self,
        ]
    }

    static func apply(_ state: inout ImportState) {
        for adapter in all { adapter.adapt(&state) }
    }
}
