@preconcurrency import CReadline
import Foundation

/// Colours the line being edited. Readline's redisplay hook lets readline draw the line as always (so its idea
/// of the screen, the cursor and the wrapping stay its own), then writes the same characters again over it in
/// colour, row by row at the cells readline used (`LineLayout`), and puts the cursor back. Whenever the screen
/// shows something else than prompt + line (incremental search, a numeric argument, an active region such as
/// pasted text, horizontal scrolling, a mode or modified-line mark in the prompt, a line taller than the
/// screen, text readline shows as escapes or tabs), it only lets readline draw. Readline calls C function pointers, so the state lives in globals touched only on the main thread.
enum ReadlineHighlighter {
    /// What styles the text; nil: no colouring.
    nonisolated(unsafe) static var classifier: SyntaxClassifier?
    /// The prompt the current `readline()` call shows.
    nonisolated(unsafe) static var prompt = ""
    /// Lines of the entry typed before the current line (multi-line input), newline-terminated.
    nonisolated(unsafe) static var pendingText = ""

    nonisolated(unsafe) private static var installed = false
    /// Whether readline found the terminal's capabilities (it can move the cursor up). Without them (TERM unset
    /// or not in the terminfo database) readline scrolls long lines sideways, which the overdraw does not follow.
    nonisolated(unsafe) private static var terminalIsKnown = false

    /// Readline states in which the screen shows more or other than prompt + line.
    private static let foreignStates = UInt(
        RL_STATE_ISEARCH | RL_STATE_NSEARCH | RL_STATE_NUMERICARG | RL_STATE_VIMOTION)

    /// Sets the redisplay hook, once readline knows the terminal: readline skips reading the terminal's
    /// capabilities when a custom redisplay function is already set at its first initialisation (it then
    /// treats the terminal as dumb and scrolls long lines sideways instead of wrapping them).
    static func install() {
        guard !installed else { return }
        installed = true
        rl_initialize()
        terminalIsKnown = rl_get_termcap("up").map { $0.pointee != 0 } ?? false
        rl_redisplay_function = { ReadlineHighlighter.redisplay() }
    }

    /// The screen width at the last redisplay (0: none yet).
    nonisolated(unsafe) private static var lastWidth: Int32 = 0

    /// The hook: readline's own redisplay, then the coloured line over it, in one synchronized update.
    static func redisplay() {
        let out = rl_outstream ?? stdout
        var rows: Int32 = 0
        var columns: Int32 = 0
        rl_get_screen_size(&rows, &columns)
        if lastWidth != columns {
            if lastWidth != 0, terminalIsKnown { fputs(returnAfterResize(width: Int(columns)), out) }
            lastWidth = columns
        }
        guard let overdraw = colouredOverdraw() else { return rl_redisplay() }
        // A synchronized update (terminals that lack it ignore it), with the cursor hidden while it moves.
        fputs("\u{1B}[?2026h\u{1B}[?25l", out)
        rl_redisplay()
        fputs(overdraw + "\u{1B}[?25h\u{1B}[?2026l", out)
        fflush(out)
    }

    /// After a resize, readline (with a redisplay hook set) forgets what it drew and redraws the prompt and
    /// line from where it believes the prompt starts, the cursor's row: this moves the cursor up to the
    /// prompt's row and clears below, so the redraw replaces the old line instead of repeating it. The rows are
    /// counted at the new width, as terminals that rewrap long lines on a resize (tmux, VTE, kitty, iTerm2)
    /// have laid them out.
    private static func returnAfterResize(width: Int) -> String {
        let up = layout(of: currentLine(), width: width)?.cursor(at: Int(rl_point)).row ?? 0
        return (up > 0 ? "\u{1B}[\(up)A" : "") + "\r\u{1B}[J"
    }

    /// The escape sequences and text that recolour the line readline is about to draw, ending with the cursor
    /// where readline leaves it; nil when the line is not to be coloured.
    static func colouredOverdraw() -> String? {
        guard let classifier, terminalIsKnown, rl_readline_state & foreignStates == 0, rl_mark_active_p() == 0,
            let shown = rl_display_prompt, String(cString: shown) == prompt, !isOn("horizontal-scroll-mode"),
            !isOn("mark-modified-lines"), !isOn("show-mode-in-prompt")
        else { return nil }
        let line = currentLine()
        guard !line.isEmpty, line.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }),
            line.allSatisfy({ $0 < 0x80 }) || __ctype_get_mb_cur_max() > 1
        else { return nil }
        var rows: Int32 = 0
        var columns: Int32 = 0
        rl_get_screen_size(&rows, &columns)
        guard let layout = layout(of: line, width: Int(columns)), layout.end.row < Int(rows) else { return nil }
        let pendingLength = pendingText.utf8.count
        let spans = classifier.spans(pendingText + String(decoding: line, as: UTF8.self)).map {
            HighlightSpan($0.start - pendingLength, $0.end - pendingLength, $0.style)
        }
        let styles = HighlightRenderer.styles(length: line.count, spans: spans)
        return draw(line, styles: styles, layout: layout, cursor: layout.cursor(at: Int(rl_point)))
    }

    /// Moves from `cursor` to the line's first cell, writes each row's characters in their styles at their
    /// cells, and returns to `cursor`; relative moves only (never a newline, so nothing scrolls).
    static func draw(
        _ line: [UInt8], styles: [HighlightStyle?], layout: LineLayout, cursor: (row: Int, column: Int)
    ) -> String {
        var out = ""
        var row = cursor.row
        func move(toRow target: Int, column: Int) {
            if target < row { out += "\u{1B}[\(row - target)A" }
            if target > row { out += "\u{1B}[\(target - row)B" }
            out += "\r" + (column > 0 ? "\u{1B}[\(column)C" : "")
            row = target
        }
        var current: HighlightStyle?? = .none
        var rowOfLastCell = -1
        for cell in layout.cells {
            if cell.row != rowOfLastCell {
                if rowOfLastCell >= 0 { out += HighlightRenderer.escape(nil) }
                move(toRow: cell.row, column: cell.column)
                current = .none
                rowOfLastCell = cell.row
            }
            let style = styles[cell.bytes.lowerBound]
            if current != .some(style) {
                out += HighlightRenderer.escape(style)
                current = .some(style)
            }
            out += String(decoding: line[cell.bytes], as: UTF8.self)
        }
        out += HighlightRenderer.escape(nil)
        move(toRow: cursor.row, column: cursor.column)
        return out
    }

    /// The bytes of the line being edited.
    private static func currentLine() -> [UInt8] {
        guard let buffer = rl_line_buffer else { return [] }
        return Array(UnsafeRawBufferPointer(start: buffer, count: Int(rl_end)))
    }

    /// Where the prompt and `line` stand at `width` columns, with the terminal's character widths (`wcwidth`
    /// in the locale readline set up).
    private static func layout(of line: [UInt8], width: Int) -> LineLayout? {
        let characterWidth = { (scalar: Unicode.Scalar) in Int(pipeq_wcwidth(scalar.value)) }
        let promptWidths = prompt.unicodeScalars.map(characterWidth)
        guard promptWidths.allSatisfy({ $0 >= 0 }) else { return nil }
        return LineLayout(
            line: line, promptWidth: promptWidths.reduce(0, +), width: width, characterWidth: characterWidth)
    }

    private static func isOn(_ variable: String) -> Bool {
        guard let value = rl_variable_value(variable) else { return false }
        return String(cString: value) == "on"
    }
}
