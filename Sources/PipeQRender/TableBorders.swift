/// The characters a table's lines are drawn with: the plain table's `-+|`, or a box in Unicode box-drawing
/// characters (ASCII `+-|` when the character set is not Unicode).
struct TableBorders {
    /// Horizontal line, vertical line.
    var horizontal: Character
    var vertical: Character
    /// Corners and joints of the top, middle (under the header) and bottom lines: left, between columns, right.
    var top: (Character, Character, Character)
    var middle: (Character, Character, Character)
    var bottom: (Character, Character, Character)
    /// False for the plain table: no outer frame, only the header rule.
    var framed: Bool

    static let plain = TableBorders(
        horizontal: "-", vertical: "|", top: ("+", "+", "+"), middle: ("+", "+", "+"), bottom: ("+", "+", "+"),
        framed: false)
    static let unicodeBox = TableBorders(
        horizontal: "─", vertical: "│", top: ("┌", "┬", "┐"), middle: ("├", "┼", "┤"), bottom: ("└", "┴", "┘"),
        framed: true)
    static let asciiBox = TableBorders(
        horizontal: "-", vertical: "|", top: ("+", "+", "+"), middle: ("+", "+", "+"), bottom: ("+", "+", "+"),
        framed: true)

    /// A horizontal rule over columns of these widths (each cell has a space either side).
    func rule(_ widths: [Int], _ joints: (Character, Character, Character)) -> String {
        let segments = widths.map { String(repeating: horizontal, count: $0 + 2) }
        let inner = segments.joined(separator: String(joints.1))
        return (framed ? String(joints.0) + inner + String(joints.2) : inner) + "\n"
    }

    /// One row of cells, padded to the widths (right-aligned where `right` says).
    func row(_ cells: [String], _ widths: [Int], _ right: [Bool]) -> String {
        var parts: [String] = []
        for (i, cell) in cells.enumerated() {
            let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
            parts.append(" " + (right[i] ? pad + cell : cell + pad) + " ")
        }
        var text = parts.joined(separator: String(vertical))
        if framed { return String(vertical) + text + String(vertical) + "\n" }
        while text.hasSuffix(" ") { text.removeLast() }
        return text + "\n"
    }

    /// The width a table with these column widths takes.
    func totalWidth(_ widths: [Int]) -> Int {
        widths.reduce(0) { $0 + $1 + 3 } + (framed ? 1 : -1)
    }
}
