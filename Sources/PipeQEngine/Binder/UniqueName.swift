/// A column name not in use yet: the name itself, else `name_2`, `name_3`, … — how every stage that adds columns
/// (aggregates, windows, verbs, join, pivot) names one whose name is taken.
enum UniqueName {
    static func make(_ name: String, isTaken: (String) -> Bool) -> String {
        guard isTaken(name) else { return name }
        var n = 2
        while isTaken("\(name)_\(n)") { n += 1 }
        return "\(name)_\(n)"
    }

    static func make(_ name: String, taken: [String]) -> String { make(name) { taken.contains($0) } }

    static func make(_ name: String, taken: Set<String>) -> String { make(name) { taken.contains($0) } }

    /// A unique name, then recorded as taken.
    static func take(_ name: String, _ taken: inout [String]) -> String {
        let unique = make(name, taken: taken)
        taken.append(unique)
        return unique
    }
}
