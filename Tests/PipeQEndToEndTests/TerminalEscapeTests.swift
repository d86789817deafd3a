import Foundation
import Testing

/// Control characters in data never reach the terminal raw (issue 18, item 10): `ESC ]0;…BEL` would retitle the
/// window and `ESC [2J` clear it. Tables, charts, `--schema` and `.tables`/`.schema` show them as `\e`, `\a`, …;
/// CSV and JSON keep the data's exact text.
@Suite struct TerminalEscapeTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "pipeq-escape-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try
            "id,name,stage,value,bad\u{1B}[2Jheader\n1,\u{1B}]0;owned\u{07}Acme,Won\u{1B}[2J,100,x\n2,Globex,Lost\u{9B}31m,250,y\n"
            .write(toFile: folder + "/deals.csv", atomically: true, encoding: .utf8)
    }

    func hasControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
    }

    @Test func tablesShowControlCharactersEscaped() throws {
        let result = try PipeQProcess.run([folder, "-c", "deals | sort id"])
        #expect(result.status == 0, "\(result)")
        #expect(!hasControl(result.stdout), "\(result.stdout.debugDescription)")
        #expect(result.stdout.contains("\\e]0;owned\\aAcme"), "\(result.stdout)")
        #expect(result.stdout.contains("Won\\e[2J"), "\(result.stdout)")
        #expect(result.stdout.contains("Lost\\x9b31m"), "\(result.stdout)")
        let single = try PipeQProcess.run([folder, "-c", "deals where id = 1 | select name"])
        #expect(single.stdout == "\\e]0;owned\\aAcme\n", "\(single.stdout.debugDescription)")
    }

    @Test func chartLabelsShowControlCharactersEscaped() throws {
        for verb in ["bar", "chart"] {
            let result = try PipeQProcess.run([folder, "-c", "deals | sum value by stage | \(verb)"])
            #expect(result.status == 0, "\(result)")
            #expect(
                !hasControl(result.stdout.replacingOccurrences(of: "\u{1B}[0m", with: "")),
                "\(verb): \(result.stdout.debugDescription)")
        }
        let bar = try PipeQProcess.run([folder, "-c", "deals | sum value by stage | bar"])
        #expect(bar.stdout.contains("Won\\e[2J"), "\(bar.stdout)")
    }

    @Test func schemaShowsControlCharactersEscaped() throws {
        let result = try PipeQProcess.run(["--schema", folder])
        #expect(result.status == 0, "\(result)")
        #expect(!hasControl(result.stdout), "\(result.stdout.debugDescription)")
        #expect(result.stdout.contains("bad\\e[2Jheader"), "\(result.stdout)")
        let meta = try PipeQProcess.run([folder, "-c", ".schema deals", "-c", ".tables"])
        #expect(meta.status == 0, "\(meta)")
        #expect(!hasControl(meta.stdout), "\(meta.stdout.debugDescription)")
    }

    @Test func csvAndJSONKeepTheExactText() throws {
        let csv = try PipeQProcess.run([folder, "--format", "csv", "-c", "deals | sort id | select name"])
        #expect(csv.stdout == "name\n\u{1B}]0;owned\u{07}Acme\nGlobex\n", "\(csv.stdout.debugDescription)")
        let json = try PipeQProcess.run([folder, "--format", "json", "-c", "deals where id = 1 | select name"])
        #expect(json.stdout.contains("\\u001b]0;owned\\u0007Acme"), "\(json.stdout)")
    }
}
