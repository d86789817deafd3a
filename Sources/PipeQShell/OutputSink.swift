import Foundation

/// Where results go: standard output, or a file named by `.output` (see `OutputFile`: a regular file is
/// replaced atomically when closed, a device or FIFO written through).
public final class OutputSink: @unchecked Sendable {
    public var path: String? { file?.path }
    private var file: OutputFile?

    public init() {}

    /// Sends results to a file from now on; nil goes back to standard output (closing the file). The file is
    /// opened now, so a place that can't be written is an error here, not when it is closed.
    public func redirect(to path: String?) throws {
        try close()
        if let path { file = try OutputFile(path: path) }
    }

    public func write(_ text: String) {
        if let file {
            file.write(text)
        } else {
            StandardStreams.writeOutput(text)
        }
    }

    /// Puts the file written in place (renamed over the old one).
    public func close() throws {
        guard let file else { return }
        self.file = nil
        try file.commit()
    }

    /// After a failed run: drops what was written, leaving the file as it was. Returns what to tell the user.
    public func abandon() -> String? {
        guard let file else { return nil }
        self.file = nil
        file.discard()
        guard file.temporary != nil else { return nil }
        return file.replacesFile ? "\(file.path) is left as it was" : "\(file.path) was not written"
    }

    /// Why results can't go to a file: its `description` is the message.
    public typealias OutputError = OutputFile.Failure
}
