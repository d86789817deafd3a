extension StageTable {
    /// How every aggregate is written in a stage, appended to each one's help.
    static let aggregateList = """
        Aggregates go in a list, each with an optional name and filter, then optional keys: "n = count, won_value = \
        sum value where status = \\"won\\" by stage" gives one row per group (in ascending key order, nulls last), or \
        one row without "by".
        """

    /// The aggregate functions (the verb `winrate` is one too: see `StageTable.verbs`).
    static let aggregates: [StageWord] = [
        StageWord(
            "count", kind: .aggregate, usage: "count [distinct] [EXPR] [where CONDITION]",
            help: """
                count: the rows. count EXPR: the rows where EXPR is not null. count distinct EXPR: how many distinct \
                non-null values EXPR takes. \(aggregateList)
                """),
        StageWord(
            "sum", kind: .aggregate, usage: "sum EXPR [where CONDITION]",
            help: """
                The total of EXPR's non-null values: whole numbers stay whole, durations stay durations; null when there \
                are none, or when a whole-number total overflows 64 bits. \(aggregateList)
                """),
        StageWord(
            "avg", aliases: ["mean", "average"], kind: .aggregate, usage: "avg EXPR [where CONDITION]",
            help: """
                The mean of EXPR's non-null values (a duration for durations; exact for whole numbers too large for a \
                double's sum); null when there are none. \(aggregateList)
                """),
        StageWord(
            "min", kind: .aggregate, usage: "min EXPR [where CONDITION]",
            help: """
                The smallest non-null value of EXPR, of its type (strings by their dictionary order, so stages in pipeline \
                order); null when there are none. \(aggregateList)
                """),
        StageWord(
            "max", kind: .aggregate, usage: "max EXPR [where CONDITION]",
            help: """
                The largest non-null value of EXPR, of its type (strings by their dictionary order, so stages in pipeline \
                order); null when there are none. \(aggregateList)
                """),
        StageWord(
            "median", kind: .aggregate, usage: "median EXPR [where CONDITION]",
            help: """
                The middle of EXPR's non-null values, interpolating between the middle two (as DuckDB's quantile_cont); \
                null when there are none. \(aggregateList)
                """),
        StageWord(
            "stddev", aliases: ["stdev"], kind: .aggregate, usage: "stddev EXPR [where CONDITION]",
            help: """
                The sample standard deviation (n − 1) of EXPR's non-null values, as SQL's stddev; null with fewer than \
                two. \(aggregateList)
                """),
        StageWord(
            "pN", kind: .aggregate, isFamily: true, familyExamples: ["p25", "p75", "p90", "p95", "p99"],
            usage: "pN EXPR [where CONDITION]",
            help: """
                The N-th percentile of EXPR's non-null values, N from 0 to 100 (p90, p99.5), interpolated between the two \
                nearest ranks like median; null when there are none. \(aggregateList)
                """),
        StageWord(
            "sparkline", kind: .aggregate, usage: "sparkline DATE [where CONDITION]",
            help: """
                Rows per calendar month of DATE (a date or datetime; rows where it is null are left out), over every month \
                from the earliest to the latest DATE of the whole input, so every group has the same months: the list of \
                counts, one per month. Tables draw it as a sparkline scaled to the row's own largest count, a blank for a \
                month with no rows (Unicode eighth blocks; ASCII: the digits 0 … 7); CSV and Markdown write the counts \
                separated by spaces, JSON as an array. Null when the input has no DATE, or its DATEs span 1,200 months or \
                more. e.g. "inflow = sparkline created, n = count by rep". \(aggregateList)
                """),
    ]
}
