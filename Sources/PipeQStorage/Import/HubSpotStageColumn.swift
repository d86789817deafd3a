/// One of the per-stage columns of a HubSpot deal export, read from its header.
///
/// The export's own form: `Date entered "Appointment Scheduled (Sales Pipeline)"`, `Date exited "…"`, and the
/// durations `Time in "…"`, `Latest time in "…"`, `Cumulative time in "…"`. The API's internal property names:
/// `hs_v2_date_entered_<stageid>`, `hs_v2_date_exited_<stageid>`, `hs_v2_time_in_<stageid>`, … and the older
/// `hs_date_entered_<stageid>`, `hs_date_exited_<stageid>`, `hs_time_in_<stageid>`.
struct HubSpotStageColumn: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case entered, exited
        /// A duration (time in, latest time in, cumulative time in): dropped, the history gives it.
        case duration
    }

    /// The field's index in its table.
    let field: Int
    let kind: Kind
    /// The quoted text of a label-form header ("Appointment Scheduled (Sales Pipeline)"), or the stage id of an
    /// internal property ("appointmentscheduled", "93480117").
    let stage: String
    /// True for `hs_…_<stageid>` properties.
    let isInternal: Bool
    /// True for the older `hs_date_entered_…` properties (the `hs_v2_…` ones win when both are there).
    let isLegacy: Bool

    /// Label-form prefixes (lower-cased), longest first so "cumulative time in" is not read as "time in".
    private static let labelPrefixes: [(String, Kind)] = [
        ("cumulative time in ", .duration), ("latest time in ", .duration), ("date entered ", .entered),
        ("date exited ", .exited), ("time in ", .duration),
    ]
    /// Internal property prefixes; `legacy` for the pre-v2 names.
    private static let internalPrefixes: [(prefix: String, kind: Kind, legacy: Bool)] = [
        ("hs_v2_date_entered_", .entered, false), ("hs_v2_date_exited_", .exited, false),
        ("hs_v2_cumulative_time_in_", .duration, false), ("hs_v2_latest_time_in_", .duration, false),
        ("hs_v2_time_in_", .duration, false),
        ("hs_date_entered_", .entered, true), ("hs_date_exited_", .exited, true), ("hs_time_in_", .duration, true),
    ]

    /// The column a header names, or nil when it is not a per-stage column.
    static func parse(header: String, field: Int) -> HubSpotStageColumn? {
        let trimmed = String(header.trimmingWhitespace)
        let lower = trimmed.lowercased()
        for (prefix, kind) in labelPrefixes where lower.hasPrefix(prefix) {
            let rest = trimmed.dropFirst(prefix.count)
            guard let open = rest.first, let close = rest.last, rest.count > 2,
                (open == "\"" && close == "\"") || (open == "\u{201C}" && close == "\u{201D}")
            else { return nil }
            let stage = String(String(rest.dropFirst().dropLast()).trimmingWhitespace)
            guard !stage.isEmpty else { return nil }
            return HubSpotStageColumn(field: field, kind: kind, stage: stage, isInternal: false, isLegacy: false)
        }
        for entry in internalPrefixes where lower.hasPrefix(entry.prefix) {
            let id = String(lower.dropFirst(entry.prefix.count))
            guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                return nil
            }
            return HubSpotStageColumn(
                field: field, kind: entry.kind, stage: id, isInternal: true, isLegacy: entry.legacy)
        }
        return nil
    }

    /// A label-form stage text split at its last parenthesised group: ("Closed Won", "Renewals") for
    /// "Closed Won (Renewals)"; nil when the text does not end in one.
    static func splitPipeline(_ text: String) -> (label: String, pipeline: String)? {
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "(") else { return nil }
        let label = String(String(text[..<open]).trimmingWhitespace)
        let pipeline = String(
            String(text[text.index(after: open)..<text.index(before: text.endIndex)]).trimmingWhitespace)
        guard !label.isEmpty, !pipeline.isEmpty else { return nil }
        return (label, pipeline)
    }
}
