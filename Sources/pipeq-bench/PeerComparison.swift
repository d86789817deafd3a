import Foundation

/// DuckDB's and polars' figures from the shared `anchors.py` (its `anchors-results.json`), measured on the same
/// files, set beside pipeq's in one table with ratios (`--peers FILE`). Take the peers in the same sitting as
/// pipeq: on a shared, noisy machine only ratios from one sitting mean much.
struct PeerComparison {
    struct Tool {
        /// Load seconds per file ("deals", "history").
        var load: [String: Double]
        /// Median seconds per query ("Q1"…"Q5").
        var queries: [String: Double]
    }

    let label: String
    let when: String
    let tools: [String: Tool]

    static let columns = [("polars", "polars-1t", "polars"), ("DuckDB", "duckdb-1t", "duckdb")]

    /// The anchors' entry for a dataset of `dealRows` deals; nil (with a reason) when the file has none.
    static func load(path: String, dealRows: Int) -> Result<PeerComparison, PeerError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(.init("cannot read \(path)"))
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .failure(.init("\(path) is not the JSON anchors.py writes"))
        }
        for (label, value) in root {
            guard let entry = value as? [String: Any], entry["rows"] as? Int == dealRows,
                let tools = entry["tools"] as? [String: Any]
            else { continue }
            var parsed: [String: Tool] = [:]
            for (name, value) in tools {
                guard let tool = value as? [String: Any] else { continue }
                let load = (tool["load"] as? [String: Double]) ?? [:]
                var queries: [String: Double] = [:]
                for (query, figures) in (tool["queries"] as? [String: Any]) ?? [:] {
                    if let median = (figures as? [String: Any])?["median"] as? Double { queries[query] = median }
                }
                parsed[name] = Tool(load: load, queries: queries)
            }
            return .success(PeerComparison(label: label, when: entry["when"] as? String ?? "?", tools: parsed))
        }
        return .failure(
            .init("\(path) has no run on \(dealRows) deals (run anchors.py --rows \(dealRows) on the same files)"))
    }

    struct PeerError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// One table: each measured row (load of a file, a query) for pipeq and each peer, on one thread and on all
    /// cores, and how many times faster pipeq is than each peer on one thread. `pipeq[row][threads]` in seconds.
    func printTable(rows: [(name: String, key: String, isLoad: Bool)], pipeq: [String: [Int: Double]], cores: Int) {
        print("")
        print(
            "against the peers (anchors.py run \"\(label)\" of \(when); ratios = peer ÷ pipeq on one thread, > 1: pipeq is faster)"
        )
        print("")
        var header = "| | pipeq 1t | pipeq \(cores)t |"
        var rule = "|---|---|---|"
        for (title, _, _) in Self.columns {
            header += " \(title) 1t | \(title) all |"
            rule += "---|---|"
        }
        for (title, _, _) in Self.columns {
            header += " ÷ \(title) |"
            rule += "---|"
        }
        print(header)
        print(rule)
        for row in rows {
            let mine = pipeq[row.key] ?? [:]
            var line = "| \(row.name) | \(Self.show(mine[1])) | \(Self.show(mine[cores])) |"
            for (_, single, all) in Self.columns {
                line += " \(Self.show(figure(single, row))) | \(Self.show(figure(all, row))) |"
            }
            for (_, single, _) in Self.columns {
                if let theirs = figure(single, row), let ours = mine[1], ours > 0 {
                    line += " \(fixed(theirs / ours, theirs / ours < 10 ? 2 : 1))× |"
                } else {
                    line += " – |"
                }
            }
            print(line)
        }
    }

    private func figure(_ tool: String, _ row: (name: String, key: String, isLoad: Bool)) -> Double? {
        guard let figures = tools[tool] else { return nil }
        return row.isLoad ? figures.load[row.key] : figures.queries[row.key]
    }

    /// Seconds as "4.52 s" from one second up, else milliseconds.
    static func show(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        return seconds >= 1 ? "\(fixed(seconds, 2)) s" : "\(fixed(seconds * 1000, seconds < 0.01 ? 2 : 1)) ms"
    }
}
