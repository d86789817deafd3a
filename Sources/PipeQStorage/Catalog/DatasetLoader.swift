import Foundation
import PipeQCore

/// Loads what `pipeq PATH…` names: CSV files, and every `.csv` in a folder, each as a table named after
/// its file; reads `pipeline.toml` beside the data when present; recognises pipeline roles.
public enum DatasetLoader {
    public struct Loaded: Sendable {
        public var catalog: Catalog
        /// What role mapping recognised, renamed or synthesised (shown by `--schema` and `.schema`).
        public var notes: [String]
        public var bytesRead: Int
        public var seconds: Double
        /// Files of a folder that could not be loaded, each with its error (file:line:column); the folder's
        /// other tables are loaded without them.
        public var failures: [Diagnostic]

        public init(
            catalog: Catalog, notes: [String] = [], bytesRead: Int = 0, seconds: Double = 0,
            failures: [Diagnostic] = []
        ) {
            self.catalog = catalog
            self.notes = notes
            self.bytesRead = bytesRead
            self.seconds = seconds
            self.failures = failures
        }
    }

    /// Whether a file name is one pipeq loads: `.csv`, or an Excel workbook (not Excel's `~$` lock files).
    static func isDataFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".csv") || (lower.hasSuffix(".xlsx") && !name.hasPrefix("~$"))
    }

    /// The data files a path names, sorted; a folder contributes its `.csv` and `.xlsx` files (not recursively).
    public static func csvFiles(in path: String) throws(Diagnostic) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Diagnostic(.io, "no such file or folder: \(path)")
        }
        guard isDirectory.boolValue else { return [path] }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            throw Diagnostic(.io, "cannot read folder \(path)")
        }
        let files = names.filter(isDataFile).sorted()
        if files.isEmpty { throw Diagnostic(.io, "no .csv or .xlsx files in folder \(path)") }
        return files.map { (path as NSString).appendingPathComponent($0) }
    }

    /// Loads every path into one catalog.
    /// - Parameter cache: where binary snapshots of large CSVs are kept (nil: always parse the CSV).
    /// - Parameter configPath: `--config`: the pipeline.toml to use instead of the one beside the data.
    public static func load(
        paths: [String], options: CSVLoader.Options = CSVLoader.Options(),
        cache: SnapshotCache? = SnapshotCache.standard(), configPath: String? = nil
    ) throws(Diagnostic) -> Loaded {
        let start = Date()
        var files: [String] = []
        var inFolder = Set<String>()
        var configPaths: [String] = []
        for path in paths {
            let found = try csvFiles(in: path)
            files += found
            if found != [path] { inFolder.formUnion(found) }
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let folder = isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent
            let config = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("pipeline.toml")
            if !configPaths.contains(config) { configPaths.append(config) }
        }
        var config: PipelineConfig?
        if let configPath { config = try PipelineConfig.named(configPath) }
        for path in configPaths where config == nil {
            if let found = try PipelineConfig.load(path: path) {
                config = found
                break
            }
        }
        var tables: [Table] = []
        // Table name -> its file: a dictionary, as a scan of `tables` per file made 40k files quadratic (16.8 s).
        var sourceByName: [String: String] = [:]
        var failures: [Diagnostic] = []
        var fileNotes: [String] = []
        var rejects = RejectsTable()
        var bytes = 0
        for file in files {
            let loadedTables: [Table]
            do throws(Diagnostic) {
                loadedTables = try loadFile(
                    file, options: options, cache: cache, onNote: { fileNotes.append($0) },
                    onRejects: { rejects.add($0, file: $1) })
            } catch {
                // One bad file in a folder does not keep the others out; a file named on its own does.
                guard inFolder.contains(file) else { throw error }
                failures.append(error)
                continue
            }
            for table in loadedTables {
                if let other = sourceByName[table.name] {
                    throw Diagnostic(
                        .io, "two files would both be table \"\(table.name)\": \(other) and \(file)",
                        hint: "load one of them with .load PATH as NAME")
                }
                sourceByName[table.name] = table.sourcePath ?? "?"
                tables.append(table)
            }
            bytes += (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        }
        if tables.isEmpty, let first = failures.first { throw first }
        if let table = rejects.table(named: sourceByName["rejects"] != nil ? "load_rejects" : "rejects") {
            tables.append(table)
        }
        let (catalog, notes) = assemble(
            tables, config: config, datasetName: paths.count == 1 ? datasetName(for: paths[0]) : nil)
        return Loaded(
            catalog: catalog, notes: fileNotes + notes, bytesRead: bytes, seconds: Date().timeIntervalSince(start),
            failures: failures)
    }

    /// Loaded tables as a dataset: the export adapters rewrite CRM shapes, the stages are decided
    /// (`pipeline.toml`, else what the export states, else inferred) and the roles mapped.
    public static func assemble(_ tables: [Table], config: PipelineConfig?, datasetName: String? = nil) -> (
        catalog: Catalog, notes: [String]
    ) {
        var imported = ImportState(tables: tables)
        ExportAdapters.apply(&imported)
        let stages = config?.stages ?? imported.stageOrder ?? RoleMapper.stages(for: imported.tables, config: config)
        let (mapped, roleNotes) = RoleMapper.apply(to: imported.tables, config: config, stages: stages)
        return (
            Catalog(
                tables: mapped, stages: stages, datasetName: datasetName, fiscalYearStart: config?.fiscalYearStart ?? 1,
                quotaPeriod: config?.quotaPeriod, margin: config?.margin),
            imported.notes + roleNotes
        )
    }

    /// One CSV file as a table: from its snapshot when a valid one exists, else parsed (and snapshotted when large),
    /// its text columns typed further by `ColumnRetyper`. The file's `[file."NAME.csv"]` table in the
    /// `pipeline.toml` beside it fills in what `options` leaves open. `onNote` gets what loading noticed
    /// (read as Windows-1252, footer skipped, columns retyped or left text, and why).
    ///
    /// A file with explicit formats (options or its `[file]` table) neither reads nor writes a snapshot, and a load
    /// that produced notes is not snapshotted: a cache hit is always a file that loads without notes.
    /// The tables of one data file: a CSV's one, or one per non-empty sheet of a workbook (`file_sheet`).
    static func loadFile(
        _ file: String, options: CSVLoader.Options, cache: SnapshotCache?, onNote: (String) -> Void,
        onRejects: ([CSVLoader.RejectedRow], String) -> Void = { _, _ in }
    ) throws(Diagnostic) -> [Table] {
        guard file.lowercased().hasSuffix(".xlsx") else {
            return [try loadTable(file, options: options, cache: cache, onNote: onNote, onRejects: onRejects)]
        }
        let sheets = try XLSXReader.sheets(path: file)
        guard !sheets.isEmpty else {
            throw Diagnostic(.data, "workbook has no sheet with data", at: .file(path: file, line: 1, column: 1))
        }
        let base = ColumnNameNormalizer.tableName(forPath: file)
        options.progress?.begin(file: file, phase: .parsing, totalBytes: 0)
        defer { options.progress?.end() }
        var tables: [Table] = []
        for sheet in sheets {
            let name = ColumnNameNormalizer.snakeCase(base + "_" + sheet.name)
            // Errors point at the sheet: book.xlsx[Deals]:LINE:COLUMN, lines counted in the sheet's rows.
            let loaded = try CSVLoader.loadWithNotes(
                bytes: sheet.csv, path: "\(file)[\(sheet.name)]", tableName: name, options: options)
            let (table, typingNotes) = ColumnRetyper.retype(loaded.table, options: loaded.valueFormat)
            (loaded.notes + typingNotes).forEach(onNote)
            if !loaded.rejects.isEmpty { onRejects(loaded.rejects, "\(file)[\(sheet.name)]") }
            tables.append(
                Table(
                    name: table.name, fields: table.fields, sourcePath: file, role: table.role, derived: table.derived))
        }
        onNote(
            "\((file as NSString).lastPathComponent): an Excel workbook, one table per sheet: "
                + tables.map(\.name).joined(separator: ", "))
        return tables
    }

    static func loadTable(
        _ file: String, options: CSVLoader.Options, cache: SnapshotCache?,
        onNote: (String) -> Void = { _ in },
        onRejects: ([CSVLoader.RejectedRow], String) -> Void = { _, _ in }
    ) throws(Diagnostic) -> Table {
        let name = ColumnNameNormalizer.tableName(forPath: file)
        var options = options
        let folder = (file as NSString).deletingLastPathComponent
        let configPath = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("pipeline.toml")
        if let format = try PipelineConfig.load(path: configPath)?.fileFormat(forCSV: file) {
            options = format.applied(under: options)
        }
        let cache = options.valueFormat.isAutomatic && options.encoding == .auto ? cache : nil
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let progress = options.progress
        defer { progress?.end() }
        if let cache {
            let snapshotSize = try? FileManager.default.attributesOfItem(atPath: cache.snapshotPath(for: file))[.size]
            progress?.begin(file: file, phase: .readingSnapshot, totalBytes: (snapshotSize as? Int) ?? 0)
        }
        if let cached = cache?.load(source: file, tableName: name, progress: progress) {
            // Said in --schema and .schema: a table from a snapshot is only as fresh as the stamp that matched.
            onNote(
                "\(name): read from its snapshot in the cache (\((file as NSString).lastPathComponent) has the same size, "
                    + "modification and change times and inode as when it was taken); --no-cache reads the file itself")
            return cached
        }
        progress?.begin(file: file, phase: .parsing, totalBytes: size)
        let loaded = try CSVLoader.loadWithNotes(path: file, tableName: name, options: options)
        let (table, typingNotes) = ColumnRetyper.retype(loaded.table, options: loaded.valueFormat)
        let notes = loaded.notes + typingNotes
        notes.forEach(onNote)
        if !loaded.rejects.isEmpty { onRejects(loaded.rejects, file) }
        if let cache, notes.isEmpty, size >= SnapshotCache.minimumSourceBytes { cache.store(table, source: file) }
        return table
    }

    /// A short name for the prompt: the folder's (or file's) last path component.
    static func datasetName(for path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let last = (trimmed as NSString).lastPathComponent
        return last.lowercased().hasSuffix(".csv") ? String(last.dropLast(4)) : last
    }
}
