/// The interactive shell (GNU readline). Built out in the shell issue.
public struct InteractiveShell {
    public struct Options: Sendable {
        public var historyPath: String?
        public var loadSeconds: Double
        public var version: String
        public init(historyPath: String?, loadSeconds: Double, version: String) {
            self.historyPath = historyPath
            self.loadSeconds = loadSeconds
            self.version = version
        }
    }

    public let session: Session
    public let options: Options

    public init(session: Session, options: Options) {
        self.session = session
        self.options = options
    }

    public func run() -> Int32 {
        writeError("the interactive shell is not built yet; use -c, -f or pipe queries in\n")
        return 2
    }
}
