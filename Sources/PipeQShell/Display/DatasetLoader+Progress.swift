import PipeQCore
import PipeQStorage

extension DatasetLoader {
    /// Runs `load` with `options`, and, when `shown`, with a progress line on standard error (see `ProgressLine`)
    /// that watches the loader's `LoadProgress` and is erased when loading ends.
    public static func showingProgress(
        _ shown: Bool, options: CSVLoader.Options, _ load: (CSVLoader.Options) throws(Diagnostic) -> Loaded
    ) throws(Diagnostic) -> Loaded {
        guard shown else { return try load(options) }
        var watched = options
        let progress = LoadProgress()
        watched.progress = progress
        let line = ProgressLine.loading(progress)
        defer { line.stop() }
        return try load(watched)
    }

    /// True when loading before the shell opens shows progress: the shell will open (no `-c`, `-f` or piped input)
    /// and standard error is a terminal.
    public static func showsProgress(interactive: Bool) -> Bool { ProgressLine.isWanted(interactive: interactive) }
}
