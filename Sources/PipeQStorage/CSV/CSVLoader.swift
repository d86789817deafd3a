import PipeQCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Loads CSV files into typed tables.
///
/// Reading follows RFC 4180 (see `CSVReader`); the delimiter (`,`, `;` or tab) is detected from the
/// header; every column gets the narrowest type all its non-null values fit (see
/// `CSVColumnBuilder`): integer, number (also money such as `$12,500.00`, always a number),
/// boolean, date, datetime, else string. Headers become snake_case names (`ColumnNameNormalizer`).
/// Files over `Options.parallelThreshold` bytes are split at row boundaries and parsed on all cores.
/// A file that is not UTF-8 is read as Windows-1252 (`Options.encoding`); a report export's footer (see
/// `CSVReportFooter`) is left out; `loadWithNotes` says when either happened. Values written the way a
/// locale writes them (`1/13/2025`, `12.500,50`, `10%`) stay text here: `ColumnRetyper` reads them after.
/// Every problem is thrown as a `.data` `Diagnostic` with the file, line and column.
public enum CSVLoader {
    /// Tuning knobs; the defaults suit interactive use.
    public struct Options: Sendable {
        /// Threads to parse with; nil uses `Parallel.coreCount` (every core up to 8, or `PIPEQ_THREADS`).
        public var maxThreads: Int?
        /// Inputs smaller than this many bytes are parsed on one thread.
        public var parallelThreshold: Int
        /// A string column still more than 80 % distinct after this many distinct values stops being
        /// deduplicated (see `ByteStringInterner`); tests lower it to run small files through that path.
        public var plainStringsAfter: Int
        public static let defaultPlainStringsAfter = 1 << 20
        /// The file's encoding; `.auto` reads UTF-8 and falls back to Windows-1252 when the bytes are not UTF-8.
        public var encoding: TextEncoding
        /// How dates and numbers are written: `decimal` reaches the CSV builder (a `,` keeps `1,250` text);
        /// the rest is for `ColumnRetyper`, which `loadWithNotes` does not run.
        public var valueFormat: ValueFormatOptions
        /// Rows with the wrong number of fields are left out and returned in `Loaded.rejects` (like DuckDB's
        /// `store_rejects`) instead of failing the file.
        public var storeRejects: Bool
        /// Told how far loading has got (for a progress line); nil when nobody watches.
        public var progress: LoadProgress?

        public init(
            maxThreads: Int? = nil, parallelThreshold: Int = 1 << 20,
            plainStringsAfter: Int = defaultPlainStringsAfter,
            encoding: TextEncoding = .auto, valueFormat: ValueFormatOptions = ValueFormatOptions(),
            storeRejects: Bool = false
        ) {
            self.storeRejects = storeRejects
            self.maxThreads = maxThreads
            self.parallelThreshold = parallelThreshold
            self.plainStringsAfter = plainStringsAfter
            self.encoding = encoding
            self.valueFormat = valueFormat
        }
    }

    /// A loaded table with what the loader noticed on the way.
    public struct Loaded: Sendable {
        public var table: Table
        /// One line per thing done that the file did not say outright: read as Windows-1252, footer lines skipped.
        public var notes: [String]
        /// The options for `ColumnRetyper` on this file: `options.valueFormat`, plus `decimalCommaLikely`
        /// for a `;`-delimited file.
        public var valueFormat: ValueFormatOptions
        /// Rows left out with `Options.storeRejects`, in file order.
        public var rejects: [RejectedRow] = []
    }

    /// A row left out of a table: where it is, why, and its text.
    public struct RejectedRow: Sendable, Equatable {
        public var line: Int
        public var column: Int
        public var error: String
        /// The row's text (its first 1,000 characters), without the line ending.
        public var text: String
    }

    /// Loads one CSV file into a typed table named `tableName` (default: file name without extension, snake_cased).
    public static func load(path: String, tableName: String? = nil) throws(Diagnostic) -> Table {
        try load(path: path, tableName: tableName, options: Options())
    }

