extension StageTable {
    /// The relational stages.
    static let core: [StageWord] = [
        StageWord(
            "where", aliases: ["filter"], kind: .core, usage: "where CONDITION",
            help: """
                Keeps the rows where CONDITION is true; a row where it is null (unknown) is dropped, so "not (x = 1)" \
                keeps neither the rows where x is 1 nor those where x is null. Right after the table name the pipe may be \
                left out: "deals where status = \\"open\\"".
                """),
        StageWord(
            "select", aliases: ["project"], kind: .core, usage: "select COLUMN | NAME = EXPR, …",
            help: """
                Keeps only the listed columns and expressions, in that order. NAME = EXPR names a computed column; an \
                unnamed expression is named after its text. A name may appear once.
                """),
        StageWord(
            "extend", kind: .core, usage: "extend NAME = EXPR [per KEY, …], …",
            help: """
                Adds computed columns after the others, keeping every column; a NAME already taken replaces that column in \
                place. Each EXPR sees the input's columns, not the other new ones. EXPR may use window functions, which \
                read the rows around each row in the current order (sort first): cumsum, cumcount, lag, lead, rank, \
                dense_rank, row_number, total, moving_avg, pct_change (.help NAME for each). "per KEY, …" after an item \
                runs its window functions within each group of equal keys: "extend running = cumsum(sum_value) per rep". \
                Rows and their order are kept.
                """),
        StageWord(
            "sort", aliases: ["order"], kind: .core, usage: "sort [by] EXPR [asc|desc], …",
            help: """
                Orders the rows by the keys, each ascending unless "desc"; later keys break ties of earlier ones. Strings \
                sort by their dictionary order (stages in pipeline order), nulls last in both directions, and ties keep \
                their input order.
                """),
        StageWord(
            "top", kind: .core, usage: "top N by EXPR [asc|desc], … [per KEY, …]",
            help: """
                The first N rows as "sort" would order them, except that each key is descending unless "asc": "top 10 by \
                value" is the ten largest values, largest first. Finds them without sorting every row. With "per KEY, …", \
                the first N rows of each group of equal keys, groups in ascending key order (as "by" orders them): "top 3 \
                by value per rep".
                """),
        StageWord(
            "limit", aliases: ["take", "head"], kind: .core, usage: "limit N",
            help: """
                The first N rows (0 … 2,147,483,647), in the order they come.
                """),
        StageWord(
            "distinct", kind: .core, usage: "distinct [COLUMN | NAME = EXPR, …]",
            help: """
                One row per distinct combination of the listed columns (of all columns when none are listed), in ascending \
                key order, nulls last.
                """),
    ]
}
