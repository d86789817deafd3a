import PipeQCore
import PipeQStorage

/// How `deals asof DATE` rebuilds the deals and history tables (`PipelineAsOf`, `DealTimeline`), in the terms a
/// backend needs to write the rebuild itself (the SQL compiler): the tables, their role columns, and what the
/// rebuilt columns' values and orders are made of. Everything here comes from the catalog, no rows are read
/// beyond the dictionaries (and the probability column's scale).
public struct AsOfForm: @unchecked Sendable {
    public let deals: Table
    public let history: HistoryRead
    public let id: Int
    public let stage: Int
    public let stageEntered: Int?
    public let created: Int?
    /// The stage names a rebuilt deal can have: the history's stages, then current stages it never mentions
    /// (`DealTimeline.labels`).
    public let labels: [String]
    /// The rebuilt stage column's sort order (nil: byte order).
    public let stageOrder: [String]?

    public init(_ read: AsOfRead) throws(Diagnostic) {
        let inputs = try PipelineAsOf.inputs(read.catalog, span: read.span)
        let deals = inputs.deals
        self.deals = deals
        history = inputs.history.read
        id = inputs.id
        stage = inputs.stage
        func temporal(_ role: ColumnRole) -> Int? {
            deals.fieldIndex(role: role).flatMap { deals.fields[$0].type.isTemporal ? $0 : nil }
        }
        stageEntered = temporal(.stageEntered)
        created = temporal(.created)
        var labels: [String] = []
        var seen: Set<String> = []
        for column in [inputs.history.column(inputs.history.stage), deals.fields[stage].column] {
            guard let (_, dictionary) = column.values.distinctStrings else { continue }
            for value in dictionary.values where seen.insert(value).inserted { labels.append(value) }
        }
        self.labels = labels
        self.stageOrder = PipelineAsOf.stageOrder(deals.fields[stage].column, stages: read.catalog.stages)
    }

    /// A status column rebuilt: the spelling of open, won and lost in its own values, and its sort order.
    public static func status(_ original: Column) -> (names: [String], order: [String]?) {
        let spelling = PipelineAsOf.statusSpelling(original)
        return (spelling.names, spelling.order)
    }

    /// A probability column rebuilt: the scale of its values (100 when any is above 1, percentages) that the
    /// stage definitions' probabilities are given in where the stage changed.
    public static func probabilityScale(_ original: Column) -> Double {
        PipelineAsOf.probabilityScale(original)
    }
}
