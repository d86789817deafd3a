/// Q1–Q5 as a DBA would write them for PostgreSQL, by hand, over the same tables: one SELECT each, filters the
/// planner can use as written (`created < as-of − 30` rather than `as-of − created > 30`), `FILTER` clauses for
/// the per-aggregate conditions, and the rows ordered as pipeq returns them (stages in pipeline order). The
/// argument is the as-of date (`age` is the days from `created` to it).
enum HandSQL {
    static let stageOrder =
        "array_position(ARRAY['Prospecting', 'Qualification', 'Needs Analysis', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'], stage)"

    static let queries: [String: @Sendable (String) -> String] = [
        "Q1": { asOf in
            """
            SELECT count(*) AS count, avg(value) AS avg_value
            FROM deals
            WHERE status = 'open' AND stage = 'Needs Analysis' AND created < DATE '\(asOf)' - 30
            """
        },
        "Q2": { _ in
            """
            SELECT stage, sum(value) AS sum_value
            FROM deals
            WHERE status = 'open'
            GROUP BY stage
            ORDER BY \(stageOrder), stage
            """
        },
        "Q3": { _ in
            """
            SELECT rep,
                   count(*) FILTER (WHERE status = 'won') AS won,
                   count(*) FILTER (WHERE status = 'lost') AS lost,
                   avg(value) FILTER (WHERE status = 'won') AS avg_value,
                   avg(close_date - created) FILTER (WHERE status = 'won') AS avg_cycle
            FROM deals
            GROUP BY rep
            ORDER BY rep
            """
        },
        "Q4": { _ in
            """
            SELECT date_trunc('month', close_date)::date AS month_close_date, sum(value * probability) AS sum_w
            FROM deals
            WHERE status = 'open'
            GROUP BY 1
            ORDER BY 1
            """
        },
        "Q5": { _ in
            """
            SELECT stage, avg(extract(epoch FROM exited_at - entered_at) / 86400) AS avg_days,
                   count(DISTINCT deal_id) AS deals
            FROM history
            GROUP BY stage
            ORDER BY \(stageOrder), stage
            """
        },
    ]
}
