import Foundation

/// ANSI styling for terminal output (results and the line being typed), used only on a colour terminal.
public enum TerminalStyle {
    /// True when colours should be used: standard output is a terminal, `TERM` is not "dumb", and `NO_COLOR`
    /// is not set.
    public static var colorEnabled: Bool {
        let environment = ProcessInfo.processInfo.environment
        return isatty(1) != 0 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    /// The text with its first line in bold (a table's header).
    static func boldFirstLine(_ text: String) -> String {
        guard let newline = text.firstIndex(of: "\n") else { return text }
        return "\u{1B}[1m" + text[..<newline] + "\u{1B}[0m" + text[newline...]
    }

    /// The width of the terminal standard error writes to (80 when it is none).
    static var errorColumns: Int {
        var ws = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        return 80
    }

    /// The terminal's size (columns, rows), from the terminal itself, else `COLUMNS`/`LINES`, else 80×24.
    public static func size() -> (columns: Int, rows: Int) {
        var ws = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 {
            return (Int(ws.ws_col), Int(ws.ws_row))
        }
        let env = ProcessInfo.processInfo.environment
        return (env["COLUMNS"].flatMap(Int.init) ?? 80, env["LINES"].flatMap(Int.init) ?? 24)
    }
}
