import Foundation
import PipeQRender

/// A `.test` file in the sqllogictest spirit. The format, line by line:
/// ```
/// # comment                  lines before the first directive head the file; later ones belong to the next block
/// dataset fixture            the data the blocks run against: a folder under Data/, or `examples`
/// asof 2026-11-01            the "today" of relative dates and ages
/// charset ascii              optional: charts drawn in plain ASCII, as for a terminal whose locale is not UTF-8
///                            (the default, `charset unicode`, draws block characters); charts are 72 columns wide
/// width 60                   optional: tables fit a terminal this many columns wide (columns cut, with a note), as
///                            the shell prints them; without it tables are whole, as in a file or pipe
/// expanded auto              optional: `.expanded` (off, on or auto; auto needs `width`)
///
/// query [table|csv|json|markdown|svg]
/// deals | count
/// ----
/// 10
///
/// statement ok
/// let stale = deals where …
///
/// error
/// deals | avg vaule
/// ----
/// error: unknown column "vaule" — did you mean "value"?
///   deals | avg vaule
///               ^^^^^
///
/// explain
/// deals where amount > 10k | count
/// ----
/// (the logical and optimized plans)
/// ```
/// - `query`: the query must run; its result, rendered in the format named (table when none), must equal the
///   lines after `----` exactly. A query that fails is a failed test, whatever the expected lines say: a
///   failure that is expected is written as an `error` block.
/// - `error`: the query must fail; the rendered diagnostic must equal the lines after `----`.
/// - `explain`: the query's plans (`QueryEngine.explain`) must equal the lines after `----`; failing to plan
///   fails the test, as for `query`.
/// - `statement ok`: the query (ending at the first blank line) must run; it has no expected output.
///
/// The query text runs up to `----`; the expected output up to the next blank line (so it has none). A file
/// that breaks these rules does not parse, and a file that does not parse fails its test.
struct GoldenFile: CustomStringConvertible, Sendable {
    enum Kind: Sendable, Equatable {
        case query(format: String)
        case statement
        case error
        /// `explain`: the query's logical and optimized plans (QueryEngine.explain), not its rows.
        case explain
    }

    struct Block: Sendable {
        var kind: Kind
        var query: String
        var expected: String
        /// 1-based line of the block's header, for failure messages.
        var line: Int
        /// `#` lines just before the block (kept when re-recording).
        var comments: [String] = []
    }

    /// Why a `.test` file does not parse, with its place.
    struct ParseError: Error, CustomStringConvertible {
        var path: String
        var line: Int
        var message: String
        var description: String { "\((path as NSString).lastPathComponent):\(line): \(message)" }
    }

    var path: String
    var dataset = "fixture"
    var asOf = "2026-11-01"
    /// `charset ascii`: charts in plain ASCII instead of Unicode block characters.
    var asciiCharts = false
    /// `width N`: the terminal width tables fit (nil: whole tables).
    var width: Int?
    /// `expanded off|on|auto`.
    var expanded = ExpandedMode.off
    var blocks: [Block] = []

    var description: String { (path as NSString).lastPathComponent }

