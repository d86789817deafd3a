/// Where each character of the line being edited stands on the screen, laid out as readline lays it out: the
/// prompt first, rows `width` cells wide, a double-width character that would straddle a row's end moved to the
/// next row, zero-width (combining) characters on the cell of the character before them.
struct LineLayout {
    /// One character: its UTF-8 byte range in the line, its row and column (0-based, row 0 is the prompt's).
    struct Cell: Equatable {
        var bytes: Range<Int>
        var row: Int
        var column: Int
        var width: Int
    }

    let cells: [Cell]
    let width: Int
    /// Row and column of the prompt's end (where the line starts).
    let start: (row: Int, column: Int)
    /// Row and column of the cell after the last character.
    let end: (row: Int, column: Int)

    /// Lays out `line` after a prompt `promptWidth` cells wide, `width` cells per row; nil when a character
    /// has no printable width (a control character) or `width` is not positive.
    init?(line: [UInt8], promptWidth: Int, width: Int, characterWidth: (Unicode.Scalar) -> Int) {
        guard width > 0 else { return nil }
        self.width = width
        var cells: [Cell] = []
        var position = promptWidth
        var offset = 0
        for scalar in String(decoding: line, as: UTF8.self).unicodeScalars {
            let length = UTF8.width(scalar)
            let cellWidth = characterWidth(scalar)
            guard cellWidth >= 0, cellWidth <= 2 else { return nil }
            if cellWidth == 0, var last = cells.last {
                last.bytes = last.bytes.lowerBound..<(offset + length)
                cells[cells.count - 1] = last
            } else if cellWidth == 0 {
                return nil
            } else {
                if cellWidth == 2, position % width == width - 1 { position += 1 }
                cells.append(
                    Cell(
                        bytes: offset..<(offset + length), row: position / width, column: position % width,
                        width: cellWidth))
                position += cellWidth
            }
            offset += length
        }
        guard offset == line.count else { return nil }
        self.cells = cells
        start = (promptWidth / width, promptWidth % width)
        end = (position / width, position % width)
    }

    /// Row and column of the cursor standing before byte `point` (at the end when `point` is past the last
    /// character).
    func cursor(at point: Int) -> (row: Int, column: Int) {
        guard let cell = cells.first(where: { $0.bytes.upperBound > point }) else { return end }
        return (cell.row, cell.column)
    }
}
