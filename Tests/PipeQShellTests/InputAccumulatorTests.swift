import PipeQShell
import Testing

@Suite struct InputAccumulatorTests {
    func feed(_ lines: [String]) -> [InputAccumulator.Outcome] {
        var input = InputAccumulator()
        return lines.map { input.add($0) }
    }

    @Test func aCompleteLineRunsAtOnce() {
        #expect(feed(["deals | count"]) == [.complete("deals | count")])
        #expect(feed(["   "]) == [.empty])
        #expect(feed([".tables"]) == [.complete(".tables")])
    }

    @Test func trailingPipeOrBackslashContinues() {
        #expect(feed(["deals |", "  count by rep"]) == [.needsMore, .complete("deals |\n  count by rep")])
        #expect(
            feed(["deals where value > 10 \\", "and status = \"open\""]) == [
                .needsMore, .complete("deals where value > 10 \\\nand status = \"open\""),
            ])
    }

    @Test func openParenthesesAndQuotesContinue() {
        #expect(
            feed(["deals where rep in (\"a\",", "\"b\")"]) == [
                .needsMore, .complete("deals where rep in (\"a\",\n\"b\")"),
            ])
        #expect(
            feed(["deals where name = \"two", "lines\""]) == [
                .needsMore, .complete("deals where name = \"two\nlines\""),
            ])
    }

    @Test func anEmptyLineOrSemicolonEndsTheEntry() {
        #expect(feed(["deals |", ""]) == [.needsMore, .complete("deals |")])
        #expect(feed(["deals | count by (", "rep;"]) == [.needsMore, .complete("deals | count by (\nrep;")])
        #expect(feed(["deals |;"]) == [.complete("deals |;")])
    }

    @Test func resetDropsTheOpenEntry() {
        var input = InputAccumulator()
        #expect(input.add("deals |") == .needsMore)
        #expect(input.isContinuing)
        input.reset()
        #expect(!input.isContinuing)
        #expect(input.add("reps | count") == .complete("reps | count"))
    }

    @Test func continuationPromptLinesUp() {
        #expect(Prompt(datasetName: "examples").main == "pipeq(examples)> ")
        #expect(Prompt(datasetName: "examples").continuation.count == "pipeq(examples)> ".count)
        #expect(Prompt(datasetName: nil).main == "pipeq> ")
        #expect(Prompt(datasetName: nil).continuation == "  ...> ")
    }
}
