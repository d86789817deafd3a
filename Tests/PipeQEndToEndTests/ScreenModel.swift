/// A small terminal for tests: replays what a program wrote to a pseudo-terminal onto a grid of cells, as an
/// xterm-like terminal would (autowrap with the pending-wrap column, double-width CJK characters, the cursor
/// moves, erases, inserts and deletes readline uses with TERM=xterm, SGR attributes per cell), so a test can
/// check what the screen shows and where the cursor is. Sequences it does not know are collected in `unknown`.
struct ScreenModel {
    struct Cell: Equatable {
        var text = " "
        /// The SGR parameters in force when it was written ("" for none).
        var sgr = ""
    }

    let width: Int
    let height: Int
    private(set) var cells: [[Cell]]
    private(set) var row = 0
    private(set) var column = 0
    private var pendingWrap = false
    private var sgr = ""
    private var insertMode = false
    private(set) var unknown: [String] = []

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        cells = Array(repeating: Array(repeating: Cell(), count: width), count: height)
    }

    /// Cells a character takes: 2 for CJK ideographs and fullwidth forms, 0 for combining marks, else 1.
    static func cellWidth(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if (0x0300...0x036F).contains(v) { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v)
        {
            return 2
        }
        return 1
    }

    /// Row `r` as text, a double-width character once, trailing blanks trimmed.
    func text(ofRow r: Int) -> String {
        var out = ""
        for cell in cells[r] { out += cell.text }
        while out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// The SGR parameters of the cell where `needle` starts on row `r` (nil: not on that row).
    func sgr(of needle: String, inRow r: Int) -> [String]? {
        let texts = cells[r].map(\.text)
        let characters = needle.map(String.init)
        guard characters.count <= texts.count else { return nil }
        var i = 0
        while i + characters.count <= texts.count {
            var j = 0
            var k = i
            var styles: [String] = []
            while j < characters.count, k < texts.count {
                if texts[k].isEmpty {
                    k += 1
                    continue
                }
                guard texts[k] == characters[j] else { break }
                styles.append(cells[r][k].sgr)
                j += 1
                k += 1
            }
            if j == characters.count { return styles }
            i += 1
        }
        return nil
    }

    mutating func feed(_ text: String) {
        var scalars = text.unicodeScalars[...]
        while let c = scalars.popFirst() {
            switch c {
            case "\u{1B}": escape(&scalars)
            case "\r":
                column = 0
                pendingWrap = false
            case "\n": lineFeed()
            case "\u{08}":
                if pendingWrap { pendingWrap = false } else if column > 0 { column -= 1 }
            case "\u{07}": break
            default:
                if c.value >= 0x20 { put(c) } else { unknown.append("control \(c.value)") }
            }
        }
    }

    private mutating func lineFeed() {
        pendingWrap = false
        if row == height - 1 {
            cells.removeFirst()
            cells.append(Array(repeating: Cell(), count: width))
        } else {
            row += 1
        }
    }

    private mutating func put(_ c: Unicode.Scalar) {
        let w = Self.cellWidth(c)
        if w == 0 {
            var back = column - (pendingWrap ? 0 : 1)
            while back > 0, cells[row][back].text.isEmpty { back -= 1 }
            if back >= 0 { cells[row][back].text.unicodeScalars.append(c) }
            return
        }
        if pendingWrap || (w == 2 && column == width - 1) {
            if w == 2 && !pendingWrap { cells[row][column] = Cell() }
            column = 0
            lineFeed()
        }
        if insertMode {
            cells[row].insert(contentsOf: Array(repeating: Cell(), count: w), at: column)
            cells[row].removeLast(w)
        }
        cells[row][column] = Cell(text: String(c), sgr: sgr)
        if w == 2 { cells[row][column + 1] = Cell(text: "", sgr: sgr) }
        if column + w >= width {
            column = width - 1
            pendingWrap = true
        } else {
            column += w
        }
    }

    private mutating func escape(_ scalars: inout Substring.UnicodeScalarView) {
        guard let kind = scalars.popFirst() else { return }
        switch kind {
        case "[": break
        case "7", "8", "=", ">": return
        default:
            unknown.append("ESC \(kind)")
            return
        }
        var parameters = ""
        while let c = scalars.popFirst() {
            if (0x40...0x7E).contains(c.value) {
                control(final: Character(c), parameters)
                return
            }
            parameters.unicodeScalars.append(c)
        }
    }

    private mutating func control(final: Character, _ parameters: String) {
        let n = max(1, Int(parameters) ?? 1)
        switch (final, parameters) {
        case ("A", _):
            row = max(0, row - n)
            pendingWrap = false
        case ("B", _):
            row = min(height - 1, row + n)
            pendingWrap = false
        case ("C", _):
            column = min(width - 1, column + n)
            pendingWrap = false
        case ("D", _):
            column = max(0, column - n)
            pendingWrap = false
        case ("G", _):
            column = min(width - 1, n - 1)
            pendingWrap = false
        case ("K", ""), ("K", "0"):
            for c in column..<width { cells[row][c] = Cell() }
        case ("J", ""), ("J", "0"):
            for c in column..<width { cells[row][c] = Cell() }
            for r in (row + 1)..<height { cells[r] = Array(repeating: Cell(), count: width) }
        case ("@", _):
            cells[row].insert(contentsOf: Array(repeating: Cell(), count: n), at: column)
            cells[row].removeLast(n)
        case ("P", _):
            cells[row].removeSubrange(column..<min(width, column + n))
            cells[row] += Array(repeating: Cell(), count: width - cells[row].count)
        case ("m", _):
            var attributes = sgr.split(separator: ";").map(String.init)
            for part in parameters.split(separator: ";", omittingEmptySubsequences: false).map(String.init) {
                switch part {
                case "", "0": attributes = []
                case "22": attributes.removeAll { $0 == "1" || $0 == "2" }
                case "24", "27": attributes.removeAll { $0 == String(part.dropFirst()) }
                case "39": attributes.removeAll { $0.count == 2 && $0.hasPrefix("3") }
                case "49": attributes.removeAll { $0.count == 2 && $0.hasPrefix("4") }
                default: attributes.append(part)
                }
            }
            sgr = attributes.joined(separator: ";")
        case ("h", "4"): insertMode = true
        case ("l", "4"): insertMode = false
        case ("h", _), ("l", _): break  // private modes: bracketed paste, synchronized update, keypad
        default: unknown.append("CSI \(parameters)\(final)")
        }
    }
}
