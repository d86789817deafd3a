import Foundation

/// A minimal SVG writer: standalone documents with inline styles, no external assets.
struct SVGDocument {
    let width: Double
    let height: Double
    private var body: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String? = nil) {
        var element =
            "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" fill=\"\(fill)\""
        if let title { element += "><title>\(escape(title))</title></rect>" } else { element += "/>" }
        body.append(element)
    }

    mutating func text(
        _ content: String, x: Double, y: Double, anchor: String = "start", size: Double = 14, weight: String = "normal",
        fill: String = "#222"
    ) {
        body.append(
            "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" font-size=\"\(n(size))\" font-weight=\"\(weight)\" fill=\"\(fill)\">\(escape(content))</text>"
        )
    }

    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#888", width: Double = 1, dash: String? = nil
    ) {
        body.append(
            "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
        )
    }

    func rendered() -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" \
        font-family="Helvetica, Arial, sans-serif">
        <rect x="0" y="0" width="\(n(width))" height="\(n(height))" fill="#ffffff"/>
        \(body.joined(separator: "\n"))
        </svg>

        """
    }

    private func n(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}

/// Escapes text for XML content and attributes.
func escape(_ text: String) -> String {
    var out = ""
    for ch in text {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default:
            if let ascii = ch.asciiValue, ascii < 0x20, ch != "\n", ch != "\t" { continue }
            out.append(ch)
        }
    }
    return out
}
