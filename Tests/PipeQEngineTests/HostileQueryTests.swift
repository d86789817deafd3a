import Foundation
import PipeQCore
import PipeQEngine
import PipeQStorage
import PipeQTestSupport
import Testing

/// Query text that must give a clear error or a result — never a crash, a hang or a stack overflow
/// (issue 7). Runs in-process on `TestTables.engine()`; the CLI's byte-level paths (stdin, -f) are covered
/// in `HostileInputTests` of the end-to-end suite.
@Suite struct HostileQueryTests {
    let engine = TestTables.engine()

    func message(_ query: String) -> String? {
        do {
            _ = try engine.run(query)
            return nil
        } catch {
            return error.message
        }
    }

    func single(_ query: String) throws -> Scalar {
        guard case .rows(let result) = try engine.run(query) else { throw Diagnostic(.execute, "no rows") }
        #expect(result.rowCount == 1)
        return result.value(row: 0, column: 0)
    }

    static let tooDeep = "query too deeply nested (more than 200 levels)"

    @Test(arguments: [
        (
            "parentheses",
            "deals where " + String(repeating: "(", count: 10_000) + "true" + String(repeating: ")", count: 10_000)
        ),
        ("not", "deals where " + String(repeating: "not ", count: 10_000) + "true"),
        ("unary minus", "deals | extend x = " + String(repeating: "-", count: 10_000) + "1"),
        ("addition chain", "deals | extend x = " + Array(repeating: "1", count: 10_000).joined(separator: "+")),
        (
            "multiplication chain",
            "deals | extend x = " + Array(repeating: "value", count: 10_000).joined(separator: " * ")
        ),
        ("or chain", "deals where " + Array(repeating: "id = 1", count: 10_000).joined(separator: " or ")),
        ("and chain", "deals where " + Array(repeating: "id > 0", count: 10_000).joined(separator: " and ")),
        (
            "function nesting",
            "deals | extend x = " + String(repeating: "abs(", count: 10_000) + "1"
                + String(repeating: ")", count: 10_000)
        ),
    ])
    func deepNestingIsAClearError(_ name: String, _ query: String) {
        #expect(message(query) == Self.tooDeep, "\(name)")
    }

    @Test func nestingJustUnderTheLimitRuns() throws {
        let sum = Array(repeating: "1", count: 150).joined(separator: "+")
        #expect(try single("deals | extend x = \(sum) | max x") == .int(150))
        let parens = String(repeating: "(", count: 90) + "id > 2" + String(repeating: ")", count: 90)
        #expect(try single("deals where \(parens) | count") == .int(3))
        #expect(try single("deals where " + String(repeating: "not ", count: 150) + "id > 2 | count") == .int(3))
    }

    /// `let` names chain (each binds its source when used): 3,000 of them overflowed the stack, and took
    /// 80 s to define (each definition binds the whole chain). At most 100 are chained now.
    @Test func longLetChainsAreRefused() throws {
        let engine = TestTables.engine()
        _ = try engine.run("let l1 = deals where value > 0")
        for i in 2...100 { _ = try engine.run("let l\(i) = l\(i - 1) where id > 0") }
        guard case .rows(let result) = try engine.run("l100 | count") else { return }
        #expect(result.value(row: 0, column: 0) == .int(5))
        do {
            _ = try engine.run("let l101 = l100 | count")
            Issue.record("a 101st chained name was accepted")
        } catch {
            #expect(error.message == "\"l100\" already builds on 99 other names: at most 100 can be chained")
        }
    }

    @Test func tenThousandElementInList() throws {
        let list = (0..<10_000).map(String.init).joined(separator: ", ")
        #expect(try single("deals where id in (\(list)) | count") == .int(5))
        #expect(try single("deals where id not in (\(list)) | count") == .int(0))
        let strings = (0..<10_000).map { "\"rep \($0)\"" }.joined(separator: ",")
        #expect(try single("deals where rep in (\(strings), \"Ann Lee\") | count") == .int(2))
    }

    @Test func oneMegabyteQueryLine() throws {
        let long = String(repeating: "z", count: 1_000_000)
        #expect(try single("deals where name = \"\(long)\" | count") == .int(0))
        #expect(try single("deals | count" + String(repeating: " ", count: 1_000_000)) == .int(5))
        #expect(message("deals | count " + long) == "unknown column \"\(long)\"")
    }

    @Test func nulBytesInQueries() throws {
        #expect(message("deals | count\u{0}") == "unexpected NUL byte")
        #expect(message("deals\u{0} | count") == "unexpected NUL byte")
        // Inside a string literal a NUL is just a character.
        #expect(try single("deals where name = \"a\u{0}b\" | count") == .int(0))
        #expect(message("deals | count \u{1}") == "unexpected control character U+0001")
    }

    @Test func invalidUTF8ArrivesRepaired() throws {
        // Query text is a String: invalid bytes arrive as U+FFFD (the shell and scripts refuse them earlier).
        let repaired = String(decoding: [0x64, 0x65, 0x61, 0x6C, 0x73, 0x20, 0x7C, 0x20, 0xFF, 0xFE], as: UTF8.self)
        #expect(message(repaired) == "unknown verb \"\u{FFFD}\u{FFFD}\"")
        #expect(message("deals | count \u{FFFD}") == "unknown column \"\u{FFFD}\"")
        #expect(try single("deals where name = \"\u{FFFD}\" | count") == .int(0))
    }

    @Test func emojiInNamesAndValues() throws {
        #expect(try single("deals where name contains \"🚀\" | count") == .int(0))
        #expect(try single("deals | extend r = \"🚀 launch\" | where r starts with \"🚀\" | count") == .int(5))
        #expect(try single("deals | extend r = \"👩‍👩‍👧\" | max length(r)") == .int(1))
        guard case .rows(let result) = try engine.run("deals | extend r = \"🚀\" | count by r") else { return }
        #expect(result.columnNames == ["r", "count"])
        #expect(result.value(row: 0, column: 0) == .string("🚀"))
        #expect(message("deals | avg `🚀`") == "unknown column \"🚀\"")
        #expect(message("deals | count by 🚀") == "unknown column \"🚀\"")
    }

    @Test func numbersPastInt64AndDoubleRanges() throws {
        #expect(
            message("deals where id > 9223372036854775808")
                == "number 9223372036854775808 is too large for a 64-bit integer")
        #expect(message("deals where id > 99999999999999999999999") != nil)
        #expect(message("deals where value > 1e400") == "number is out of range")
        #expect(try single("deals where value > 9999999999999999999bn | count") == .int(0))  // a number, 1e28
        #expect(try single("deals | extend x = 9223372036854775807 + id | count x") == .int(0))  // overflow → null
        #expect(try single("deals | extend x = 9223372036854775807 * 2 | count x") == .int(0))
        #expect(try single("deals | extend x = -9223372036854775807 - 2 | count x") == .int(0))
        #expect(try single("deals | sum id") == .int(15))
        #expect(try single("deals | extend x = 1.7e308 * 10 | max x") == .double(.infinity))
    }

    @Test func impossibleDates() {
        #expect(message("deals | extend d = 0000-00-00") == "invalid date \"0000-00-00\": no such day")
        #expect(message("deals | extend d = 2026-02-30") == "invalid date \"2026-02-30\": no such day")
        #expect(message("deals | extend d = 2026-13-01") == "invalid date \"2026-13-01\": no such day")
        #expect(message("deals | extend d = 2026-02-29T25:00") != nil)
    }
}
