/// A Pipedrive stages table: `stage_id, stage_name` (as in a hand-made export) or Pipedrive's own
/// `id, name, order_nr, pipeline_id[, pipeline_name]`. It states the pipeline's stage order.
struct PipedriveStageTable {
    struct Row {
        var id: String
        var name: String
        var orderNumber: Double?
        var pipeline: String?
    }

    let table: Table
    /// The rows in pipeline order: by pipeline, then `order_nr` when there is one, else by id.
    let rows: [Row]
    /// What decided the order ("order_nr", "stage ids").
    let orderedBy: String

    static func find(in tables: [Table]) -> PipedriveStageTable? {
        for t in tables {
            let names = t.fields.map { RoleSynonyms.normalise($0.name) }
            let stageish = t.name.lowercased().contains("stage")
            let id =
                names.firstIndex(of: "stage_id")
                ?? (stageish || names.contains("order_nr") ? names.firstIndex(of: "id") : nil)
            let name = names.firstIndex(of: "stage_name") ?? names.firstIndex(of: "name")
            guard let id, let name, id != name, t.fields[name].type == .string else { continue }
            // A deals table also has a stage_id and a name; a lookup has few other columns.
            guard stageish || names.count <= 3 || names.contains("order_nr") else { continue }
            return PipedriveStageTable(t, id: id, name: name, names: names)
        }
        return nil
    }

    private init(_ t: Table, id: Int, name: Int, names: [String]) {
        table = t
        let ids = TextCodes.cells(t.fields[id].column)
        let labels = TextCodes.cells(t.fields[name].column)
        let order = names.firstIndex(of: "order_nr").map { TextCodes.cells(t.fields[$0].column) }
        let pipelineColumn =
            names.firstIndex(of: "pipeline_name") ?? names.firstIndex(of: "pipeline_id")
            ?? names.firstIndex(of: "pipeline")
        let pipelines = pipelineColumn.map { TextCodes.cells(t.fields[$0].column) }
        var rows: [Row] = []
        for i in 0..<t.rowCount {
            guard let stageId = ids[i], let label = labels[i] else { continue }
            rows.append(
                Row(id: stageId, name: label, orderNumber: order?[i].flatMap { Double($0) }, pipeline: pipelines?[i]))
        }
        // Pipelines in first-appearance order; within one, order_nr (else the numeric id), file order on ties.
        var pipelineRank: [String: Int] = [:]
        for row in rows { if let p = row.pipeline, pipelineRank[p] == nil { pipelineRank[p] = pipelineRank.count } }
        let useOrder = order != nil && rows.allSatisfy { $0.orderNumber != nil }
        let sortKey: (Row) -> Double = { row in useOrder ? row.orderNumber! : Double(row.id) ?? .infinity }
        let indexed = rows.enumerated().sorted { a, b in
            let pa = a.element.pipeline.flatMap { pipelineRank[$0] } ?? 0
            let pb = b.element.pipeline.flatMap { pipelineRank[$0] } ?? 0
            if pa != pb { return pa < pb }
            let ka = sortKey(a.element)
            let kb = sortKey(b.element)
            return ka != kb ? ka < kb : a.offset < b.offset
        }
        self.rows = indexed.map(\.element)
        orderedBy = useOrder ? "order_nr" : "stage ids"
    }

    /// The stage order this table states, all stages open (Pipedrive's won and lost are deal statuses, not stages).
    /// Pipelines are named only when there are several; a name repeated across pipelines is kept once, at its first place.
    var definitions: StageDefinitions {
        let pipelines = Set(rows.compactMap(\.pipeline))
        var seen = Set<String>()
        var stages: [StageDefinition] = []
        for row in rows where seen.insert(row.name).inserted {
            stages.append(
                StageDefinition(name: row.name, outcome: .open, pipeline: pipelines.count > 1 ? row.pipeline : nil))
        }
        return StageDefinitions(stages: stages, origin: "\(Self.shortPath(table)) (\(orderedBy))")
    }

    /// `file.csv` for a table from a file, else the table's name (for notes).
    static func fileName(_ t: Table) -> String {
        t.sourcePath.flatMap { $0.split(separator: "/").last.map(String.init) } ?? t.name
    }

    /// `folder/file.csv` for a table from a file, else the table's name.
    static func shortPath(_ t: Table) -> String {
        guard let path = t.sourcePath else { return t.name }
        let parts = path.split(separator: "/")
        return parts.suffix(2).joined(separator: "/")
    }
}
