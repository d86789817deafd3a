import PipeQLanguage

/// The columns of a result that the query is about: a table too wide for the screen keeps these (with its first
/// column) and cuts the others. A column is one when the query (or a `let` it reads) names it, when the query
/// computed it (an aggregate, an `extend`, a verb's own columns: anything its source table does not have), or when
/// a verb reads it as its subject (`stalled` keeps the stage).
enum QueriedColumns {
    static func of(_ plan: QueryPlan, text: String, lets: [String: LetDefinition]) -> Set<String> {
        var names = Set<String>()
        var texts = [text]
        var seenLets = Set<String>()
        while let next = texts.popLast() {
            for token in (try? Lexer.tokenize(next)) ?? [] {
                guard let name = token.nameText else { continue }
                names.insert(name)
                if let definition = lets[name], seenLets.insert(name).inserted { texts.append(definition.text) }
            }
        }
        var source = plan.root
        while let input = source.input { source = input }
        let sourceNames = Set(source.schema.fields.map(\.name))
        for node in plan.root.nodes {
            if case .verb(_, let verb) = node { names.formUnion(verb.subjectColumns) }
        }
        return Set(
            plan.schema.fields.filter { field in
                !sourceNames.contains(field.name) || names.contains(field.name)
                    || field.info.role.map { names.contains($0.canonicalName) } ?? false
            }.map(\.name))
    }
}
