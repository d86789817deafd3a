import PipeQCore

/// Decides one string column's type from its `ColumnEvidence` and builds the typed column (see `ColumnRetyper`).
struct ColumnDecision {
    let table: String
    let column: String
    let evidence: ColumnEvidence
    let codes: DictionaryCodes
    let dictionary: StringDictionary
    let nulls: NullBitmap?
    let options: ValueFormatOptions
    let format: DateFormat?

    struct Outcome {
        /// The typed column; nil when the column stays text.
        var column: Column?
        var textReason: String?
        var note: String?
        /// For a datetime column, whether its values had a time zone.
        var timeZone: TimestampZone = .none
    }

    /// Misfits make up no more than a quarter of the entries that fit: the column is mostly numbers or dates,
    /// and stays text for these few values alone.
    static func isFew(_ misfits: Int, of fits: Int) -> Bool {
        misfits <= ColumnEvidence.maxMisfits && fits >= 3 * misfits
    }

    private var isDateColumn: Bool { evidence.dates > evidence.numbers }

    /// Codes of the entries that are blank (nulls in a typed column).
    private var blanks: [Int] {
        codesWhere {
            if case .blank = $0 { return true }
            return false
        }
    }
    private var numberCodes: [Int] {
        codesWhere {
            if case .number = $0 { return true }
            return false
        }
    }
    private var dateCodes: [Int] {
        codesWhere {
            if case .date = $0 { return true }
            return false
        }
    }

    private func codesWhere(_ test: (ColumnEvidence.Entry) -> Bool) -> [Int] {
        evidence.entries.indices.filter { test(evidence.entries[$0]) }
    }

    /// The order this date column's own values decide, when it is a date column that converts.
    var ownDateOrder: DateOrder? {
        guard isDateColumn, evidence.misfits.isEmpty, evidence.numbers == 0 else { return nil }
        let values = dateValues
        let monthFirst = values.allSatisfy { $0.monthFirst != nil }
        let dayFirst = values.allSatisfy { $0.dayFirst != nil }
        guard monthFirst != dayFirst, values.contains(where: \.decidesOrder) else { return nil }
        return monthFirst ? .monthFirst : .dayFirst
    }

    private var dateValues: [DateReader.Value] {
        evidence.entries.compactMap {
            if case .date(let d) = $0 { return d }
            return nil
        }
    }

    func decide(tableOrder: (DateOrder, String)?) -> Outcome {
        let misfits = evidence.misfits + (isDateColumn ? numberCodes : dateCodes)
        if !misfits.isEmpty {
            let fits = isDateColumn ? evidence.dates : evidence.numbers
            guard Self.isFew(misfits.count, of: fits) else { return Outcome() }
            let rows = firstRows(misfits)
            let first = misfits.min { rows[$0]! < rows[$1]! }!
            var reason = "text because row \(rows[first]!) holds \"\(dictionary.string(first))\""
            if misfits.count > 1 {
                reason +=
                    " (and \(misfits.count - 1) other value\(misfits.count == 2 ? "" : "s") that \(misfits.count == 2 ? "is" : "are") not \(isDateColumn ? "a date" : "a number"))"
            }
            return stays(reason)
        }
        return isDateColumn ? dates(tableOrder: tableOrder) : numbers()
    }

    private func stays(_ reason: String, fix: String? = nil) -> Outcome {
        let note = "\(table): \(column) stays \(reason)" + (fix.map { "; \($0)" } ?? "")
        return Outcome(textReason: reason + (fix.map { "; \($0)" } ?? ""), note: note)
    }

    // MARK: - Numbers

