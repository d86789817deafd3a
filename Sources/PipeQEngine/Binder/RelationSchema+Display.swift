import PipeQStorage

extension RelationSchema {
    /// The schema with `encoding` on the named fields (how verbs mark their rate and count columns).
    func displaying(_ names: [String], as encoding: CellEncoding) -> RelationSchema {
        var copy = self
        for i in copy.fields.indices where names.contains(copy.fields[i].name) {
            copy.fields[i].info.encoding = encoding
        }
        return copy
    }
}

/// The row displays of the verbs whose value columns mix counts, rates and amounts (`metrics`, `compare`): one
/// list, keyed by the metric names those verbs write.
enum MetricDisplay {
    static let rules: [RowDisplay] = [
        RowDisplay("deals", .wholeNumber),
        RowDisplay("open deals", .wholeNumber),
        RowDisplay("new deals, last ", prefix: true, .wholeNumber),
        RowDisplay("win rate", .rate),
        RowDisplay("stale share", .rate),
        RowDisplay("conversion", prefix: true, .rate),
        RowDisplay("attainment", .rate),
    ]

    static var encoding: CellEncoding { .byRow(key: "metric", rules: rules) }
}
