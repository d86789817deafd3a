import PipeQCore

/// Meta-commands (lines starting with "."), shared by scripts and the shell.
public enum MetaCommands {
    /// The handler scripts use.
    public static func scriptHandler(_ session: Session) -> (String) throws(Diagnostic) -> Void {
        { (line: String) throws(Diagnostic) -> Void in
            throw Diagnostic(.usage, "unknown meta-command \(line.split(separator: " ").first ?? "")")
        }
    }
}
