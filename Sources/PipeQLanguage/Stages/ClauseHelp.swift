/// `.help` for the words of a query that are not stages: `asof`, which sets the date a source is read at, and the
/// expression words (`case`, `like`, `matches`, …).
public enum ClauseHelp {
    /// What `.help WORD` prints for such a word; nil for any other word.
    public static func text(for word: String) -> String? {
        switch word.lowercased() {
        case "asof": return "usage: SOURCE asof DATE | …\n\n" + asOf
        case "case", "when":
            return "usage: case when CONDITION then VALUE [when … then …] [else VALUE] end\n\n"
                + "The value of the first branch whose condition is true; else the else value, or null without one "
                + "(a null condition is not true). The values must be one type (int and number mix as number). "
                + "if(CONDITION, A, B) is the same with one branch.\n"
                + "e.g. deals | extend size = case when value >= 50k then \"large\" when value >= 10k then \"mid\" else \"small\" end"
        case "like", "ilike":
            return "usage: TEXT [not] like \"PATTERN\", TEXT [not] ilike \"PATTERN\"\n\n"
                + "The whole text matches the pattern: % stands for any run of characters, _ for one, \\ escapes them. "
                + "ilike ignores letter case. A null matches neither way.\n"
                + "e.g. deals where name like \"%tech%\""
        case "matches":
            return "usage: TEXT [not] matches \"REGEX\"\n\n"
                + "The regular expression (ICU syntax) is found somewhere in the text; anchor it with ^ and $, "
                + "start it with (?i) to ignore case.\n"
                + "e.g. deals where name matches \"^(Acme|Globex)\""
        case "icontains", "contains":
            return "usage: TEXT [not] contains \"PART\", TEXT [not] icontains \"PART\"\n\n"
                + "The text holds the part; icontains ignores letter case. Also: starts with, ends with.\n"
                + "e.g. deals where account icontains \"acme\""
        default: return nil
        }
    }

    /// The words `text(for:)` answers, for completion.
    public static let words = ["asof", "case", "like", "ilike", "matches", "contains", "icontains"]

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
