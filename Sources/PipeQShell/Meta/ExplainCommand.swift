import PipeQCore

extension MetaCommand {
    /// `.explain QUERY`: the query's logical plan and the optimized plan that runs, without running it.
    static let explain = MetaCommand(
        name: ".explain", usage: ".explain QUERY", summary: "show a query's plan without running it",
        argument: .query
    ) {
        (call: MetaInvocation) throws(Diagnostic) in
        let query = call.rest.trimmingWhitespace()
        guard !query.isEmpty else { throw call.usageError() }
        do throws(Diagnostic) {
            call.write(try call.session.engine.explain(query))
        } catch {
            // Point into the command's line, where the query text sits after ".explain ".
            var shifted = error
            if let span = error.span {
                shifted.location = .query(SourceSpan(span.start + call.restOffset, span.end + call.restOffset))
            }
            throw shifted
        }
    }
}
