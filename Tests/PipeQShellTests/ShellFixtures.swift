import Foundation

/// Files for shell tests (the hand-built tables are `TestTables`, in PipeQTestSupport).
enum ShellFixtures {
    /// A temporary folder holding `files` (names ending in "/" are folders).
    static func folder(_ files: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "pipeq-shell-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for file in files {
            let full = (path as NSString).appendingPathComponent(file)
            if file.hasSuffix("/") {
                try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
            } else {
                try Data("x\n".utf8).write(to: URL(fileURLWithPath: full))
            }
        }
        return path
    }
}
