import PipeQCore

/// One part's relationships (`_rels/NAME.rels`): which other parts it points to, by id and type.
///
/// Targets are resolved to zip entry names: relative to the folder of the part that owns them, or from
/// the package root when they start with `/`; `..` steps are followed. External targets are dropped.
struct XLSXRelationships {
    struct Relationship {
        var id: String
        /// The relationship type URI; compare by its last segment (`worksheet`, `sharedStrings`, …), which
        /// transitional and strict OOXML share.
        var type: String
        /// The zip entry the target names.
        var part: String

        func isType(_ last: String) -> Bool { type.hasSuffix("/" + last) }
    }

    var all: [Relationship]

    func first(ofType last: String) -> Relationship? { all.first { $0.isType(last) } }
    func byID(_ id: String) -> Relationship? { all.first { $0.id == id } }

    /// The relationships part of `part` (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`; the package
    /// itself, "", → `_rels/.rels`).
    static func relsPart(of part: String) -> String {
        let (folder, file) = split(part)
        return (folder.isEmpty ? "" : folder + "/") + "_rels/" + file + ".rels"
    }

    /// Reads the relationships of `owner` from the archive; none when the part is absent.
    static func read(of owner: String, in archive: XLSXArchive) throws(Diagnostic) -> XLSXRelationships {
        let relsPart = relsPart(of: owner)
        guard let bytes = try archive.read(relsPart) else { return XLSXRelationships(all: []) }
        let folder = split(owner).folder
        let all = try XMLScanner.scan(bytes, part: relsPart, path: archive.path) {
            (scanner) throws(XMLScanner.Failure) in
            var found: [Relationship] = []
            while true {
                let token = try scanner.next()
                if token == .eof { break }
                guard token == .start, scanner.nameIs("Relationship") else { continue }
                if scanner.attributeString("TargetMode") == "External" { continue }
                guard let id = scanner.attributeString("Id"), let target = scanner.attributeString("Target") else {
                    continue
                }
                found.append(
                    Relationship(
                        id: id, type: scanner.attributeString("Type") ?? "",
                        part: resolve(target, from: folder)))
            }
            return found
        }
        return XLSXRelationships(all: all)
    }

    /// The zip entry name a target names, seen from `folder`.
    static func resolve(_ target: String, from folder: String) -> String {
        var steps: [Substring] = []
        let absolute = target.hasPrefix("/")
        if !absolute && !folder.isEmpty { steps = folder.split(separator: "/") }
        for step in target.split(separator: "/") {
            if step == "." { continue }
            if step == ".." {
                if !steps.isEmpty { steps.removeLast() }
                continue
            }
            steps.append(step)
        }
        return steps.joined(separator: "/")
    }

    /// A part name's folder and file name.
    static func split(_ part: String) -> (folder: String, file: String) {
        guard let slash = part.lastIndex(of: "/") else { return ("", part) }
        return (String(part[..<slash]), String(part[part.index(after: slash)...]))
    }
}