    static var casesDirectory: String {
        (URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Cases").path)
    }

    /// The names of the `.test` files under Cases/, sorted. A folder that can't be listed is an error, not
    /// an empty suite.
    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: casesDirectory).filter { $0.hasSuffix(".test") }.sorted()
    }

    static func load(_ name: String) throws -> GoldenFile {
        try parse(path: casesDirectory + "/" + name)
    }

    static func parse(path: String) throws -> GoldenFile {
        try parse(text: String(contentsOfFile: path, encoding: .utf8), path: path)
    }

    static func parse(text: String, path: String) throws -> GoldenFile {
        var file = GoldenFile(path: path)
        let lines = text.components(separatedBy: "\n")
        func failure(_ index: Int, _ message: String) -> ParseError {
            ParseError(path: path, line: index + 1, message: message)
        }
        var i = 0
        var pendingComments: [String] = []
        var seenDirective = false
        while i < lines.count {
            let line = lines[i]
            let words = line.split(separator: " ").map(String.init)
            if line.hasPrefix("#") {
                // Comments before the directives head the file; later ones belong to the next block.
                if seenDirective { pendingComments.append(line) }
                i += 1
                continue
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                i += 1
                continue
            }
            seenDirective = true
            switch words[0] {
            case "dataset", "asof":
                guard words.count == 2 else { throw failure(i, "\"\(words[0])\" takes one word: \(line)") }
                if words[0] == "dataset" { file.dataset = words[1] } else { file.asOf = words[1] }
                i += 1
            case "charset":
                guard words.count == 2, ["ascii", "unicode"].contains(words[1]) else {
                    throw failure(i, "expected \"charset ascii\" or \"charset unicode\": \(line)")
                }
                file.asciiCharts = words[1] == "ascii"
                i += 1
            case "width":
                guard words.count == 2, let width = Int(words[1]), width >= 20 else {
                    throw failure(i, "expected \"width N\" with N at least 20: \(line)")
                }
                file.width = width
                i += 1
            case "expanded":
                guard words.count == 2, let mode = ExpandedMode(rawValue: words[1]) else {
                    throw failure(i, "expected \"expanded off\", \"expanded on\" or \"expanded auto\": \(line)")
                }
                file.expanded = mode
                i += 1
            case "query", "statement", "error", "explain":
                let headerIndex = i
                let kind = try blockKind(words, failure: { failure(headerIndex, $0) })
                i += 1
                var query: [String] = []
                while i < lines.count, lines[i] != "----", !lines[i].isEmpty {
                    query.append(lines[i])
                    i += 1
                }
                guard !query.isEmpty else { throw failure(headerIndex, "\"\(line)\" has no query") }
                let hasSeparator = i < lines.count && lines[i] == "----"
                if kind == .statement, hasSeparator {
                    throw failure(i, "a statement has no expected output; end it with a blank line")
                }
                if kind != .statement, !hasSeparator {
                    throw failure(i, "expected \"----\" after the query of the block at line \(headerIndex + 1)")
                }
                var expected: [String] = []
                if hasSeparator {
                    i += 1
                    while i < lines.count, !lines[i].isEmpty {
                        expected.append(lines[i])
                        i += 1
                    }
                }
                file.blocks.append(
                    Block(
                        kind: kind, query: query.joined(separator: "\n"),
                        expected: expected.map { $0 + "\n" }.joined(), line: headerIndex + 1,
                        comments: pendingComments))
                pendingComments = []
            default:
                throw failure(i, "unknown directive \(line)")
            }
        }
        guard !file.blocks.isEmpty else { throw ParseError(path: path, line: 1, message: "no blocks") }
        return file
    }

    private static func blockKind(_ words: [String], failure: (String) -> ParseError) throws -> Kind {
        switch (words[0], words.count) {
        case ("query", 1): return .query(format: "table")
        case ("query", 2):
            guard OutputFormat(rawValue: words[1]) != nil else { throw failure("unknown format \"\(words[1])\"") }
            return .query(format: words[1])
        case ("statement", 2) where words[1] == "ok": return .statement
        case ("error", 1): return .error
        case ("explain", 1): return .explain
        default:
            let found = words.joined(separator: " ")
            throw failure("expected \"query [FORMAT]\", \"statement ok\", \"error\" or \"explain\", found \"\(found)\"")
        }
    }

    /// The file's text with new expected outputs (re-recording).
    func recorded(_ outputs: [String]) -> String {
        var out = "dataset \(dataset)\nasof \(asOf)\n" + (asciiCharts ? "charset ascii\n" : "")
        if let width { out += "width \(width)\n" }
        if expanded != .off { out += "expanded \(expanded.rawValue)\n" }
        let original = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        // Keep the leading comment block.
        let comments = original.components(separatedBy: "\n").prefix { $0.hasPrefix("#") }
        if !comments.isEmpty { out = comments.joined(separator: "\n") + "\n" + out }
        for (block, output) in zip(blocks, outputs) {
            out += "\n" + block.comments.map { $0 + "\n" }.joined()
            switch block.kind {
            case .query(let format): out += "query" + (format == "table" ? "" : " " + format) + "\n"
            case .statement: out += "statement ok\n"
            case .error: out += "error\n"
            case .explain: out += "explain\n"
            }
            out += block.query + "\n"
            if block.kind != .statement { out += "----\n" + output }
        }
        return out
    }
}
