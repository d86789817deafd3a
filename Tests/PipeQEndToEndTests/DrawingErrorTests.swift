import Foundation
import Testing

/// An error found while drawing a result (after the query ran) still points into the query: at the drawing stage,
/// or at the name whose definition asked for the drawing.
@Suite struct DrawingErrorTests {
    @Test func nothingToDrawPointsAtTheDrawingStage() throws {
        // `id` is a number but an identifier, so the chart has no measure; the binder cannot know that.
        let result = try PipeQProcess.run([PipeQProcess.fixture], stdin: "deals | count\ndeals | select id | bar\n")
        #expect(result.status == 1, "\(result)")
        #expect(
            result.stderr
                == "<stdin>:2:21: error: nothing to draw: the result has no number column\n2 | deals | select id | bar\n                        ^^^\n",
            "\(result)")
    }

    @Test func aDrawingAskedForByALetPointsAtItsUse() throws {
        let result = try PipeQProcess.run([
            PipeQProcess.fixture, "-c", "let ids = deals | select id | bar", "-c", "ids",
        ])
        #expect(result.status == 1, "\(result)")
        #expect(
            result.stderr.contains("error: nothing to draw: the result has no number column\n  ids\n  ^^^\n"),
            "\(result)")
    }
}
