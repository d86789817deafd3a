/// The columns built from one chunk of rows.
struct CSVChunk {
    /// The byte range the chunk covers (starts at a row boundary).
    var range: Range<Int>
    var rowCount: Int
    var columns: [CSVColumnBuilder]
    /// Rows left out for having the wrong number of fields (only when rejects are stored).
    var rejects: [CSVRejectedRow] = []
}

/// A row the parser left out: where it starts, where the problem is, and the failure to report.
struct CSVRejectedRow {
    var rowStart: Int
    var failure: CSVFailure
}

/// Reads the rows of one chunk into column builders, and re-reads rows as strings for columns that
/// turned into string columns after those rows were read.
enum CSVChunkParser {
    /// Rows per batch: enough for a batch's dictionary lookups to overlap their cache misses, few
    /// enough for the batch's fields (24 bytes each) to stay in the L2 cache.
    static let batchRows = 256
    /// Rows between two reports to `LoadProgress`.
    static let reportRows = 16 * batchRows

    /// Outcome of parsing a chunk.
    enum Outcome {
        case parsed(CSVChunk)
        case failed(CSVFailure)
        /// The chunk did not end at a row boundary: its start guess (for the next chunk) was inside
        /// a quoted field. Only happens for non-final chunks.
        case misaligned
    }

    /// Parses every row in `range` (which must start at a row boundary and, unless it reaches the
    /// end of the buffer, end right after a line feed).
    static func parse(
        buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, delimiter: UInt8,
        columnCount: Int, plainStringsAfter: Int = CSVLoader.Options.defaultPlainStringsAfter,
        decimalComma: Bool = false, storeRejects: Bool = false, progress: LoadProgress? = nil
    ) -> Outcome {
        var reader = CSVReader(buffer: buffer, range: range, delimiter: delimiter)
        let isFinal = range.upperBound == buffer.count
        var columns = [CSVColumnBuilder](
            repeating: CSVColumnBuilder(plainStringsAfter: plainStringsAfter, decimalComma: decimalComma),
            count: columnCount)
        // Rows are read into a batch of fields, then each column takes the whole batch at once.
        let stride = max(columnCount, 1)
        let fields = UnsafeMutablePointer<CSVField>.allocate(capacity: stride * batchRows)
        defer { fields.deallocate() }
        let scratch = CSVBatchScratch(capacity: batchRows)
        var rows = 0
        var rejects: [CSVRejectedRow] = []
        var firstExtra = 0
        var rowEnd = 0
        let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
        // Progress is told every `reportRows` rows, not every batch: one shared counter per batch would be
        // written from every thread thousands of times a second.
        var reported = (rows: 0, position: range.lowerBound)
        func report() {
            guard let progress else { return }
            progress.advance(bytes: reader.position - reported.position, rows: rows - reported.rows)
            reported = (rows, reader.position)
        }
        defer { report() }
        do {
            try columns.withUnsafeMutableBufferPointer { (builders) throws(CSVFailure) in
                var pending = 0
                func flush() {
                    for c in 0..<columnCount {
                        builders[c].append(
                            batch: fields + c, stride: stride, count: pending, base: base, scratch: scratch)
                    }
                    rows += pending
                    pending = 0
                    if rows - reported.rows >= reportRows { report() }
                }
                while let n = try reader.nextRow(
                    into: fields + pending * stride, capacity: columnCount,
                    firstExtra: &firstExtra, rowEnd: &rowEnd)
                {
                    if n != columnCount {
                        let at = n > columnCount ? firstExtra : rowEnd
                        let failure = CSVFailure.fieldCount(
                            found: n, expected: columnCount, at: at, blankLine: rowEnd == reader.rowStart)
                        guard storeRejects else { throw failure }
                        // Kept aside with its position; its fields are overwritten by the next row.
                        rejects.append(CSVRejectedRow(rowStart: reader.rowStart, failure: failure))
                        continue
                    }
                    pending += 1
                    if pending == batchRows {
                        flush()
                        if rows == batchRows {
                            // Reserve for the whole chunk from the bytes per row seen so far.
                            let perRow = max(1, (reader.position - range.lowerBound) / rows)
                            let estimate = (range.count / perRow) * 21 / 20 + 16
                            for c in 0..<columnCount { builders[c].reserveCapacity(estimate) }
                        }
                    }
                }
                flush()
            }
        } catch {
            if case .unterminatedQuote = error, !isFinal { return .misaligned }
            return .failed(error)
        }
        if !isFinal && reader.position != range.upperBound { return .misaligned }
        return .parsed(CSVChunk(range: range, rowCount: rows, columns: columns, rejects: rejects))
    }

    /// Re-reads, as strings, the rows each column still needs (`pendingStringRows`). The chunk
    /// was already read without error, so reading it again cannot fail.
    static func rereadPendingStrings(_ chunk: inout CSVChunk, buffer: UnsafeBufferPointer<UInt8>, delimiter: UInt8) {
        let pending = chunk.columns.indices.filter { chunk.columns[$0].pendingStringRows > 0 }
        guard !pending.isEmpty else { return }
        let limit = pending.map { chunk.columns[$0].pendingStringRows }.max()!
        let columnCount = chunk.columns.count
        var reader = CSVReader(buffer: buffer, range: chunk.range, delimiter: delimiter)
        let fields = UnsafeMutablePointer<CSVField>.allocate(capacity: max(columnCount, 1))
        defer { fields.deallocate() }
        var scratch: [UInt8] = []
        var firstExtra = 0
        var rowEnd = 0
        let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
        var row = 0
        while row < limit,
            let n = try? reader.nextRow(into: fields, capacity: columnCount, firstExtra: &firstExtra, rowEnd: &rowEnd)
        {
            if n != columnCount { continue }  // a rejected row: not one of the chunk's rows
            for c in pending where row < chunk.columns[c].pendingStringRows {
                let f = fields[c]
                if f.escaped {
                    CSVReader.unescape(f, in: base, into: &scratch)
                    scratch.withUnsafeBufferPointer { chunk.columns[c].setString($0, quoted: true, row: row) }
                } else {
                    chunk.columns[c].setString(
                        UnsafeBufferPointer(start: base + f.start, count: f.end - f.start),
                        quoted: f.quoted, row: row)
                }
            }
            row += 1
        }
        for c in pending {
            chunk.columns[c].pendingStringRows = 0
            chunk.columns[c].refreshNullFlag()
        }
    }
}
