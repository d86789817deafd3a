/// The benchmark queries (the language issue's Q1–Q4, same shapes as the shared peer anchors), then the pipeline verbs.
let benchmarkQueries: [(name: String, text: String)] = [
    (
        "Q1 filter + count/avg",
        #"deals where status = "open" and stage = "Needs Analysis" and age > 30d | count, avg value"#
    ),
    ("Q2 sum by stage", #"deals where status = "open" | sum value by stage"#),
    (
        "Q3 per-rep won/lost/avg/cycle",
        #"deals | won = count where status = "won", lost = count where status = "lost", avg value where status = "won", avg cycle where status = "won" by rep"#
    ),
    (
        "Q4 weighted sum by month",
        #"deals where status = "open" | extend w = value * probability | sum w by month(close_date)"#
    ),
    (
        "Q5 history: avg stay + distinct deals by stage",
        #"history | avg_days = avg days(exited_at - entered_at), deals = count distinct deal_id by stage"#
    ),
    // Pipeline verbs (issue 5).
    ("V1 funnel (history)", #"deals | funnel"#),
    ("V2 funnel strict (history)", #"deals | funnel strict"#),
    ("V3 velocity by rep", #"deals | velocity by rep"#),
    ("V4 stagetime (deals → history)", #"deals | stagetime"#),
    ("V5 stagetime on history", #"history | stagetime"#),
    ("V6 winrate by rep", #"deals | winrate by rep"#),
    // Relational nodes (issue 15): pivots over every deal, and joins of deals with a let of deals.
    ("R1 pivot stage × created month", #"deals | count by stage, month(created) | pivot month_created"#),
    (
        "R2 pivot rep × quarter, totals",
        #"deals | sum value by rep, quarter(created) | pivot quarter_created with totals"#
    ),
    ("R3 pivot deal × stage (1M rows)", #"deals | select id, stage, value | pivot stage values value"#),
    ("R4 anti join deals on id", #"deals | join anti deals on id | count"#),
    ("R5 left join on id", #"deals | join deals on id | count"#),
    // Window functions (issue 15): over every row, so the window node's cost is the whole figure.
    ("W1 running total, 1 partition", #"deals | extend running = cumsum(value) | max running"#),
    ("W2 running total per rep", #"deals | extend running = cumsum(value) per rep | max running"#),
    (
        "W3 lag + pct_change per rep",
        #"deals | extend p = pct_change(value) per rep, l = lag(value) per rep | count where p > 0"#
    ),
    ("W4 rank by value", #"deals | extend r = rank(value desc) | count where r <= 10"#),
    ("W5 top 3 by value per rep", #"deals | top 3 by value per rep"#),
]

/// What Tab completes in the benchmark: verbs, columns, and string values from small and large dictionaries;
/// then the contexts of issue 19: reps after compare, tables and shared columns after join, verb options and
/// periods, functions, and dates after asof and changes.
let completionInputs = [
    #"deals | "#,
    #"deals | sum value by "#,
    #"deals where stage = "Ne"#,
    #"deals where rep in ("A"#,
    #"deals where account = "Gr"#,
    #"deals where name = "Wexos Robotics Group - P"#,
    #"deals | compare ""#,
    #"deals where status = "open" | compare rep = "S"#,
    #"deals | join "#,
    #"deals | join reps on "#,
    #"deals | funnel str"#,
    #"deals | forecast by "#,
    #"deals | where mon"#,
    #"deals asof "#,
    #"deals asof 2026-0"#,
    #"deals | changes from 2026-09-30 to "#,
    #"deals | p"#,
]