    private func numbers() -> Outcome {
        let codes = numberCodes
        func reading(_ code: Int) -> (dot: NumberReader.Value?, comma: NumberReader.Value?) {
            if case .number(let dot, let comma) = evidence.entries[code] { return (dot, comma) }
            return (nil, nil)
        }
        let dotOK = codes.allSatisfy { reading($0).dot != nil }
        let commaOK = codes.allSatisfy { reading($0).comma != nil }
        if !dotOK && !commaOK {
            let dotOnly = codes.first { reading($0).comma == nil }!
            let commaOnly = codes.first { reading($0).dot == nil }!
            let rows = firstRows([dotOnly, commaOnly])
            return stays(
                "text because \(dictionary.string(commaOnly)) (row \(rows[commaOnly]!)) reads only with a decimal comma "
                    + "and \(dictionary.string(dotOnly)) (row \(rows[dotOnly]!)) only with a decimal point",
                fix: "choose one with --decimal . or --decimal ,")
        }
        let useComma =
            commaOK
            && (!dotOK || options.decimal == UInt8(ascii: ",")
                || (options.decimal == nil && options.decimalCommaLikely))
        var values = [NumberReader.Value?](repeating: nil, count: evidence.entries.count)
        for code in codes { values[code] = useComma ? reading(code).comma : reading(code).dot }
        let read = codes.map { values[$0]! }
        let percents = codes.filter { values[$0]!.percent }
        if !percents.isEmpty && percents.count < codes.count {
            let plain = codes.first { !values[$0]!.percent }!
            let rows = firstRows([percents[0], plain])
            return stays(
                "text because it mixes percentages (\(dictionary.string(percents[0])) in row \(rows[percents[0]]!)) "
                    + "and plain numbers (\(dictionary.string(plain)) in row \(rows[plain]!))")
        }
        var currencies: [String] = []
        for v in read { if let c = v.currency, !currencies.contains(c) { currencies.append(c) } }
        if currencies.count > 1 {
            return stays(
                "text because it mixes currencies (\(currencies.joined(separator: ", ")))",
                fix: "sum each currency apart, or convert them before loading")
        }
        let isInteger = read.allSatisfy(\.isInteger)
        let blanks = self.blanks
        let entryNulls = nullEntries(blanks)
        let typed: Column
        if isInteger {
            let table = values.map { $0?.exact ?? 0 }
            typed = Column(.int(self.codes.lookup(table)), nulls: rowNulls(entryNulls))
        } else {
            let table = values.map { $0?.value ?? 0 }
            typed = Column(.double(self.codes.lookup(table)), nulls: rowNulls(entryNulls))
        }
        // Values the CSV reader would have read the same way need no word (a `;` file's `12.5`).
        let unusual = codes.filter { evidence.fast[$0] != values[$0]!.value }
        guard !unusual.isEmpty || !blanks.isEmpty else { return Outcome(column: typed) }
        var what = percents.isEmpty ? (currencies.isEmpty ? "numbers" : "money") : "percentages"
        if useComma && read.contains(where: \.hasSeparator) { what += " with a decimal comma" }
        var details: [String] = []
        if let example = unusual.first {
            let row = firstRows([example])[example]!
            details.append(
                "\(dictionary.string(example)) in row \(row) → \(isInteger ? String(values[example]!.exact ?? 0) : Self.format(values[example]!.value, integer: false))"
            )
        }
        if useComma && dotOK && options.decimal == nil && read.contains(where: \.hasSeparator) {
            details.append(
                "values such as 1.250 read either way; in a ;-delimited file the comma is taken as the decimal separator (--decimal . says otherwise)"
            )
        }
        if let blank = blankDetail(blanks) { details.append(blank) }
        return Outcome(column: typed, note: "\(table): \(column) read as \(what) (\(details.joined(separator: "; ")))")
    }

    static func format(_ x: Double, integer: Bool) -> String {
        if integer || (x == x.rounded() && abs(x) < 1e15) { return String(Int64(x)) + (integer ? "" : ".0") }
        return String(x)
    }

    // MARK: - Dates

    private func dates(tableOrder: (DateOrder, String)?) -> Outcome {
        let codes = dateCodes
        func value(_ code: Int) -> DateReader.Value {
            if case .date(let d) = evidence.entries[code] { return d }
            preconditionFailure("not a date entry")
        }
        let monthFirstOK = codes.allSatisfy { value($0).monthFirst != nil }
        let dayFirstOK = codes.allSatisfy { value($0).dayFirst != nil }
        var order: DateOrder
        var decider: Int?
        var lentBy: String?
        if !monthFirstOK && !dayFirstOK {
            let m = codes.first { value($0).dayFirst == nil }!
            let d = codes.first { value($0).monthFirst == nil }!
            let rows = firstRows([m, d])
            return stays(
                "text because \(dictionary.string(m)) (row \(rows[m]!)) is month first but \(dictionary.string(d)) (row \(rows[d]!)) is day first",
                fix:
                    "if one order is meant, load with --date-format \(formatHint(.monthFirst, codes)) or \(formatHint(.dayFirst, codes))"
            )
        } else if monthFirstOK && dayFirstOK {
            order = .monthFirst  // equal readings: every value is unambiguous, or ambiguous and undecided
            if let ambiguous = codes.first(where: { value($0).monthFirst != value($0).dayFirst }) {
                guard let (lent, name) = tableOrder else {
                    let row = firstRows([ambiguous])[ambiguous]!
                    return stays(
                        "text because its dates read as M/D/YYYY or D/M/YYYY and no value decides which (e.g. \(dictionary.string(ambiguous)) in row \(row))",
                        fix:
                            "load with --date-format \(formatHint(.monthFirst, codes)) or \(formatHint(.dayFirst, codes))"
                    )
                }
                order = lent
                lentBy = name
            }
        } else {
            order = monthFirstOK ? .monthFirst : .dayFirst
            decider = codes.first { value($0).decidesOrder }
        }
        var micros = [Int64](repeating: 0, count: evidence.entries.count)
        for code in codes { micros[code] = (order == .monthFirst ? value(code).monthFirst : value(code).dayFirst)! }
        let hasTime = codes.contains { value($0).hasTime }
        let blanks = self.blanks
        let nulls = rowNulls(nullEntries(blanks))
        let typed =
            hasTime
            ? Column(.timestamp(self.codes.lookup(micros)), nulls: nulls)
            : Column(.date(self.codes.lookup(micros.map { Int32($0 / CivilTime.microsPerDay) })), nulls: nulls)
        let shapeCode =
            decider ?? codes.first { !value($0).isFixed || value($0).separator != UInt8(ascii: "-") } ?? codes[0]
        var label = format.map { "dates in the format \($0.text)" } ?? "\(shapeLabel(shapeCode, order: order)) dates"
        if hasTime { label = label.replacingOccurrences(of: "dates", with: "datetimes") }
        var details: [String] = []
        if let decider {
            let row = firstRows([decider])[decider]!
            details.append(
                "\(dictionary.string(decider)) in row \(row) decides \(order == .monthFirst ? "month" : "day") first")
        } else if let lentBy {
            details.append("no value decides the order alone; read like \(lentBy)")
        } else {
            let row = firstRows([shapeCode])[shapeCode]!
            let text =
                hasTime
                ? CivilTime.formatTimestamp(micros[shapeCode])
                : CivilTime.formatDate(Int(micros[shapeCode] / CivilTime.microsPerDay))
            details.append("\(dictionary.string(shapeCode)) in row \(row) → \(text)")
        }
        let zone =
            hasTime
            ? TimestampZone(
                zoned: codes.contains { value($0).hadOffset },
                plain: codes.contains { value($0).hasTime && !value($0).hadOffset }) : .none
        switch zone {
        case .none: break
        case .utc: details.append("times with a UTC offset converted to UTC")
        case .mixed:
            details.append(
                "times with Z or a UTC offset converted to UTC, times without taken as written: the column mixes both")
        }
        if let blank = blankDetail(blanks) { details.append(blank) }
        return Outcome(
            column: typed, note: "\(table): \(column) read as \(label) (\(details.joined(separator: "; ")))",
            timeZone: zone)
    }

