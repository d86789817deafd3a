/// The default pipelines CRMs ship with, recognised by their stage names so that an export needs no
/// `pipeline.toml`: the one place pipeq knows them. Probabilities are the CRMs' defaults.
public enum KnownPipelines {
    public struct Pipeline: Sendable {
        public var name: String
        /// Stages in pipeline order: name, outcome, default probability.
        public var stages: [(name: String, outcome: StageOutcome, probability: Double?)]
    }

    public static let all: [Pipeline] = [
        Pipeline(
            name: "Salesforce's default sales process",
            stages: [
                ("Prospecting", .open, 0.10), ("Qualification", .open, 0.10), ("Needs Analysis", .open, 0.20),
                ("Value Proposition", .open, 0.50), ("Id. Decision Makers", .open, 0.60),
                ("Perception Analysis", .open, 0.70),
                ("Proposal/Price Quote", .open, 0.75), ("Negotiation/Review", .open, 0.90),
                ("Closed Won", .won, 1), ("Closed Lost", .lost, 0),
            ]),
        Pipeline(
            name: "HubSpot's default Sales Pipeline",
            stages: [
                ("Appointment Scheduled", .open, 0.20), ("Qualified To Buy", .open, 0.40),
                ("Presentation Scheduled", .open, 0.60),
                ("Decision Maker Bought-In", .open, 0.80), ("Contract Sent", .open, 0.90),
                ("Closed Won", .won, 1), ("Closed Lost", .lost, 0),
            ]),
        Pipeline(
            name: "Pipedrive's default pipeline",
            stages: [
                ("Lead In", .open, nil), ("Qualified", .open, nil), ("Contact Made", .open, nil),
                ("Needs Defined", .open, nil),
                ("Demo Scheduled", .open, nil), ("Proposal Made", .open, nil), ("Negotiations Started", .open, nil),
                ("Won", .won, 1), ("Lost", .lost, 0),
            ]),
        Pipeline(
            name: "Zoho CRM's default pipeline",
            stages: [
                ("Qualification", .open, 0.10), ("Needs Analysis", .open, 0.20), ("Value Proposition", .open, 0.40),
                ("Identify Decision Makers", .open, 0.60), ("Proposal/Price Quote", .open, 0.75),
                ("Negotiation/Review", .open, 0.90),
                ("Closed Won", .won, 1), ("Closed Lost", .lost, 0), ("Closed-Lost to Competition", .lost, 0),
            ]),
    ]

    /// Letters and digits only, lower-cased: "Decision maker bought-in" and "Decision Maker Bought-In" are one stage.
    static func key(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSetLite.isAlphanumeric($0) }.map(Character.init))
    }

    /// The known pipeline every one of `names` belongs to (at least three of them open stages), as stage
    /// definitions in its order with the data's own spellings; nil when none fits.
    public static func recognise(_ names: [String]) -> StageDefinitions? {
        let distinct = Array(Set(names.filter { !$0.isEmpty }))
        guard !distinct.isEmpty else { return nil }
        var best: (pipeline: Pipeline, matched: Int)?
        for pipeline in all {
            let keys = pipeline.stages.map { key($0.name) }
            guard distinct.allSatisfy({ keys.contains(key($0)) }) else { continue }
            let open = distinct.filter { name in
                pipeline.stages.contains { key($0.name) == key(name) && $0.outcome == .open }
            }.count
            guard open >= 3 else { continue }
            if best == nil || open > best!.matched { best = (pipeline, open) }
        }
        guard let pipeline = best?.pipeline else { return nil }
        var stages: [StageDefinition] = []
        for known in pipeline.stages {
            for name in distinct.sorted() where key(name) == key(known.name) {
                stages.append(StageDefinition(name: name, outcome: known.outcome, probability: known.probability))
            }
        }
        return StageDefinitions(stages: stages, origin: "\(pipeline.name), recognised by its stage names")
    }
}

/// ASCII letters and digits, and other Unicode letters and digits, without Foundation.
enum CharacterSetLite {
    static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || s.properties.numericType != nil
    }
}
