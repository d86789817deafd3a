import PipeQCore
import PipeQSQL

extension MetaCommand {
    /// `.sql [postgres|duckdb|sqlite] QUERY`: the SQL a query compiles to, without running it.
    static let sql = MetaCommand(
        name: ".sql", usage: ".sql [postgres|duckdb|sqlite] QUERY",
        summary: "show the SQL a query compiles to (PostgreSQL unless a dialect is named)", argument: .query
    ) {
        (call: MetaInvocation) throws(Diagnostic) in
        var query = call.rest.trimmingWhitespace()
        var offset = call.restOffset
        var dialect = SQLDialect.postgres
        if let word = query.split(separator: " ").first, let named = SQLDialect(rawValue: word.lowercased()) {
            dialect = named
            let rest = query.dropFirst(word.count).drop { $0 == " " }
            offset += query.utf8.count - rest.utf8.count
            query = String(rest)
        }
        guard !query.isEmpty else { throw call.usageError() }
        do throws(Diagnostic) {
            call.write(try call.session.sql(query, dialect: dialect).text + ";\n")
        } catch {
            // Point into the command's line, where the query text sits.
            var shifted = error
            if let span = error.span {
                shifted.location = .query(SourceSpan(span.start + offset, span.end + offset))
            }
            throw shifted
        }
    }
}
