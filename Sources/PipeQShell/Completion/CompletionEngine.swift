import PipeQEngine
import PipeQLanguage
import PipeQStorage

/// Tab completion that follows the query: table, let and meta-command names at the start; stage words
/// after `|` (from `StageTable`); the current stage's columns, functions (with their "(") and `today`/`now` in
/// expressions and after `by`, `select`, `sort`, `where`, `extend … =`; a string column's values after
/// `COLUMN =`, `COLUMN !=` and in `COLUMN in (…`; after a verb, what its stage-table entry says it takes (its
/// option words, "by" and the periods or columns after it, the rep after `compare`, tables and shared columns
/// after `join`, dates after `changes from`/`to`); dates after `asof`; file paths after `.load`, `.read`,
/// `.output`. Readline-independent: text in, candidates out.
///
/// Only bind-time schemas and column dictionaries are consulted, never rows, so it stays fast on large tables
/// (the one scan, for the data's last change date, runs once per dataset in the background: `DateCandidates`).
public struct CompletionEngine {
    /// Tables, lets and schemas come from here.
    public let engine: QueryEngine
    /// Lists file-path candidates for a partial path (replaceable in tests).
    public var pathCandidates: (String) -> [String]
    /// Dates after `asof`, with the data's last change date worked out once.
    public let dates = DateCandidates()
    /// A string column's values where the table's rows are not in memory (a database table): nil when it has none
    /// to offer.
    public var databaseValues: (@Sendable (Table, String) -> [String]?)?

    /// Completion over `engine`'s tables and lets; file paths from the file system unless replaced.
    public init(engine: QueryEngine, pathCandidates: @escaping (String) -> [String] = PathCandidates.complete) {
        self.engine = engine
        self.pathCandidates = pathCandidates
    }

    /// Starts the slow part of completion (the data's last change date) in the background, so no Tab waits for it.
    public func prepare() { dates.prepare(engine) }

    /// Candidates for the text before the cursor (for a multi-line entry, all of its lines so far).
    public func complete(_ text: String) -> CompletionResult {
        if let query = Self.queryArgument(of: text) { return complete(query) }
        let mode = CompletionWord.mode(of: text)
        let (before, word) = CompletionWord.split(text, mode: mode)
        let candidates: [String]
        switch mode {
        case .meta: candidates = meta(String(before), String(word))
        case .string(let quote): candidates = openString(String(before.dropLast()), String(word), quote: quote)
        case .query, .date: candidates = query(String(before), String(word))
        }
        var append: Character? = " "
        if case .string(let quote) = mode { append = quote }
        if candidates.count == 1, let last = candidates[0].last, last == "/" || last == "(" { append = nil }
        return CompletionResult(word: String(word), candidates: candidates, appendCharacter: append)
    }

    // MARK: - Meta-commands

    /// The query typed after a meta-command that takes one (`.explain deals | wh`), once a space follows its name.
    static func queryArgument(of text: String) -> String? {
        let start = text.drop { $0 == " " || $0 == "\t" }
        guard start.hasPrefix(".") else { return nil }
        let name = start.prefix { $0 != " " && $0 != "\t" }
        guard name.count < start.count, MetaCommands.command(named: String(name))?.argument == .query else {
            return nil
        }
        return String(start.dropFirst(name.count).drop { $0 == " " || $0 == "\t" })
    }

    func meta(_ before: String, _ word: String) -> [String] {
        let words = MetaArguments.split(before)
        guard let name = words.first else { return CompletionResult.filtered(MetaCommands.names, by: word) }
        guard let command = MetaCommands.command(named: name) else { return [] }
        let position = words.count  // 1: first argument
        switch command.argument {
        case .none: return []
        case .path:
            if command.name == ".load", position == 2 { return CompletionResult.filtered(["as"], by: word) }
            return position == 1 ? pathCandidates(word) : []
        case .table:
            return position == 1 ? CompletionResult.filtered(engine.catalog.sourceNames, by: word) : []
        case .command:
            var names = MetaCommands.all.map { word.hasPrefix(".") ? $0.name : String($0.name.dropFirst()) }
            if command.name == ".help", !word.hasPrefix(".") { names += StageTable.stageWords + ClauseHelp.words }
            return position == 1 ? CompletionResult.filtered(names, by: word) : []
        case .choices(let choices):
            return position == 1 ? CompletionResult.filtered(choices, by: word) : []
        case .query:
            return []  // handled before the meta-command's words are split (queryArgument)
        }
    }

