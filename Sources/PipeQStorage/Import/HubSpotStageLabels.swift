/// Internal HubSpot stage ids (`appointmentscheduled`, `93480117`) and the labels users see.
///
/// The default "Sales Pipeline" (pipeline id `default`) has fixed ids; custom stages have numeric ids whose
/// labels only the account knows, so they are learnt from an export that carries both forms: a stage-id
/// column beside a stage-label column, or a label-form date-entered column holding the same times as an
/// id-form one.
struct HubSpotStageLabels: Sendable {
    /// The default Sales Pipeline's stage ids and labels, from HubSpot's pipelines documentation.
    static let salesPipeline: [String: String] = [
        "appointmentscheduled": "Appointment Scheduled",
        "qualifiedtobuy": "Qualified To Buy",
        "presentationscheduled": "Presentation Scheduled",
        "decisionmakerboughtin": "Decision Maker Bought-In",
        "contractsent": "Contract Sent",
        "closedwon": "Closed Won",
        "closedlost": "Closed Lost",
    ]
    /// The default pipeline's id and label.
    static let defaultPipeline = (id: "default", label: "Sales Pipeline")

    private(set) var labels: [String: String] = Self.salesPipeline

    func label(for id: String) -> String? { labels[id.lowercased()] }

    /// Learns id → label from two string columns of the same rows: where one holds a known stage id and the
    /// other a value that is not an id, the latter is that id's label. Only ids in `ids` are learnt; an id
    /// seen with two different labels keeps the first.
    mutating func learn(ids: Column, labels labelColumn: Column, among wanted: Set<String>) {
        guard let (idCodes, idDictionary) = ids.values.distinctStrings,
            let (labelCodes, labelDictionary) = labelColumn.values.distinctStrings
        else { return }
        let idText = idDictionary.values.map { $0.lowercased() }
        let isWanted = idText.map { wanted.contains($0) }
        var learnt = [Bool](repeating: false, count: idDictionary.count)
        for row in 0..<idCodes.count where !ids.isNull(row) && !labelColumn.isNull(row) {
            let code = Int(idCodes[row])
            guard isWanted[code], !learnt[code] else { continue }
            learnt[code] = true
            let label = labelDictionary.string(Int(labelCodes[row]))
            if labels[idText[code]] == nil && label.lowercased() != idText[code] { labels[idText[code]] = label }
        }
    }

    /// Learns `id` → `label` (a label-form column and an id-form column found to hold the same times).
    mutating func learn(id: String, label: String) {
        if labels[id.lowercased()] == nil { labels[id.lowercased()] = label }
    }

    /// Whether `column`'s values are mostly stage ids of `wanted` (to tell an id column from a label column).
    static func holdsIds(_ column: Column, of wanted: Set<String>) -> Bool {
        guard case .string(_, let dictionary) = column.values else {
            // Custom stage ids are numbers: an integer stage column holds ids.
            if case .int = column.values { return true }
            return false
        }
        let values = dictionary.values
        let hits = values.filter { wanted.contains($0.lowercased()) }.count
        return hits > 0 && hits * 2 >= values.count
    }
}
