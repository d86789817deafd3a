import ArgumentParser
import Foundation
import PipeQGenerate
import PipeQShell

/// `pipeq generate --deals N --seed S DIR`: writes a realistic, deterministic pipeline dataset.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract:
            "Write a deterministic synthetic dataset (deals, history, reps, quotas, spend and revenue CSVs) into DIR."
    )

    @Option(help: "Number of deals.") var deals: Int = 5_000
    @Option(help: "Random seed; the same seed writes the same bytes.") var seed: UInt64 = 42
    @Option(name: .customLong("as-of"), help: "The dataset's as-of date (YYYY-MM-DD).") var asOf: String = "2026-11-01"
    @Argument(help: "Folder to write into (created if missing).") var directory: String

    func validate() throws {
        guard deals > 0 else { throw ValidationError("--deals must be at least 1") }
    }

    func run() throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let summary = try PipelineGenerator(deals: deals, seed: seed, asOf: asOf).write(to: directory)
            StandardStreams.writeOutput(summary.description + "\n")
        } catch {
            report(error)
            throw ExitCode(1)
        }
    }
}
