import ArgumentParser
import Foundation
import PipeQCore
import PipeQEngine
import PipeQLanguage
import PipeQRender
import PipeQShell
import PipeQStorage

/// `pipeq report SCRIPT.pq -o review.html [DATA…]`: runs a saved script and writes one self-contained HTML page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run a script and write a self-contained HTML report (queries, tables, charts)."
    )

    @Argument(help: "The script to run.") var script: String
    @Option(name: .shortAndLong, help: "The HTML file to write.") var output: String
    @Argument(help: "CSV files or folders to load.") var data: [String] = []
    @Option(name: .customLong("as-of"), help: "Fix today's date (YYYY-MM-DD).") var asOf: String?
    @Option(help: "The report's title (default: the script's name).") var title: String?
    @Option(
        help:
            "The rep the script is about: fills {rep} in it (default: its \"# rep:\" line) and {team} with their team."
    ) var rep: String?

    func validate() throws {
        if let asOf, CivilTime.parseDate(asOf) == nil {
            throw ValidationError("--as-of needs a real date as YYYY-MM-DD, got \"\(asOf)\"")
        }
    }

    func run() throws {
        let renderer = DiagnosticRenderer()
        SnapshotCache.standard()?.removeAbandonedTemporaries()  // what killed runs left behind
        guard let bytes = FileManager.default.contents(atPath: script), var text = String(data: bytes, encoding: .utf8)
        else {
            PipeQShell.report(Diagnostic(.io, "cannot read script file \(script)"))
            throw ExitCode(1)
        }
        let loaded: DatasetLoader.Loaded
        do throws(Diagnostic) {
            loaded = try DatasetLoader.load(paths: data)
        } catch {
            writeError(renderer.render(error))
            throw ExitCode(1)
        }
        if !loaded.failures.isEmpty {
            for failure in loaded.failures { writeError(renderer.render(failure)) }
            throw ExitCode(1)
        }
        let engine = QueryEngine(catalog: loaded.catalog, asOfDay: asOf.flatMap { CivilTime.parseDate($0) })
        let who = ReportRep(option: rep, script: text)
        if let who {
            do {
                text = try who.substitute(text, engine: engine)
            } catch let error as ReportRepError {
                writeError("error: \(error.message)\n")
                throw ExitCode(1)
            }
        }
        let name = ((script as NSString).lastPathComponent as NSString).deletingPathExtension
        var report = HTMLReport(
            title: title ?? (who.map { "\(name): \($0.name)" } ?? name),
            dataset: loaded.catalog.datasetName ?? data.joined(separator: ", "),
            asOf: CivilTime.formatDate(Int(engine.asOfDay)),
            generated: ISO8601DateFormatter().string(from: Date()))
        for piece in StatementSplitter.split(text) {
            let query = piece.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if query.hasPrefix(".") { continue }  // shell settings do not apply to a report
            do throws(Diagnostic) {
                switch try engine.run(piece.text) {
                case .rows(let result): report.entries.append(.init(query: query, result: result))
                case .defined: report.entries.append(.init(query: query, result: nil))
                }
            } catch {
                writeError(renderer.render(error, source: text, file: script, offset: piece.offset))
                throw ExitCode(1)
            }
        }
        let sink = OutputSink()
        do {
            try sink.redirect(to: output)
            sink.write(report.rendered())
            try sink.close()
        } catch {
            PipeQShell.report(error)
            throw ExitCode(1)
        }
        // Not into the report itself when that went to standard output.
        let summary = "wrote \(output): \(report.entries.count) queries\n"
        if OutputFile.isStandardOutput(output) { writeError(summary) } else { StandardStreams.writeOutput(summary) }
    }
}
