import Foundation

/// A `.test` file in the sqllogictest spirit:
/// ```
/// # comment
/// dataset fixture            (or: examples)
/// asof 2026-11-01
///
/// query [table|csv|json|markdown]
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
/// ```
/// A blank line ends expected output.
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

    var path: String
    var dataset = "fixture"
    var asOf = "2026-11-01"
    var blocks: [Block] = []

    var description: String { (path as NSString).lastPathComponent }

    static var casesDirectory: String {
        (URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Cases").path)
    }

    static func all() -> [GoldenFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: casesDirectory)) ?? []
        return names.filter { $0.hasSuffix(".test") }.sorted().compactMap { try? parse(path: casesDirectory + "/" + $0) }
    }

    static func parse(path: String) throws -> GoldenFile {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var file = GoldenFile(path: path)
        let lines = text.components(separatedBy: "\n")
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
            if line.trimmingCharacters(in: .whitespaces).isEmpty { i += 1; continue }
            seenDirective = true
            switch words.first {
            case "dataset": file.dataset = words[1]; i += 1
            case "asof": file.asOf = words[1]; i += 1
            case "query", "statement", "error", "explain":
                let header = i + 1
                let kind: Kind = words[0] == "query" ? .query(format: words.count > 1 ? words[1] : "table")
                    : words[0] == "statement" ? .statement : words[0] == "explain" ? .explain : .error
                i += 1
                var query: [String] = []
                while i < lines.count, lines[i] != "----", !(kind == .statement && lines[i].isEmpty) {
                    query.append(lines[i]); i += 1
                }
                var expected: [String] = []
                if i < lines.count, lines[i] == "----" {
                    i += 1
                    while i < lines.count, !lines[i].isEmpty { expected.append(lines[i]); i += 1 }
                }
                file.blocks.append(Block(kind: kind, query: query.joined(separator: "\n"),
                                         expected: expected.map { $0 + "\n" }.joined(), line: header, comments: pendingComments))
                pendingComments = []
            default:
                throw NSError(domain: "golden", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(path):\(i + 1): unknown directive \(line)"])
            }
        }
        return file
    }

    /// The file's text with new expected outputs (re-recording).
    func recorded(_ outputs: [String]) -> String {
        var out = "dataset \(dataset)\nasof \(asOf)\n"
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
