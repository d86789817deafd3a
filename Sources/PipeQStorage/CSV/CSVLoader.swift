#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PipeQCore

/// Loads CSV files into typed tables.
///
/// Reading follows RFC 4180 (see `CSVReader`); the delimiter (`,`, `;` or tab) is detected from the
/// header; every column gets the narrowest type all its non-null values fit (see
/// `CSVColumnBuilder`): integer, number (also money such as `$12,500.00`, always a number),
/// boolean, date, datetime, else string. Headers become snake_case names (`ColumnNameNormalizer`).
/// Files over `Options.parallelThreshold` bytes are split at row boundaries and parsed on all cores.
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

        public init(maxThreads: Int? = nil, parallelThreshold: Int = 1 << 20,
                    plainStringsAfter: Int = defaultPlainStringsAfter) {
            self.maxThreads = maxThreads
            self.parallelThreshold = parallelThreshold
            self.plainStringsAfter = plainStringsAfter
        }
    }

    /// Loads one CSV file into a typed table named `tableName` (default: file name without extension, snake_cased).
    public static func load(path: String, tableName: String? = nil) throws(Diagnostic) -> Table {
        try load(path: path, tableName: tableName, options: Options())
    }

    /// Loads one CSV file with explicit options.
    public static func load(path: String, tableName: String? = nil, options: Options) throws(Diagnostic) -> Table {
        let name = tableName ?? ColumnNameNormalizer.tableName(forPath: path)
        return try FileContents.withBytes(path: path) { buffer in
            Result { () throws(Diagnostic) in try load(buffer: buffer, path: path, tableName: name, options: options) }
        }.get()
    }

    /// Loads CSV bytes; `path` is used only in diagnostics and as sourcePath.
    public static func load(bytes: [UInt8], path: String, tableName: String) throws(Diagnostic) -> Table {
        try load(bytes: bytes, path: path, tableName: tableName, options: Options())
    }

    /// Loads CSV bytes with explicit options.
    public static func load(bytes: [UInt8], path: String, tableName: String, options: Options) throws(Diagnostic) -> Table {
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(Diagnostic) in try load(buffer: buffer, path: path, tableName: tableName, options: options) }
        }.get()
    }

    static func hasBOM(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF
    }

    static func threadCount(_ options: Options, bytes: Int) -> Int {
        guard bytes >= options.parallelThreshold else { return 1 }
        return max(1, min(options.maxThreads ?? Parallel.coreCount, 64))
    }

    private static func load(buffer: UnsafeBufferPointer<UInt8>, path: String, tableName: String,
                             options: Options) throws(Diagnostic) -> Table {
        let start = hasBOM(buffer) ? 3 : 0
        guard buffer[start...].contains(where: { $0 != CSVReader.lf && $0 != CSVReader.cr }) else {
            throw Diagnostic(.data, "file is empty: no header row", at: .file(path: path, line: 1, column: 1))
        }
        // A NUL byte near the start means a binary file: say that, rather than report its first
        // non-UTF-8 byte (a PNG's first byte, 0x89, is one).
        if let nul = buffer[start..<min(buffer.count, start + 8192)].firstIndex(of: 0) {
            throw CSVErrors.diagnostic(for: .nulByte(at: nul), in: buffer, path: path)
        }
        let threads = threadCount(options, bytes: buffer.count - start)
        if let problem = validate(buffer, from: start, threads: threads) {
            throw CSVErrors.diagnostic(for: problem, in: buffer, path: path)
        }
        let delimiter = CSVDialect.detectDelimiter(in: buffer, from: start)
        let header = try CSVHeader.read(buffer, from: start, delimiter: delimiter, path: path)
        let columnCount = header.names.count
        let bodyRange = header.end..<buffer.count

        var chunks: [CSVChunk]
        switch parseChunks(buffer, range: bodyRange, delimiter: delimiter, columnCount: columnCount, threads: threads,
                           plainStringsAfter: options.plainStringsAfter) {
        case .success(let parsed): chunks = parsed
        case .failure(let failure): throw CSVErrors.diagnostic(for: failure, in: buffer, path: path, delimiter: delimiter)
        }

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
        for c in 0..<columnCount {
            let column = CSVColumnMerger.merge(perColumn[c], kind: kinds[c], rowCounts: rowCounts, threads: threads)
            columns.append(widened.contains(c) ? CSVColumnMerger.inFirstAppearanceOrder(column) : column)
            perColumn[c] = []
        }
        let fields = (0..<columnCount).map { c in
            Field(ColumnInfo(name: header.names[c], header: header.headers[c]), columns[c])
        }
        return Table(name: tableName, fields: fields, sourcePath: path)
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
    static func parseChunks(_ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, delimiter: UInt8,
                                    columnCount: Int, threads: Int,
                                    plainStringsAfter: Int = Options.defaultPlainStringsAfter) -> Result<[CSVChunk], CSVFailure> {
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
            return single(buffer, range: range, delimiter: delimiter, columnCount: columnCount, plainStringsAfter: plainStringsAfter)
        }
        var outcomes = [CSVChunkParser.Outcome?](repeating: nil, count: count)
        outcomes.withUnsafeMutableBufferPointer { out in
            Parallel.forEach(count, threads: count) { [cuts] t in
                out[t] = CSVChunkParser.parse(buffer: buffer, range: cuts[t]..<cuts[t + 1],
                                              delimiter: delimiter, columnCount: columnCount,
                                              plainStringsAfter: plainStringsAfter)
            }
        }
        var chunks: [CSVChunk] = []
        for outcome in outcomes {
            switch outcome! {
            case .parsed(let chunk): chunks.append(chunk)
            case .failed(let failure): return .failure(failure)  // earlier chunks were aligned, so it is real
            case .misaligned:
                return single(buffer, range: range, delimiter: delimiter, columnCount: columnCount, plainStringsAfter: plainStringsAfter)
            }
        }
        return .success(chunks)
    }

    private static func single(_ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, delimiter: UInt8,
                               columnCount: Int, plainStringsAfter: Int) -> Result<[CSVChunk], CSVFailure> {
        switch CSVChunkParser.parse(buffer: buffer, range: range, delimiter: delimiter, columnCount: columnCount,
                                    plainStringsAfter: plainStringsAfter) {
        case .parsed(let chunk): return .success([chunk])
        case .failed(let failure): return .failure(failure)
        case .misaligned: preconditionFailure("the final chunk cannot be misaligned")
        }
    }
}
