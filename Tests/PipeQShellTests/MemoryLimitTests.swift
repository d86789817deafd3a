import Foundation
import PipeQCore
import PipeQEngine
import PipeQShell
import PipeQStorage
import PipeQTestSupport
import Testing

/// `.limit memory SIZE` bounds what one result may take: a join that would repeat rows past it is refused
/// from its key counts, before anything is built, and the session goes on.
@Suite(.serialized) struct MemoryLimitTests {
    /// 3,000 deals in 3 stages: joining them with themselves on stage makes 3,000,000 rows.
    static func session() -> Session {
        let n = 3_000
        let deals = TestTables.table(
            "deals",
            [
                ("id", Column(.int((0..<Int64(n)).map { $0 }))),
                ("stage", TestTables.strings((0..<n).map { ["Prospecting", "Proposal", "Closed Won"][$0 % 3] })),
                ("value", Column(.double((0..<n).map { Double($0) }))),
            ])
        return Session(engine: QueryEngine(catalog: Catalog(tables: [deals]), asOfDay: 20_000))
    }

    @Test func anExplodingJoinIsRefusedAndTheSessionGoesOn() throws {
        let s = Self.session()
        defer { MemoryLimit.bytes = MemoryLimit.defaultBytes }
        try MetaCommands.scriptHandler(s)(".limit memory 8MB")
        #expect(MemoryLimit.bytes == 8 << 20)
        var refusal: Diagnostic?
        do throws(Diagnostic) { _ = try s.engine.run("deals | join deals on stage | count") } catch { refusal = error }
        #expect(
            refusal?.message
                == "join deals on stage would make 3,000,000 rows (about 80.1 MB), over the memory limit of 8 MB",
            "\(String(describing: refusal))")
        #expect(refusal?.hint?.contains(".limit memory SIZE") == true)
        // Found while joining, it still points at the join stage: "join deals on stage" is bytes 8..<27.
        #expect(refusal?.span == SourceSpan(8, 27), "\(String(describing: refusal?.span))")
        // A join that fits still runs, and so does the big one once the limit is raised.
        guard case .rows(let small) = try s.engine.run("deals where id < 30 | join deals on stage | count") else {
            return
        }
        #expect(small.value(row: 0, column: 0) == .int(30_000))
        try MetaCommands.scriptHandler(s)(".limit memory default")
        guard case .rows(let big) = try s.engine.run("deals | join deals on stage | count") else { return }
        #expect(big.value(row: 0, column: 0) == .int(3_000_000))
    }

    @Test func badSizesAreUsageErrors() {
        let s = Self.session()
        var refusal: Diagnostic?
        do throws(Diagnostic) { try MetaCommands.scriptHandler(s)(".limit memory lots") } catch { refusal = error }
        #expect(refusal?.message == "expected a size such as 4GB, 512MB or 50%, got \"lots\"")
    }
}
