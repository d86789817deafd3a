import PipeQCore
import PipeQStorage
import Synchronization

/// The pipeline as of a day, rebuilt once and kept for the next query on the same day: `deals asof DATE` scans
/// (deals and history both read one rebuild) and a session's `.asof` date share it. Holds one day.
public final class AsOfCatalogs: Sendable {
    private let kept = Mutex<(day: Int32, source: Catalog, catalog: Catalog)?>(nil)

    public init() {}

    /// The table `scan` reads: `table` as it stood at the end of the scan's day.
    func table(_ table: Table, asOf read: AsOfRead, cancellation: CancellationFlag) throws(Diagnostic) -> Table {
        let rebuilt = try catalog(read, cancellation: cancellation)
        // Rebuilding keeps the catalog's table order, replacing deals and history in place.
        guard let i = read.catalog.tables.firstIndex(where: { $0 === table }) else { return table }
        return rebuilt.tables[i]
    }

    func catalog(_ read: AsOfRead, cancellation: CancellationFlag) throws(Diagnostic) -> Catalog {
        if let kept = kept.withLock({ $0 }), kept.day == read.day, kept.source === read.catalog { return kept.catalog }
        let made = try PipelineAsOf.catalog(read.catalog, day: read.day, span: read.span, cancellation: cancellation)
        kept.withLock { $0 = (read.day, read.catalog, made) }
        return made
    }

    /// Forgets the kept rebuild (the catalog changed).
    public func clear() { kept.withLock { $0 = nil } }
}
