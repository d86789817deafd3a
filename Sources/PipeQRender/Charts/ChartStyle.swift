import Foundation

/// How terminal charts are drawn: width, character set and colour.
public struct ChartStyle: Sendable {
    /// Total width in columns.
    public var width: Int
    /// Unicode block characters with eighth-block precision; false draws plain ASCII.
    public var unicode: Bool
    /// ANSI colour (only for a terminal with NO_COLOR unset).
    public var color: Bool
    /// Rows drawn before the rest are summarised.
    public var maxBars: Int

    public init(width: Int = 80, unicode: Bool = true, color: Bool = false, maxBars: Int = 30) {
        self.width = max(30, width)
        self.unicode = unicode
        self.color = color
        self.maxBars = maxBars
    }

    /// Width from `COLUMNS`, Unicode from the locale (`LC_ALL`/`LC_CTYPE`/`LANG` naming UTF-8, or unset).
    public static func fromEnvironment(color: Bool = false) -> ChartStyle {
        let env = ProcessInfo.processInfo.environment
        let width = env["COLUMNS"].flatMap { Int($0) } ?? 80
        let locale = env["LC_ALL"] ?? env["LC_CTYPE"] ?? env["LANG"] ?? ""
        let unicode = locale.isEmpty || locale.uppercased().contains("UTF-8") || locale.uppercased().contains("UTF8")
        return ChartStyle(width: width, unicode: unicode, color: color)
    }

    /// A bar of `length` cells (fractional), with eighth blocks or ASCII `#`.
    func bar(_ length: Double) -> String {
        guard length > 0 else { return "" }
        if !unicode { return String(repeating: "#", count: Int(length.rounded())) }
        let eighths = Int((length * 8).rounded())
        let full = eighths / 8
        let rest = eighths % 8
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][rest]
        let text = String(repeating: "█", count: full) + partial
        return text.isEmpty ? "▏" : text
    }

    func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m" + text + "\u{1B}[0m" : text
    }
}

/// Pads or cuts text to a display width (counting characters).
func fit(_ text: String, _ width: Int, right: Bool = false) -> String {
    if text.count > width { return String(text.prefix(max(0, width - 1))) + "…" }
    let pad = String(repeating: " ", count: width - text.count)
    return right ? pad + text : text + pad
}