    /// `M/D/YYYY`, `D.M.YYYY`, `YYYY/MM/DD`, `ISO` for the value at `code`.
    private func shapeLabel(_ code: Int, order: DateOrder) -> String {
        guard case .date(let d) = evidence.entries[code] else { return "" }
        let text = dictionary.string(code).trimmingCharacters(in: " ")
        let yearFirst =
            text.prefix(4).allSatisfy(\.isNumber) && text.count >= 5
            && !text[text.index(text.startIndex, offsetBy: 4)].isNumber
        if yearFirst { return d.separator == UInt8(ascii: "-") ? "ISO" : "YYYY\(sep(d))MM\(sep(d))DD" }
        if d.separator == UInt8(ascii: ".") { return "D.M.YYYY" }
        return order == .monthFirst ? "M\(sep(d))D\(sep(d))YYYY" : "D\(sep(d))M\(sep(d))YYYY"
    }

    private func sep(_ d: DateReader.Value) -> String { String(Character(Unicode.Scalar(d.separator))) }

    /// `%m/%d/%Y` with the column's separator.
    private func formatHint(_ order: DateOrder, _ codes: [Int]) -> String {
        let s =
            codes.lazy.compactMap { code -> String? in
                if case .date(let d) = self.evidence.entries[code], !d.isFixed { return self.sep(d) }
                return nil
            }.first ?? "/"
        return order == .monthFirst ? "%m\(s)%d\(s)%Y" : "%d\(s)%m\(s)%Y"
    }

    // MARK: - Rows and nulls

    private func blankDetail(_ blanks: [Int]) -> String? {
        guard let first = blanks.first else { return nil }
        let rows = firstRows(blanks)
        let shown = blanks.min { (rows[$0] ?? .max) < (rows[$1] ?? .max) } ?? first
        guard let row = rows[shown] else { return nil }
        let text = "\"\(dictionary.string(shown))\""
        return blanks.count == 1
            ? "\(text) in row \(row) read as null" : "\(text) in row \(row) and other blank values read as null"
    }

    private func nullEntries(_ blanks: [Int]) -> [Bool] {
        var out = [Bool](repeating: false, count: evidence.entries.count)
        for b in blanks { out[b] = true }
        return out
    }

    /// The column's nulls plus the rows holding a blank entry.
    private func rowNulls(_ entryNulls: [Bool]) -> NullBitmap? {
        guard entryNulls.contains(true) else { return nulls }
        var bitmap = nulls ?? NullBitmap(count: codes.count)
        let rowIsBlank = codes.lookup(entryNulls)
        for (row, blank) in rowIsBlank.enumerated() where blank { bitmap.setNull(row) }
        return bitmap
    }

    /// 1-based data row where each wanted entry first appears (one pass, stopping when all are found).
    func firstRows(_ wanted: [Int]) -> [Int: Int] {
        var found: [Int: Int] = [:]
        var want = Set(wanted)
        for row in 0..<codes.count where !(nulls?.isNull(row) ?? false) {
            let code = Int(codes[row])
            if want.remove(code) != nil {
                found[code] = row + 1
                if want.isEmpty { break }
            }
        }
        return found
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
