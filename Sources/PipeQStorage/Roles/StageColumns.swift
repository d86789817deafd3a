/// Column-level helpers for pipeline roles: stage order, the synthesised status column, and the
/// inputs `StageInference` needs.
enum StageColumns {
    /// The stage column re-encoded so it sorts in pipeline order (same codes, new ranks).
    static func ordered(_ column: Column, by stages: StageDefinitions) -> Column {
        guard let (codes, dictionary) = column.values.distinctStrings, !stages.stages.isEmpty else { return column }
        return Column(.string(codes, dictionary.withOrder(stages.order)), nulls: column.nulls)
    }

    /// `open`/`won`/`lost` per row from the stage's outcome; null where the stage is null.
    static func status(from stage: Column, stages: StageDefinitions) -> Column? {
        guard let (codes, dictionary) = stage.values.distinctStrings else { return nil }
        let outcomes: [StageOutcome] = [.open, .won, .lost]
        let statusDictionary = StringDictionary(values: outcomes.map(\.rawValue), order: outcomes.map(\.rawValue))
        let codeForStage = dictionary.values.map { UInt32(outcomes.firstIndex(of: stages.outcome(of: $0))!) }
        let statusCodes = codes.remapped(codeForStage, dictionaryCount: outcomes.count)
        return Column(.string(statusCodes, statusDictionary), nulls: stage.nulls)
    }

    /// Distinct non-null strings of a string column in first-appearance order.
    static func distinctValues(_ column: Column) -> [String] {
        guard let (codes, dictionary) = column.values.distinctStrings else { return [] }
        var seen = [Bool](repeating: false, count: dictionary.count)
        var out: [String] = []
        for row in 0..<codes.count {
            let code = codes[row]
            guard !seen[Int(code)] && !column.isNull(row) else { continue }
            seen[Int(code)] = true
            out.append(dictionary.string(Int(code)))
            if out.count == dictionary.count { break }
        }
        return out
    }

    /// Histories longer than this are sampled by deal for stage inference (35.7M rows copied whole
    /// cost seconds and 1.3 GB of memory at every open, for an order a million rows already settle).
    static let historySampleRows = 1_000_000

    /// History rows as a `StageHistorySample`, skipping rows with a null deal, stage or time; for a long
    /// history, only the rows of about one deal in k (whole deals, by a hash of the key: deterministic).
    static func historySample(dealId: Column, stage: Column, entered: Column) -> StageHistorySample? {
        guard let (stageCodes, stageDictionary) = stage.values.distinctStrings else { return nil }
        let keys: [Int64]
        switch dealId.values {
        case .int(let values): keys = values
        case .string: keys = dealId.values.distinctStrings!.codes.map { Int64($0) }  // one key per deal id
        default: return nil
        }
        let times: [Int64]
        switch entered.values {
        case .timestamp(let values): times = values
        case .date(let values): times = values.map(Int64.init)
        default: return nil
        }
        var sample = StageHistorySample(dealKeys: [], stageCodes: [], stageNames: stageDictionary.values, entered: [])
        let oneIn = (keys.count + historySampleRows - 1) / historySampleRows
        sample.sampledOneIn = max(1, oneIn)
        let expected = keys.count / sample.sampledOneIn + 1024
        sample.dealKeys.reserveCapacity(expected)
        sample.stageCodes.reserveCapacity(expected)
        sample.entered.reserveCapacity(expected)
        let k = UInt64(sample.sampledOneIn)
        let anyNulls = dealId.nulls != nil || stage.nulls != nil || entered.nulls != nil
        for row in 0..<keys.count {
            if k > 1 && ((UInt64(bitPattern: keys[row]) &* 0x9E37_79B9_7F4A_7C15) >> 32) % k != 0 { continue }
            if anyNulls && (dealId.isNull(row) || stage.isNull(row) || entered.isNull(row)) { continue }
            sample.dealKeys.append(keys[row])
            sample.stageCodes.append(stageCodes[row])
            sample.entered.append(times[row])
        }
        return sample
    }
}
