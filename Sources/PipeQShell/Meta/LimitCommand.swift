import PipeQCore

extension MetaCommand {
    /// `.limit memory SIZE|default`: the most memory a result may take (like DuckDB's `memory_limit`);
    /// a join that would make more rows than fit is refused before it is built. Without arguments: show it.
    static let limit = MetaCommand(
        name: ".limit", usage: ".limit [memory SIZE|default]",
        summary: "the most memory one result may take (e.g. 4GB, 50%)",
        argument: .choices(["memory"])
    ) { (call: MetaInvocation) throws(Diagnostic) in
        let defaultText = "default: 80% of \(MemoryLimit.describe(MemoryLimit.physicalBytes))"
        guard let what = call.arguments.first else {
            call.write("memory: \(MemoryLimit.describe(MemoryLimit.bytes)) (\(defaultText))\n")
            return
        }
        guard what.lowercased() == "memory", call.arguments.count >= 2 else {
            throw call.usageError("expected \"memory SIZE\", got \"\(call.arguments.joined(separator: " "))\"")
        }
        let size = call.arguments.dropFirst().joined()
        if size.lowercased() == "default" {
            MemoryLimit.bytes = MemoryLimit.defaultBytes
        } else if let bytes = MemoryLimit.parse(size) {
            MemoryLimit.bytes = bytes
        } else {
            throw call.usageError("expected a size such as 4GB, 512MB or 50%, got \"\(size)\"")
        }
    }
}
