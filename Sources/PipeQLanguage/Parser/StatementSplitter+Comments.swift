extension StatementSplitter {
    /// The comment lines directly above a statement in its script: the run of lines starting with `#` that ends
    /// on the line before the statement's first line, with no blank line between (a script's heading comment,
    /// set apart by a blank line, belongs to no statement). Each line is given trimmed, `#` kept. Empty when the
    /// statement shares its line with an earlier one (`a; b`) or has no comment above it.
    public static func commentAbove(_ piece: Piece, in script: String) -> [String] {
        let bytes = Array(script.utf8)
        var first = piece.offset
        while first < bytes.count, isSpace(bytes[first]) { first += 1 }
        // The statement must start its line.
        var lineStart = first
        while lineStart > 0, bytes[lineStart - 1] != 0x0A {
            lineStart -= 1
            if !isSpace(bytes[lineStart]) { return [] }
        }
        var lines: [String] = []
        var end = lineStart - 1  // the newline ending the line above
        while end > 0 {
            var start = end
            while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
            let line = String(decoding: bytes[start..<end], as: UTF8.self).trimmingSpaces()
            guard line.hasPrefix("#") else { break }
            lines.append(line)
            end = start - 1
        }
        return lines.reversed()
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
