import PipeQCore
import PipeQLanguage

/// The one rep `compare` and `scorecard` name: `"NAME"`, `NAME` unquoted (words, joined by spaces) or
/// `rep = "NAME"`, after an optional leading `for` (scorecard's spelling).
enum RepOperand {
    /// The rep's name and where it was written; nil when none was given.
    /// - Parameters: `shape`: how the verb is written, for the errors; `repColumn`: the one column `COLUMN = "NAME"`
    ///   may name (nil: any); `leadingFor`: whether a first word "for" is skipped.
    static func read(
        _ input: VerbBindingInput, shape: String, repColumn: Int?, leadingFor: Bool
    ) throws(Diagnostic) -> (name: String, span: SourceSpan)? {
        let usage = "usage: " + VerbSupport.usage(input.name)
        let wrong = "\(input.name) takes a rep: \(shape)"
        var words: [String] = []
        var span: SourceSpan?
        var given: String?
        for (k, argument) in input.arguments.enumerated() {
            switch argument {
            case .word(let w, let s):
                if leadingFor, k == 0, w.lowercased() == "for" { continue }
                words.append(w)
                span = span.map { $0.merged(with: s) } ?? s
            case .expr(let e):
                guard given == nil, words.isEmpty else {
                    throw Diagnostic(.bind, "\(input.name) takes one rep", span: e.span, hint: usage)
                }
                switch e.kind {
                case .literal(.string(let s)):
                    given = s
                case .binary(.equal, let lhs, let rhs):
                    guard case .column(let c) = lhs.kind, repColumn == nil || input.schema.index(of: c) == repColumn,
                        case .literal(.string(let s)) = rhs.kind
                    else { throw Diagnostic(.bind, wrong, span: e.span, hint: usage) }
                    given = s
                default:
                    throw Diagnostic(.bind, wrong, span: e.span, hint: usage)
                }
                span = e.span
            }
        }
        guard let span, let name = given ?? (words.isEmpty ? nil : words.joined(separator: " ")) else { return nil }
        return (name, span)
    }
}
