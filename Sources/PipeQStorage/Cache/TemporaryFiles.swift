import Foundation

/// Temporary files pipeq writes beside their final name and renames into place (snapshots,
/// `NAME.pqcol.tmp-PID-N`; `.output` and report files, `NAME.pipeq-tmp-PID-N`).
public enum TemporaryFiles {
    /// What an output file's temporary name adds to the final name, before the writer's PID.
    public static let outputInfix = ".pipeq-tmp-"

    /// A fresh temporary name beside `path` for this process.
    public static func outputTemporary(for path: String) -> String {
        path + outputInfix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }
}
