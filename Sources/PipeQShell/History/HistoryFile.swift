import Foundation

/// Where shell history lives: `--history`, else `$PIPEQ_HISTORY`, else `$XDG_STATE_HOME/pipeq/history`
/// (default `~/.local/state/pipeq/history`).
public enum HistoryFile {
    public static func defaultPath(override: String?) -> String {
        if let override { return override }
        let env = ProcessInfo.processInfo.environment
        if let path = env["PIPEQ_HISTORY"], !path.isEmpty { return path }
        let state =
            env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/state")
        return (state as NSString).appendingPathComponent("pipeq/history")
    }
}
