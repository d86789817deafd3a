/// Column-level helpers for pipeline roles: stage order, the synthesised status column, and the
/// inputs `StageInference` needs.
enum StageColumns {
    /// The stage column re-encoded so it sorts in pipeline order (same codes, new ranks).
    static func ordered(_ column: Column, by stages: StageDefinitions) -> Column {
        guard case .string(let codes, let dictionary) = column.values, !stages.stages.isEmpty else { return column }
        return Column(.string(codes, dictionary.withOrder(stages.order)), nulls: column.nulls)
    }

    /// `open`/`won`/`lost` per row from the stage's outcome; null where the stage is null.
    static func status(from stage: Column, stages: StageDefinitions) -> Column? {
        guard case .string(let codes, let dictionary) = stage.values else { return nil }
        let outcomes: [StageOutcome] = [.open, .won, .lost]
        let statusDictionary = StringDictionary(values: outcomes.map(\.rawValue), order: outcomes.map(\.rawValue))
        let codeForStage = dictionary.values.map { UInt32(outcomes.firstIndex(of: stages.outcome(of: $0))!) }
        let statusCodes = codes.map { codeForStage[Int($0)] }
        return Column(.string(statusCodes, statusDictionary), nulls: stage.nulls)
    }

    /// Distinct non-null strings of a string column in first-appearance order.
    static func distinctValues(_ column: Column) -> [String] {
        guard case .string(let codes, let dictionary) = column.values else { return [] }
        var seen = [Bool](repeating: false, count: dictionary.count)
        var out: [String] = []
        for (row, code) in codes.enumerated() where !seen[Int(code)] && !column.isNull(row) {
            seen[Int(code)] = true
            out.append(dictionary.string(Int(code)))
            if out.count == dictionary.count { break }
        }
        return out
    }

    /// History rows as a `StageHistorySample`, skipping rows with a null deal, stage or time.
    static func historySample(dealId: Column, stage: Column, entered: Column) -> StageHistorySample? {
        guard case .string(let stageCodes, let stageDictionary) = stage.values else { return nil }
        let keys: [Int64]
        switch dealId.values {
        case .int(let values): keys = values
        case .string(let codes, _): keys = codes.map(Int64.init)
        default: return nil
        }
        let times: [Int64]
        switch entered.values {
        case .timestamp(let values): times = values
        case .date(let values): times = values.map(Int64.init)
        default: return nil
        }
        var sample = StageHistorySample(dealKeys: [], stageCodes: [], stageNames: stageDictionary.values, entered: [])
        sample.dealKeys.reserveCapacity(keys.count)
        sample.stageCodes.reserveCapacity(keys.count)
        sample.entered.reserveCapacity(keys.count)
        for row in 0..<keys.count where !dealId.isNull(row) && !stage.isNull(row) && !entered.isNull(row) {
            sample.dealKeys.append(keys[row])
            sample.stageCodes.append(stageCodes[row])
            sample.entered.append(times[row])
        }
        return sample
    }
}
