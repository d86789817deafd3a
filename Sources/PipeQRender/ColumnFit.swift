/// Which columns of a table wider than the screen are shown: the first column, then the columns the query is
/// about (`QueryResult.queriedColumns`), then the others from the left, each taken while it still fits. The
/// columns keep their order; the ones left out are named in a note under the table.
enum ColumnFit {
    /// The indices of the columns shown, in order. `width` gives a table's width for a set of column widths.
    static func shown(widths: [Int], queried: [Bool], maxWidth: Int, width: ([Int]) -> Int) -> [Int] {
        let all = Array(widths.indices)
        guard width(widths) > maxWidth, widths.count > 1 else { return all }
        let order = [0] + all.dropFirst().filter { queried[$0] } + all.dropFirst().filter { !queried[$0] }
        var kept: [Int] = []
        for c in order {
            let trial = (kept + [c]).sorted()
            if kept.isEmpty || width(trial.map { widths[$0] }) <= maxWidth { kept = trial }
        }
        return kept
    }

    /// "N columns hidden: a, b, … (…)", its list of names cut to fit two lines of `maxWidth`.
    static func note(hidden names: [String], maxWidth: Int) -> String {
        let count = "\(names.count) column\(names.count == 1 ? "" : "s") hidden: "
        let advice = " (.expanded on or .mode line shows all)"
        var list = names.joined(separator: ", ")
        let room = max(20, 2 * maxWidth - count.count - advice.count)
        if list.count > room {
            var shown: [String] = []
            for name in names {
                guard (shown + [name, "…"]).joined(separator: ", ").count <= room else { break }
                shown.append(name)
            }
            list = (shown + ["…"]).joined(separator: ", ")
        }
        return count + list + advice + "\n"
    }
}
