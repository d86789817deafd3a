import Foundation

/// File-path candidates for `.load`, `.read` and `.output`: entries of the folder the word names,
/// folders with a trailing "/", hidden entries only when the typed name starts with ".".
public enum PathCandidates {
    /// Candidates replacing `word` (a partial path, possibly starting with "~/").
    public static func complete(_ word: String) -> [String] {
        let slash = word.lastIndex(of: "/")
        let folderPart = slash.map { String(word[...$0]) } ?? ""
        let namePart = slash.map { String(word[word.index(after: $0)...]) } ?? word
        var folder = folderPart.isEmpty ? "." : folderPart
        if folder.hasPrefix("~/") || folder == "~/" {
            folder = NSHomeDirectory() + folder.dropFirst()
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var out: [String] = []
        for name in names.sorted() where name.hasPrefix(namePart) {
            if name.hasPrefix(".") && !namePart.hasPrefix(".") { continue }
            var isDirectory: ObjCBool = false
            let full = (folder as NSString).appendingPathComponent(name)
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            out.append(folderPart + name + (isDirectory.boolValue ? "/" : ""))
        }
        return out
    }
}
