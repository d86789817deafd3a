import Foundation
import PipeQCore
import PipeQPostgres
import PipeQStorage

/// The interactive shell: GNU readline editing and history, Tab completion that follows the query,
/// multi-line entries, meta-commands, Ctrl-C that abandons a line or cancels a running query.
/// Used only when standard input is a terminal.
public struct InteractiveShell {
    /// Settings from the command line.
    public struct Options: Sendable {
        /// The history file; nil with `--no-history`.
        public var historyPath: String?
        /// How long loading the data took (for the welcome line).
        public var loadSeconds: Double
        public var version: String
        /// The startup file to run before the first prompt (`StartupFile`); nil with `--no-rc` or when there is none.
        public var startupFile: String?
        public init(historyPath: String?, loadSeconds: Double, version: String, startupFile: String? = nil) {
            self.historyPath = historyPath
            self.loadSeconds = loadSeconds
            self.version = version
            self.startupFile = startupFile
        }
    }

    /// Rows shown before eliding the middle of a long result, unless `--max-rows` says otherwise.
    public static let defaultMaxRows = 40

    /// The session queries run in (shared with `.read` scripts).
    public let session: Session
    public let options: Options

    /// A shell over `session`; nothing happens until `run()`.
    public init(session: Session, options: Options) {
        self.session = session
        self.options = options
    }

    /// Runs until `.quit`, an exit word (`ExitWords`) or Ctrl-D; returns the exit status.
    public func run() -> Int32 {
        InterruptSignal.install(cancelling: session.engine.cancellation)
        session.isInteractive = true
        session.color = TerminalStyle.colorEnabled
        if session.maxRows == nil { session.maxRows = Self.defaultMaxRows }
        let fixedCellWidth = session.maxCellWidth

        let history = ShellHistory(path: options.historyPath)
        var completion = CompletionEngine(engine: session.engine)
        if let database = session.database {
            completion.databaseValues = { table, column in database.distinctValues(of: column, in: table) }
        }
        completion.prepare()
        let editor = LineEditor(completion: completion, history: history.entries)
        let session = session
        func refreshHighlighter() {  // the names a `.load` or a `let` changes, and `.highlight on|off`
            guard session.color, session.highlightInput else {
                editor.highlighter = nil
                return
            }
            editor.highlighter = SyntaxClassifier(vocabulary: HighlightVocabulary(engine: session.engine))
        }
        refreshHighlighter()
        let runner = EntryRunner(context: MetaContext(session: session, interactive: true, history: history))
        session.output.write(
            WelcomeLine.text(
                version: options.version, catalog: session.engine.catalog, loadSeconds: options.loadSeconds,
                database: session.database?.target.description))
        if let startupFile = options.startupFile {
            StartupFile.run(startupFile, in: session)
            completion.prepare()  // it may have loaded other data
            refreshHighlighter()
        }

        var input = InputAccumulator()
        while !session.endRequested {
            let prompt = Prompt(datasetName: session.engine.catalog.datasetName)
            switch editor.nextInput(prompt: input.isContinuing ? prompt.continuation : prompt.main, pending: input.text)
            {
            case .endOfInput:
                return finish(history)
            case .interrupted:
                input.reset()
            case .line(let line):
                guard case .complete(let entry) = input.add(line) else { continue }
                if ExitWords.matches(entry) { return finish(history) }
                if history.add(entry) { editor.remember(PostgresTarget.redacted(entry)) }
                let columns = TerminalStyle.size().columns
                if fixedCellWidth == nil { session.maxCellWidth = max(16, columns / 3) }
                session.chartStyle.width = max(30, columns - 1)
                session.maxWidth = max(40, columns - 1)
                session.chartStyle.color = session.color
                runner.run(entry)
                completion.prepare()  // after a `.load`: the new data's last change date, before the next Tab
                refreshHighlighter()
            }
        }
        return finish(history)
    }

    /// Writes any `.output` file and trims the history file.
    private func finish(_ history: ShellHistory) -> Int32 {
        session.endRequested = false
        var status: Int32 = 0
        do {
            try session.output.close()
        } catch {
            report(error)
            status = 1
        }
        if history.needsCompaction { history.compact() }
        // Leaving waits for snapshots still being written (a 10M-deal dataset's is seconds of disk): say so.
        if SnapshotCache.isWriting, ProgressLine.isWanted(interactive: true) {
            let line = ProgressLine.loading(SnapshotCache.writeProgress)
            SnapshotCache.finishWrites()
            line.stop()
        }
        return status
    }
}
