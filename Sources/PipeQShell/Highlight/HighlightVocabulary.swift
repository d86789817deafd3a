import PipeQEngine
import PipeQLanguage

/// The names the highlighter recognises beyond the grammar: tables and `let` names, columns, functions, and
/// the schema of a partial query (the columns a later stage sees). Built from the engine in the shell, by
/// hand in tests.
public struct HighlightVocabulary {
    /// Table and `let` names (sources), compared exactly as the binder does.
    public var sources: Set<String>
    /// Columns of every table in the catalog.
    public var columns: Set<String>
    /// Functions that may be called with "(": scalar, window, and aggregate words.
    public var functions: Set<String>
    /// The columns a query's text produces (the input of the stage after it), nil when it does not bind.
    public var schemaColumns: (String) -> [String]?

    public init(
        sources: Set<String>, columns: Set<String>,
        functions: Set<String> = Set(ScalarFunction.names + WindowFunction.names),
        schemaColumns: @escaping (String) -> [String]? = { _ in nil }
    ) {
        self.sources = sources
        self.columns = columns
        self.functions = functions
        self.schemaColumns = schemaColumns
    }

    /// The engine's names as they are now (call again after `.load` or a `let`).
    public init(engine: QueryEngine) {
        var columns = Set<String>()
        for name in engine.catalog.sourceNames + engine.letOrder {
            if let schema = engine.schema(ofSource: name) { columns.formUnion(schema.allNames) }
        }
        var cache: [String: [String]?] = [:]
        self.init(
            sources: Set(engine.catalog.sourceNames + engine.letOrder), columns: columns,
            schemaColumns: { text in
                if let known = cache[text] { return known }
                let names = engine.schema(ofQuery: text)?.allNames
                if cache.count > 64 { cache.removeAll() }
                cache[text] = names
                return names
            })
    }
}
