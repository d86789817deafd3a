/// Where meta-commands run: the session, whether at the interactive prompt, and the shell's history.
public final class MetaContext: @unchecked Sendable {
    public let session: Session
    /// True at the interactive prompt; false in scripts (`-f`, piped input, `.read`).
    public let interactive: Bool
    /// The shell's history (interactive only).
    public let history: ShellHistory?

    public init(session: Session, interactive: Bool, history: ShellHistory? = nil) {
        self.session = session
        self.interactive = interactive
        self.history = history
    }

    /// The context scripts run from here use (`.read`): never interactive.
    var scriptContext: MetaContext {
        interactive ? MetaContext(session: session, interactive: false) : self
    }
}