    /// Loads one CSV file with explicit options.
    public static func load(path: String, tableName: String? = nil, options: Options) throws(Diagnostic) -> Table {
        try loadWithNotes(path: path, tableName: tableName, options: options).table
    }

    /// Loads one CSV file and says what it did beyond plain reading (encoding fallback, skipped footer).
    public static func loadWithNotes(path: String, tableName: String? = nil, options: Options = Options())
        throws(Diagnostic) -> Loaded
    {
        let name = tableName ?? ColumnNameNormalizer.tableName(forPath: path)
        return try FileContents.withBytes(path: path) { buffer in
            Result { () throws(Diagnostic) in try load(buffer: buffer, path: path, tableName: name, options: options) }
        }.get()
    }

    /// Loads CSV bytes and says what it did beyond plain reading; `path` is used in diagnostics, notes and as sourcePath.
    public static func loadWithNotes(bytes: [UInt8], path: String, tableName: String, options: Options = Options())
        throws(Diagnostic) -> Loaded
    {
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(Diagnostic) in
                try load(buffer: buffer, path: path, tableName: tableName, options: options)
            }
        }.get()
    }

    /// Loads CSV bytes; `path` is used only in diagnostics and as sourcePath.
    public static func load(bytes: [UInt8], path: String, tableName: String) throws(Diagnostic) -> Table {
        try load(bytes: bytes, path: path, tableName: tableName, options: Options())
    }

    /// Loads CSV bytes with explicit options.
    public static func load(bytes: [UInt8], path: String, tableName: String, options: Options) throws(Diagnostic)
        -> Table
    {
        try loadWithNotes(bytes: bytes, path: path, tableName: tableName, options: options).table
    }

    static func hasBOM(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF
    }

    static func threadCount(_ options: Options, bytes: Int) -> Int {
        guard bytes >= options.parallelThreshold else { return 1 }
        return max(1, min(options.maxThreads ?? Parallel.coreCount, 64))
    }

    private static func load(
        buffer: UnsafeBufferPointer<UInt8>, path: String, tableName: String,
        options: Options, notes: [String] = []
    ) throws(Diagnostic) -> Loaded {
        let start = hasBOM(buffer) ? 3 : 0
        guard buffer[start...].contains(where: { $0 != CSVReader.lf && $0 != CSVReader.cr }) else {
            throw Diagnostic(.data, "file is empty: no header row", at: .file(path: path, line: 1, column: 1))
        }
        // A NUL byte near the start means a binary file: say that, rather than report its first
        // non-UTF-8 byte (a PNG's first byte, 0x89, is one).
        if let nul = buffer[start..<min(buffer.count, start + 8192)].firstIndex(of: 0) {
            throw CSVErrors.diagnostic(for: .nulByte(at: nul), in: buffer, path: path)
        }
        if CSVLineEndings.isCROnly(buffer, from: start) {
            // The slow path for CR-only files: a copy with line feeds, so the reader's LF path stays as it is.
            let copy = CSVLineEndings.translatingCRToLF(buffer)
            let note = CSVLineEndings.note(file: fileName(path))
            return try copy.withUnsafeBufferPointer { (text) throws(Diagnostic) -> Loaded in
                try load(buffer: text, path: path, tableName: tableName, options: options, notes: [note])
            }
        }
        if options.encoding == .windows1252 || options.encoding == .latin1 {
            return try loadTranscoded(
                buffer, as: options.encoding, path: path, tableName: tableName, options: options, notes: notes)
        }
        let threads = threadCount(options, bytes: buffer.count - start)
        if let problem = validate(buffer, from: start, threads: threads) {
            if case .invalidUTF8(let at) = problem, options.encoding == .auto {
                let (line, column) = SingleByteTranscoder.position(of: at, in: buffer)
                let byte = "0x" + String(buffer[at], radix: 16, uppercase: true)
                let note =
                    "\(fileName(path)): read as Windows-1252 (not UTF-8: byte \(byte) at line \(line), column \(column))"
                return try loadTranscoded(
                    buffer, as: .windows1252, path: path, tableName: tableName, options: options,
                    notes: notes + [note], firstInvalid: at)
            }
            throw CSVErrors.diagnostic(for: problem, in: buffer, path: path)
        }
        return try parse(
            buffer, from: start, threads: threads, path: path, tableName: tableName, options: options, notes: notes)
    }

    /// The file name a note starts with.
    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Loads `buffer` read as Windows-1252 or Latin-1: transcoded to UTF-8 first. In automatic mode
    /// (`firstInvalid` set) a file that also holds well-formed UTF-8 is refused rather than garbled.
    private static func loadTranscoded(
        _ buffer: UnsafeBufferPointer<UInt8>, as encoding: TextEncoding, path: String,
        tableName: String, options: Options, notes: [String],
        firstInvalid: Int? = nil
    ) throws(Diagnostic) -> Loaded {
        let transcoded: SingleByteTranscoder.Transcoded
        switch SingleByteTranscoder.transcode(buffer, as: encoding) {
        case .success(let t): transcoded = t
        case .failure(let undefined):
            let (line, column) = SingleByteTranscoder.position(of: undefined.offset, in: buffer)
            let byte = "0x" + String(buffer[undefined.offset], radix: 16, uppercase: true)
            let message =
                firstInvalid == nil
                ? "byte \(byte) is not a Windows-1252 character"
                : "the file is neither UTF-8 nor Windows-1252: byte \(byte) is not a character in either"
            throw Diagnostic(
                .data, message, at: .file(path: path, line: line, column: column),
                hint:
                    "re-save the file as UTF-8, or load it with --encoding latin-1 (encoding = \"latin-1\" in pipeline.toml)"
            )
        }
        if let firstInvalid, let utf8 = transcoded.firstUTF8Sequence {
            let (line, column) = CSVErrors.position(of: firstInvalid, in: buffer)  // mostly UTF-8: count its characters
            let other = CSVErrors.position(of: utf8, in: buffer)
            let byte = "0x" + String(buffer[firstInvalid], radix: 16, uppercase: true)
            throw Diagnostic(
                .data, "the file mixes encodings: byte \(byte) is not UTF-8, but line \(other.line) holds UTF-8 text",
                at: .file(path: path, line: line, column: column),
                hint:
                    "re-save the file as UTF-8, or load it with --encoding windows-1252 to read every byte as Windows-1252"
            )
        }
        return try transcoded.bytes.withUnsafeBufferPointer { (text) throws(Diagnostic) -> Loaded in
            let threads = threadCount(options, bytes: text.count)
            if let problem = validate(text, from: 0, threads: threads) {
                throw CSVErrors.diagnostic(for: problem, in: text, path: path)
            }
            return try parse(
                text, from: 0, threads: threads, path: path, tableName: tableName, options: options,
                notes: notes)
        }
    }

    /// Parses valid UTF-8 text (`start` past any BOM) into a table.
    private static func parse(
        _ whole: UnsafeBufferPointer<UInt8>, from start: Int, threads: Int, path: String,
        tableName: String, options: Options, notes: [String]
    ) throws(Diagnostic) -> Loaded {
        var notes = notes
        let delimiter = CSVDialect.detectDelimiter(in: whole, from: start)
        let header = try CSVHeader.read(whole, from: start, delimiter: delimiter, path: path)
        let columnCount = header.names.count
        var valueFormat = options.valueFormat
        valueFormat.decimalCommaLikely = delimiter == UInt8(ascii: ";")
        let decimalComma = valueFormat.decimal.map { $0 == UInt8(ascii: ",") } ?? valueFormat.decimalCommaLikely
        let footer = CSVReportFooter.detect(
            in: whole, bodyStart: header.end, delimiter: delimiter, columnCount: columnCount)
        if let footer { notes.append(footer.note(file: fileName(path))) }
        // With a footer, the parser sees the file end where the footer starts.
        let buffer = footer.map { UnsafeBufferPointer(rebasing: whole[0..<$0.start]) } ?? whole
        let bodyRange = header.end..<buffer.count

        var chunks: [CSVChunk]
        switch parseChunks(
            buffer, range: bodyRange, delimiter: delimiter, columnCount: columnCount, threads: threads,
            plainStringsAfter: options.plainStringsAfter, decimalComma: decimalComma,
            storeRejects: options.storeRejects, progress: options.progress)
        {
        case .success(let parsed): chunks = parsed
        case .failure(let failure):
            throw CSVErrors.diagnostic(for: failure, in: buffer, path: path, delimiter: delimiter)
        }

        let rejects = chunks.flatMap(\.rejects).map { rejectedRow($0, in: buffer, path: path, delimiter: delimiter) }
        if !rejects.isEmpty {
            notes.append(
                "\(fileName(path)): \(rejects.count) row\(rejects.count == 1 ? "" : "s") with the wrong number of fields "
                    + "left out (first at line \(rejects[0].line)); kept in table rejects with their line numbers")
        }
        options.progress?.enter(.building)
        // Bring each column to its final kind, re-read string rows, then merge columns in parallel.
        let rowCounts = chunks.map(\.rowCount)
        var kinds: [InferredKind] = []
        for c in 0..<columnCount {
            var parts = chunks.map { $0.columns[c] }
            for k in chunks.indices { chunks[k].columns[c] = CSVColumnBuilder() }
            kinds.append(CSVColumnMerger.unify(&parts, rowCounts: rowCounts))
            for k in chunks.indices { chunks[k].columns[c] = parts[k] }
        }
        let widened = Set((0..<columnCount).filter { c in chunks.contains { $0.columns[c].pendingStringRows > 0 } })
        chunks.withUnsafeMutableBufferPointer { chunkBuffer in
            Parallel.forEach(chunkBuffer.count, threads: threads) { k in
                CSVChunkParser.rereadPendingStrings(&chunkBuffer[k], buffer: buffer, delimiter: delimiter)
            }
        }
        var perColumn: [[CSVColumnBuilder]] = []
        perColumn.reserveCapacity(columnCount)
        for c in 0..<columnCount {
            perColumn.append(chunks.map { $0.columns[c] })
            for k in chunks.indices { chunks[k].columns[c] = CSVColumnBuilder() }
        }
        chunks = []
        // Column by column, each merge split across the threads (a high-cardinality string column's
        // merge is most of the work, so splitting by column would leave a core idle).
        var columns: [Column] = []
        var zones = [TimestampZone](repeating: .none, count: columnCount)
        for c in 0..<columnCount {
            if kinds[c] == .timestamp {
                zones[c] = TimestampZone(
                    zoned: perColumn[c].contains { $0.sawZonedTime }, plain: perColumn[c].contains { $0.sawPlainTime })
                if let note = zones[c].loadNote(table: tableName, column: header.names[c]) { notes.append(note) }
            }
            let column = CSVColumnMerger.merge(perColumn[c], kind: kinds[c], rowCounts: rowCounts, threads: threads)
            columns.append(widened.contains(c) ? CSVColumnMerger.inFirstAppearanceOrder(column) : column)
            perColumn[c] = []
        }
        let fields = (0..<columnCount).map { c in
            var info = ColumnInfo(name: header.names[c], header: header.headers[c])
            info.timeZone = zones[c]
            return Field(info, columns[c])
        }
        return Loaded(
            table: Table(name: tableName, fields: fields, sourcePath: path), notes: notes, valueFormat: valueFormat,
            rejects: rejects)
    }

    /// A rejected row as the user sees it: its line and column, the error the file would have failed with, its text.
    private static func rejectedRow(
        _ row: CSVRejectedRow, in buffer: UnsafeBufferPointer<UInt8>, path: String,
        delimiter: UInt8
    ) -> RejectedRow {
        let diagnostic = CSVErrors.diagnostic(for: row.failure, in: buffer, path: path, delimiter: delimiter)
        var line = 0
        var column = 0
        if case .file(_, let l, let c) = diagnostic.location { (line, column) = (l, c) }
        var end = row.rowStart
        while end < buffer.count && buffer[end] != CSVReader.lf && end - row.rowStart < 4_000 { end += 1 }
        if end > row.rowStart && end <= buffer.count && buffer[end - 1] == CSVReader.cr { end -= 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[row.rowStart..<end]), as: UTF8.self)
        return RejectedRow(line: line, column: column, error: diagnostic.message, text: String(text.prefix(1_000)))
    }

    /// The first encoding problem in the file, checking `threads` slices in parallel.
    private static func validate(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, threads: Int) -> CSVFailure? {
        guard threads > 1 else { return CSVTextValidator.firstProblem(in: buffer, range: start..<buffer.count) }
        var cuts = [start]
        let size = (buffer.count - start) / threads
        for t in 1..<threads {
            var cut = start + t * size
            while cut < buffer.count && buffer[cut] & 0xC0 == 0x80 { cut += 1 }  // not inside a sequence
            cuts.append(max(cut, cuts.last!))
        }
        cuts.append(buffer.count)
        var problems = [CSVFailure?](repeating: nil, count: threads)
        problems.withUnsafeMutableBufferPointer { out in
            Parallel.forEach(threads, threads: threads) { [cuts] t in
                out[t] = CSVTextValidator.firstProblem(in: buffer, range: cuts[t]..<cuts[t + 1])
            }
        }
        return problems.lazy.compactMap { $0 }.first
    }

    /// Parses the body in `threads` chunks split after line feeds; if a split turns out to be inside
    /// a quoted field, parses the whole body on one thread instead.
    static func parseChunks(
        _ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, delimiter: UInt8,
        columnCount: Int, threads: Int,
        plainStringsAfter: Int = Options.defaultPlainStringsAfter,
        decimalComma: Bool = false, storeRejects: Bool = false, progress: LoadProgress? = nil
    ) -> Result<[CSVChunk], CSVFailure> {
        var cuts = [range.lowerBound]
        if threads > 1 {
            let size = range.count / threads
            for t in 1..<threads {
                var cut = max(range.lowerBound + t * size, cuts.last!)
                while cut < range.upperBound && buffer[cut] != CSVReader.lf { cut += 1 }
                if cut < range.upperBound { cut += 1 }
                if cut > cuts.last! && cut < range.upperBound { cuts.append(cut) }
            }
        }
        cuts.append(range.upperBound)
        let count = cuts.count - 1
        if count == 1 {
            return single(
                buffer, range: range, delimiter: delimiter, columnCount: columnCount,
                plainStringsAfter: plainStringsAfter,
                decimalComma: decimalComma, storeRejects: storeRejects, progress: progress)
        }
        var outcomes = [CSVChunkParser.Outcome?](repeating: nil, count: count)
        outcomes.withUnsafeMutableBufferPointer { out in
            Parallel.forEach(count, threads: count) { [cuts] t in
                out[t] = CSVChunkParser.parse(
                    buffer: buffer, range: cuts[t]..<cuts[t + 1],
                    delimiter: delimiter, columnCount: columnCount,
                    plainStringsAfter: plainStringsAfter, decimalComma: decimalComma,
                    storeRejects: storeRejects, progress: progress)
            }
        }
        var chunks: [CSVChunk] = []
        for outcome in outcomes {
            switch outcome! {
            case .parsed(let chunk): chunks.append(chunk)
            case .failed(let failure): return .failure(failure)  // earlier chunks were aligned, so it is real
            case .misaligned:
                return single(
                    buffer, range: range, delimiter: delimiter, columnCount: columnCount,
                    plainStringsAfter: plainStringsAfter,
                    decimalComma: decimalComma, storeRejects: storeRejects, progress: progress)
            }
        }
        return .success(chunks)
    }

    private static func single(
        _ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, delimiter: UInt8,
        columnCount: Int, plainStringsAfter: Int, decimalComma: Bool,
        storeRejects: Bool, progress: LoadProgress?
    ) -> Result<[CSVChunk], CSVFailure> {
        switch CSVChunkParser.parse(
            buffer: buffer, range: range, delimiter: delimiter, columnCount: columnCount,
            plainStringsAfter: plainStringsAfter, decimalComma: decimalComma,
            storeRejects: storeRejects, progress: progress)
        {
        case .parsed(let chunk): return .success([chunk])
        case .failed(let failure): return .failure(failure)
        case .misaligned: preconditionFailure("the final chunk cannot be misaligned")
        }
    }
}
