extension StageTable {
    /// The drawing stages. Each must be the last stage; the renderer draws (Unicode eighth blocks on a UTF-8
    /// terminal, ASCII otherwise, SVG with --format svg), and CSV, JSON and Markdown carry the rows undrawn.
    static let presentation: [StageWord] = [
        StageWord(
            "bar", kind: .presentation, usage: "bar [COLUMN]",
            help: """
                Draws the result as horizontal bars, one per row: the label is the row's other columns, the length COLUMN \
                (default: the first number or duration column that is not an id). Bars start at zero; negative values grow \
                left of a zero axis; a null value is a labelled gap. Must be the last stage.
                """),
        StageWord(
            "chart", kind: .presentation, usage: "chart [COLUMN]",
            help: """
                Draws COLUMN (default: the first number or duration column that is not an id) as vertical columns from \
                zero, the rows in order along the bottom. When the label column holds period starts ("count by \
                month(created)"), every period from the first to the last gets a place and a missing one is marked "·" on \
                the axis. Negative values, or a single row, are drawn as bars instead. Must be the last stage.
                """),
        StageWord(
            "spark", kind: .presentation, usage: "spark [COLUMN]",
            help: """
                Draws COLUMN (default: the first number or duration column that is not an id) as a one-line sparkline \
                between the first and the last row's labels: one character per row, eight heights from min(0, smallest \
                value) to the largest (ASCII: the digits 0 … 7), with the smallest and largest values after it. When the \
                label column holds period starts, a missing period is a blank, as is a null value. Must be the last stage. \
                For a sparkline in every row of a table, use the aggregate "sparkline DATE".
                """),
    ]
}
