/// `.help` for the words of a query that are not stages: `asof`, which sets the date a source is read at.
public enum ClauseHelp {
    /// What `.help WORD` prints for such a word; nil for any other word.
    public static func text(for word: String) -> String? {
        switch word.lowercased() {
        case "asof": return "usage: SOURCE asof DATE | …\n\n" + asOf
        default: return nil
        }
    }

    /// The words `text(for:)` answers, for completion.
    public static let words = ["asof"]

    static let asOf = """
        "SOURCE asof DATE" runs the query on the pipeline as it stood at the end of DATE, rebuilt from the history \
        table, with DATE as the as-of date (age, stage_age and "today" count from it). Deals created after DATE are \
        left out. A deal's stage is its last history row entered on or before DATE (a deal with no row yet is open, \
        stage unknown; a deal the history never mentions keeps its current stage from stage_entered on); status \
        (open/won/lost) and stage_entered follow from that stage. probability becomes the stage's probability from \
        pipeline.toml where the stage differs from today's (unchanged otherwise). close_date is kept as it is today: \
        for deals closed by DATE it is when they closed; for deals still open then it is today's knowledge (the \
        expected date, or the later actual close). value and the other columns are today's. The history table is cut \
        at DATE too (rows entered later dropped, later exits cleared), so funnel, stagetime and stalled see the \
        history as it was.
        """
}
