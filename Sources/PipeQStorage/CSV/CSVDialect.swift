/// Picks the delimiter of a CSV file: `,`, `;` or tab.
///
/// Each candidate's fields are counted (outside quotes) on the header line and on up to 20 more
/// rows from the first 64 KiB. A candidate is consistent when every complete sampled row has as many
/// fields as the header. The consistent candidate with the most header fields wins; with none
/// consistent, the one with the most header fields; ties go to `,`, then tab, then `;`.
/// A file where no candidate appears in the header is one column, delimited by `,`.
enum CSVDialect {
    static let candidates: [UInt8] = [0x2C, 0x09, 0x3B]

    static func detectDelimiter(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        let sampleEnd = min(buffer.count, start + 65_536)
        var best: UInt8 = 0x2C
        var bestScore = (consistent: false, fields: 1)
        for d in candidates {
            let counts = fieldCounts(buffer, start: start, end: sampleEnd, delimiter: d, maxRows: 21)
            guard let header = counts.first, header > 1 else { continue }
            let consistent = counts.dropFirst().allSatisfy { $0 == header }
            let better =
                (consistent && !bestScore.consistent)
                || (consistent == bestScore.consistent && header > bestScore.fields)
            if better {
                best = d
                bestScore = (consistent, header)
            }
        }
        return best
    }

    /// Field counts of the first rows that end (with a line feed) before `end`.
    /// Quotes toggle the in-quotes state; a doubled quote toggles twice, which is right.
    static func fieldCounts(_ b: UnsafeBufferPointer<UInt8>, start: Int, end: Int, delimiter: UInt8, maxRows: Int)
        -> [Int]
    {
        var counts: [Int] = []
        var inQuotes = false
        var fields = 1
        var i = start
        while i < end && counts.count < maxRows {
            let c = b[i]
            if c == CSVReader.quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if c == delimiter {
                    fields += 1
                } else if c == CSVReader.lf {
                    counts.append(fields)
                    fields = 1
                }
            }
            i += 1
        }
        // The header may be the whole sample (no line feed at all).
        if counts.isEmpty && i == b.count { counts.append(fields) }
        return counts
    }
}
