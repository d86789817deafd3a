import Foundation

/// Where results go: standard output, or a file written atomically (temporary file, then rename) when closed.
public final class OutputSink: @unchecked Sendable {
    public private(set) var path: String?
    private var buffer = ""

    public init() {}

    /// Sends results to a file from now on; nil goes back to standard output (closing the file).
    public func redirect(to path: String?) throws {
        try close()
        if let path {
            // Fail now, not at close, when the place is not writable.
            let directory = (path as NSString).deletingLastPathComponent
            let folder = directory.isEmpty ? "." : directory
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue,
                  FileManager.default.isWritableFile(atPath: folder) else {
                throw OutputError.notWritable(path)
            }
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw OutputError.isFolder(path)
            }
            // Permission bits don't tell everything (root, /proc, read-only mounts): create the temporary
            // file the results will be written to, now, and remove it again.
            let probe = Self.temporaryPath(for: path)
            let fd = open(probe, O_WRONLY | O_CREAT, 0o644)
            guard fd >= 0 else { throw OutputError.notWritable(path) }
            Foundation.close(fd)
            unlink(probe)
        }
        self.path = path
    }

    public func write(_ text: String) {
        if path == nil {
            StandardStreams.writeOutput(text)
        } else {
            buffer += text
        }
    }

    /// Writes the buffered results to the file atomically.
    public func close() throws {
        guard let path else { return }
        let temporary = Self.temporaryPath(for: path)
        do {
            try Data(buffer.utf8).write(to: URL(fileURLWithPath: temporary))
            // rename(2) replaces the target atomically: readers see the old file or the new one, never half.
            guard rename(temporary, path) == 0 else { throw OutputError.notWritable(path) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw OutputError.notWritable(path)
        }
        buffer = ""
        self.path = nil
    }

    /// The temporary file beside `path` that results are written to before the rename.
    static func temporaryPath(for path: String) -> String { path + ".pipeq-tmp-\(getpid())" }

    public enum OutputError: Error, CustomStringConvertible {
        case notWritable(String)
        case isFolder(String)
        public var description: String {
            switch self {
            case .notWritable(let p): return "cannot write to \(p)"
            case .isFolder(let p): return "cannot write to \(p): it is a folder"
            }
        }
    }
}
