import PipeQStorage
import Testing

@testable import PipeQShell

/// What the progress line says for each phase of loading (the drawing itself is checked through a pty in
/// ProgressShellTests).
@Suite struct ProgressLineTests {
    @Test func eachPhaseReadsAsALine() {
        func snapshot(_ phase: LoadProgress.Phase, done: Int, total: Int, rows: Int) -> LoadProgress.Snapshot {
            LoadProgress.Snapshot(file: "/data/deals.csv", phase: phase, bytesDone: done, bytesTotal: total, rows: rows)
        }
        // 412 MB in 2 s: 206 MB/s.
        #expect(
            ProgressLine.text(snapshot(.parsing, done: 412_000_000, total: 1_200_000_000, rows: 3_100_000), seconds: 2)
                == "loading deals.csv: 412 MB of 1.2 GB, 3,100,000 rows, 206 MB/s")
        // Before the first rows (the text is being checked): the file and its size.
        #expect(
            ProgressLine.text(snapshot(.parsing, done: 0, total: 1_200_000_000, rows: 0), seconds: 0.5)
                == "loading deals.csv (1.2 GB)")
        #expect(
            ProgressLine.text(snapshot(.building, done: 0, total: 0, rows: 10_000_000), seconds: 5)
                == "loading deals.csv: 10,000,000 rows read, building the columns")
        #expect(
            ProgressLine.text(snapshot(.readingSnapshot, done: 800_000_000, total: 1_900_000_000, rows: 0), seconds: 1)
                == "loading deals.csv: reading its snapshot, 800 MB of 1.9 GB")
        #expect(
            ProgressLine.text(snapshot(.writingSnapshot, done: 812_000_000, total: 0, rows: 0), seconds: 1)
                == "saving the snapshot of deals.csv to the cache: 812 MB written")
    }

    /// Never in a script, whatever standard error is.
    @Test func onlyInteractiveWorkIsShown() {
        #expect(!ProgressLine.isWanted(interactive: false))
    }
}