    // MARK: - Queries

    func query(_ before: String, _ word: String) -> [String] {
        let context = CompletionContext.analyze(before)
        var all: [String] = []
        var values: [String] = []
        for want in context.wants {
            switch want {
            case .statementStart(let metaCommands):
                all += engine.catalog.sourceNames + engine.letOrder + ["let"]
                if metaCommands { all += MetaCommands.names }
            case .verbs:
                all += StageTable.completionWords
            case .columns:
                all += columns(context)
            case .functions:
                all += Self.functions
            case .aggregates:
                all += StageTable.aggregateCompletionWords
            case .keywords(let words):
                all += words
            case .values(let column, let excluding):
                if let found = stringValues(column, context) {
                    values += matching(found, word).filter { !excluding.contains($0) }.map(ValueCandidates.quoted)
                } else {
                    all += columns(context) + Self.functions
                }
            case .repValues:
                values += matching(repValues(context), word).map(ValueCandidates.quoted)
            case .tables:
                all += engine.catalog.sourceNames + engine.letOrder
            case .joinColumns(let table):
                all += joinColumns(table, context)
            case .periods:
                all += VerbRegistry.periodWords
            case .dates:
                all += dates.candidates(engine)
            }
        }
        return values + CompletionResult.filtered(all, by: word)
    }

    /// Inside an open string literal: the values of the column it is compared with (escaped for the quote,
    /// which completion then closes).
    func openString(_ beforeQuote: String, _ word: String, quote: Character) -> [String] {
        guard quote != "`" else { return [] }
        let context = CompletionContext.analyze(beforeQuote)
        for want in context.wants {
            switch want {
            case .values(let column, let excluding):
                guard let found = stringValues(column, context) else { return [] }
                return matching(found, word).filter { !excluding.contains($0) }.map {
                    ValueCandidates.escaped($0, quote: quote)
                }
            case .repValues:
                return matching(repValues(context), word).map { ValueCandidates.escaped($0, quote: quote) }
            default:
                continue
            }
        }
        return []
    }

    /// Column names of the current stage's input: the schema of the query before the last `|`, else the source's.
    func columns(_ context: CompletionContext) -> [String] {
        guard let source = context.source else { return [] }
        if let upstream = context.upstreamText, let schema = engine.schema(ofQuery: upstream) { return schema.allNames }
        return engine.schema(ofSource: source)?.allNames ?? []
    }

    /// A string column's distinct values, from the dictionary of the table the query reads.
    func stringValues(_ column: String, _ context: CompletionContext) -> [String]? {
        guard let source = context.source, let table = ValueCandidates.baseTable(for: source, in: engine) else {
            return nil
        }
        if let upstream = context.upstreamText, let schema = engine.schema(ofQuery: upstream) {
            guard let i = schema.index(of: column), schema.fields[i].type == .string else { return nil }
        }
        if let databaseValues, let values = databaseValues(table, column) { return values }
        return ValueCandidates.values(of: column, in: table)
    }

    /// Function names with their "(", then the words read as dates (`today`, `now`).
    static let functions = (ScalarFunction.names + WindowFunction.names).map { $0 + "(" } + Parser.dateWords

    /// The values of the current stage's rep column (the input column with the rep role: `compare`'s).
    func repValues(_ context: CompletionContext) -> [String] {
        guard let upstream = context.upstreamText, let schema = engine.schema(ofQuery: upstream),
            let i = schema.index(role: .rep)
        else { return [] }
        return stringValues(schema.fields[i].name, context) ?? []
    }

    /// Columns `join NAME on` can match: the input's columns that NAME (a table or `let` name) has too (all of them
    /// when NAME is unknown).
    func joinColumns(_ table: String, _ context: CompletionContext) -> [String] {
        let input = columns(context)
        guard let joined = engine.schema(ofSource: table) else { return input }
        let names = Set(joined.allNames)
        return input.filter(names.contains)
    }

    /// Values starting with the typed text: case-sensitive matches, else case-insensitive ones.
    func matching(_ values: [String], _ word: String) -> [String] {
        guard !word.isEmpty else { return values }
        let exact = values.filter { $0.hasPrefix(word) }
        if !exact.isEmpty { return exact }
        let lower = word.lowercased()
        return values.filter { $0.lowercased().hasPrefix(lower) }
    }
}
