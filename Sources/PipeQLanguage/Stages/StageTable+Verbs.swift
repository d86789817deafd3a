extension StageTable {
    /// The pipeline verbs, each bound by the engine's `VerbBinder` of the same word (a test checks both sides).
    static let verbs: [StageWord] = [
        StageWord(
            "winrate", aliases: ["win_rate"], kind: .verb, isAlsoAggregate: true, arguments: .grouping,
            usage: "winrate [by KEY, …]",
            help: """
                win_rate = won ÷ (won + lost), counting closed deals only (open deals and deals with no status are left \
                out); null when nothing has closed. won, lost and closed (= won + lost) are the counts it comes from. A \
                deal's outcome is its status column (open/won/lost), else its stage's outcome from the stage definitions. \
                With "by", one row per group, groups in key order. As an aggregate beside others ("winrate, avg cycle by \
                rep"), it gives the same ratio as one column named winrate.
                """),
        StageWord(
            "growth", aliases: ["pop"], kind: .verb, arguments: VerbArguments(keys: .period, operand: .measures),
            usage: "growth [MEASURE, …] [by week|month|quarter|year]",
            help: """
                Period over period, after a summary by period ("deals | sum value by month(created) | growth"). Beside \
                each row: previous = the measure in the period before, change = measure − previous, change_pct = \
                measure ÷ previous − 1; year_ago, yoy_change and yoy_pct the same for the period a year earlier (none for \
                years). The periods are the first date column; their unit comes from its name (month_…, quarter_…, \
                week_…, year_…, as "by month(created)" names it) or from "by UNIT". Periods step by the calendar, so a \
                period with no row gives null, not the row before it. MEASURE, … are the numbers compared (every number \
                column when none are named; names prefixed "MEASURE_" when there are several); the other text and date \
                columns (e.g. rep in "sum value by rep, month(created)") make separate series. Rows keep their order. \
                Tables show change_pct and yoy_pct as percentages, previous and year_ago as the measure, and the change \
                of a rate (win_rate) in percentage points ("+5.0 pp"); CSV and JSON keep the fractions.
                """),
        StageWord(
            "cycle", kind: .verb, arguments: .grouping, usage: "cycle [by KEY, …]",
            help: """
                Over won deals that have both dates: avg_cycle and median_cycle of (close_date − created), in days (median \
                interpolates between the middle two, like "median"); won = how many deals that is. Open and lost deals are \
                left out; null when there are none. With "by", one row per group.
                """),
        StageWord(
            "dealsize", kind: .verb, arguments: .grouping, usage: "dealsize [by KEY, …]",
            help: """
                Over won deals that have a value: avg_deal_size = mean value, median_deal_size = median value \
                (interpolated like "median"), won_value = their total, won = how many. Open and lost deals are left out; \
                null when there are none. With "by", one row per group.
                """),
        StageWord(
            "velocity", kind: .verb, arguments: .grouping, usage: "velocity [by KEY, …]",
            help: """
                velocity_per_day = open × avg_deal_size × win_rate ÷ avg_cycle_days, and velocity_per_month = 30 × that: \
                the value the open pipeline is expected to close per day (per 30-day month) at past rates. open = open \
                deals; avg_deal_size = mean value of won deals; win_rate = won ÷ (won + lost); avg_cycle_days = mean \
                (close_date − created) of won deals, in days (as "dealsize", "winrate" and "cycle" compute them). Null \
                when an input is null or the cycle is 0. With "by", one row per group, all four inputs from that group.
                """),
        StageWord(
            "funnel", kind: .verb, arguments: VerbArguments(options: ["strict"], keys: .columns),
            usage: "funnel [strict] [by KEY, …]",
            help: """
                One row per stage in pipeline order: the open stages, then the won stage (lost stages are not steps). \
                reached = deals that reached the stage; from_previous = reached ÷ the previous step's reached; from_top = \
                reached ÷ the first step's reached; drop_off = previous reached − reached \
                (the drop-out rate, the stage's churn in the sales literature, is 1 − from_previous). source says where "reached" \
                comes from. With a history table (deal_id, stage): "history" — a deal reached every stage it has a history \
                row for; only the input's deals count (matched on id), so "where" before funnel works. Without one: \
                "current stage" — a deal at step k reached steps 1…k, and a lost deal (whose last open stage is unknown) \
                counts at the first step only. "strict" counts a deal at a step only if it also reached every earlier \
                step, first entering each no earlier than the one before (from history; with current stages every deal is \
                already in order), so strict counts never increase down the funnel. With "by", one block of rows per \
                group, keys taken from the deals. On the history table itself ("history | funnel", also after a "where" on \
                it) the deals are the distinct deal ids of the input rows, each reaching the stages it has rows for there; \
                "by" is for the deals table, except "by pipeline". When the stages belong to several pipelines (a HubSpot \
                export), a deal reaches only its own pipeline's steps (its pipeline column, or the history's): "by \
                pipeline" gives each pipeline its own steps in its own order; otherwise steps of the same name are summed.
                """),
        StageWord(
            "stagetime", kind: .verb, arguments: .grouping, usage: "stagetime [by KEY, …]",
            help: """
                One row per open stage in pipeline order, from the history table: a stay is one history row, lasting \
                exited_at − entered_at; a stay not yet exited is measured to the as-of instant. stays = how many stays, \
                deals = how many distinct deals they belong to, avg_stay / median_stay / p90_stay = mean, median and 90th \
                percentile of the stays' lengths (percentiles interpolate like "median"). Won and lost stages are left out \
                (a deal never leaves them); rows without entered_at are skipped. On deals, only the input's deals' history \
                counts (matched on id) and "by" keys come from the deals; on the history table itself ("history | \
                stagetime"), every row counts and keys come from its rows. With "by", one block of stage rows per group.
                """),
        StageWord(
            "forecast", kind: .verb, arguments: VerbArguments(keys: .period, operand: .period),
            usage: "forecast [by week|month|quarter|year]  or  forecast by category[, KEY, …] [for PERIOD]",
            help: """
                Open deals by the period of their close_date (default month; weeks start on Monday): deals = how many, \
                pipeline = sum of value, weighted = sum of value × probability. A deal's probability is its probability \
                column when set (read as a percentage when any value is above 1), else its stage's probability from \
                pipeline.toml; a deal with neither adds nothing to weighted. Every period from the first to the last is \
                listed, empty ones with zeros; open deals with no close_date come last, with a null period. Deals without \
                a value count in deals only. "forecast by category" gives instead, for one period (PERIOD as for \
                "attainment"; default the quota's period holding the as-of date, else the fiscal quarter): closed = won \
                value with close_date in the period; commit, best_case, pipeline, omitted = value of the open deals \
                closing in the period in each forecast category (the deals' forecast category column — Salesforce's \
                ForecastCategory: Pipeline, Best Case, Commit, Omitted — else forecast_category of their stage in \
                pipeline.toml); uncategorized = those with none (or Closed); and the roll-ups commit_forecast = closed + \
                commit, best_case_forecast = commit_forecast + best_case, pipeline_forecast = best_case_forecast + \
                pipeline (omitted never rolls up). With more keys ("by category, rep"), one row per group.
                """),
        StageWord(
            "attainment", kind: .verb, arguments: VerbArguments(keys: .columns, operand: .period),
            usage: "attainment [by KEY, …] [for PERIOD]",
            help: """
                attainment = won ÷ quota for the period: won = total value of won deals whose close_date is in the \
                period (deals without a close date never count), quota = the quota for the period, gap = quota − won \
                (negative once the quota is beaten); attainment shows as a percentage, and is null when there is no \
                quota (the note says so). Quotas come from a quotas table (a rep or team, the period's start date, the \
                quota; each lasts [quota] period from pipeline.toml, else as long as its start dates are apart), else \
                the reps table's quota column (each lasting [quota] period, default a year); a quota is spread evenly \
                over its months, so a yearly quota of 1.2M is 300K for a quarter. PERIOD is a quarter (2026-Q1), a \
                month (2026-03) or a year (2026); quarters and years are fiscal (fiscal_year_start in pipeline.toml; \
                FY2026 ends in 2026). Without "for", the period of the quota's length holding the as-of date. One row \
                per group of the input's deals: by rep, the rep's quota; by team, the team's quota when the quotas \
                table has team rows (a team and no rep); otherwise, and without "by", the sum of the quotas of the \
                group's reps (a rep without one adds nothing, and the note says so; a rep whose deals fall in several \
                groups has the whole quota in each, and the note says that too). A date key is refused: the quota is \
                for one whole period, chosen with "for".
                """),
        StageWord(
            "coverage", kind: .verb, arguments: VerbArguments(keys: .columns, operand: .period),
            usage: "coverage [by KEY, …] [for PERIOD]",
            help: """
                coverage = pipeline ÷ remaining, weighted_coverage = weighted ÷ remaining, for the period: pipeline = \
                total value of open deals whose close_date is in the period, weighted = the same with each value × the \
                deal's win probability (as "forecast" reads it), remaining = quota − won, won = total value of won \
                deals closed in the period (as "attainment"). Null when the quota is already met (remaining ≤ 0) or \
                there is none (the note says so). Quotas, PERIOD and the groups as for "attainment".
                """),
        StageWord(
            "cac", kind: .verb, arguments: VerbArguments(keys: .sourceOrPeriod(periods: true)),
            usage: "cac [by source|month|quarter|year, …]",
            help: """
                Customer acquisition cost: cac = spend ÷ won. spend = total amount of the spend table (a period or \
                month, a source or channel, an amount); won = how many of the input's deals were won with a close_date \
                in the same spend period and (when both the spend table and the deals have a source — Salesforce \
                LeadSource, HubSpot Original Source, Pipedrive origin) the same source. Won deals in a period or source \
                with no spend row are not counted. null, with a note, when the spend bought no won deal. "by source" \
                gives one row per spend source; "by month|quarter|year" (no finer than the spend table's periods) one \
                per period.
                """),
        StageWord(
            "payback", kind: .verb, arguments: VerbArguments(keys: .sourceOrPeriod(periods: true)),
            usage: "payback [by source|month|quarter|year, …]",
            help: """
                payback_months = cac ÷ (arpa × margin): the months a new customer's gross margin takes to repay its \
                acquisition cost. cac as "cac"; arpa = average monthly revenue per customer = total revenue ÷ rows of \
                the revenue table (one per customer and month), by source when grouped by source and the revenue table \
                has one; by period, the cohort's: the customers whose first revenue month falls in the period, over \
                all their months; else over every customer; margin = [economics] margin in pipeline.toml (default 100 %).
                """),
        StageWord(
            "ltv", kind: .verb, arguments: VerbArguments(keys: .sourceOrPeriod(periods: false)),
            usage: "ltv [by source]",
            help: """
                Lifetime value: ltv = arpa × margin ÷ monthly_churn. arpa and margin as "payback"; monthly_churn = \
                customers lost ÷ customers at the start of the month, summed over every month of the revenue table (as \
                "churn" without a period). null, with a note, when no customer was lost (churn 0: the lifetime is \
                unbounded).
                """),
        StageWord(
            "churn", kind: .verb, arguments: VerbArguments(keys: .sourceOrPeriod(periods: true)),
            usage: "churn [by month|quarter|year|source, …]",
            help: """
                churn = lost ÷ customers, from the revenue table (customer, month, revenue, and an end date or churned \
                flag): customers = those with revenue before the period and not lost before it; lost = those of them \
                lost in it. A customer is lost in its end date's month, else the month after its last revenue row when \
                its churned flag is set, else the month after its last row when that is before the table's last month. \
                Without a period, monthly_churn = the lost of every month ÷ customer_months (the customers at the start \
                of every month, added up). The funnel's per-stage churn (drop-out rate) is 1 − from_previous of "funnel".
                """),
        StageWord(
            "conversion", kind: .verb, arguments: .grouping,
            usage: "conversion [by KEY, …]  (over leads: leads | conversion by origin)",
            help: """
                Lead conversion, over the leads table (one row per lead: a lead id, a source or origin, when it was \
                created; Olist's marketing qualified leads): leads = how many; converted = those a deals row names \
                (the deals' lead_id or mql_id column); rate = converted ÷ leads; median_days_to_convert = the median of \
                days from the lead's created date to its first deal's created date (else close date), over converted \
                leads. "by origin" (or any column) gives one row per group. "leads | funnel" gives the lead funnel: \
                lead → qualified (a status saying so, or converted; every lead when the table has no status) → \
                opportunity (converted) → won (a won deal; a deal with a close date when the deals have no outcome).
                """),
        StageWord(
            "scorecard", kind: .verb, arguments: VerbArguments(options: ["trend"], keys: .columns, operand: .rep),
            usage: "scorecard [trend] [by TEAM] [for REP]",
            help: """
                Every rep against the team, one row per rep and metric (long format: a rep's card reads top to bottom, \
                and the metrics grow with the pipeline's steps and stages): rep, metric, value (the rep's), team_median \
                (the median over the team's reps with a value: the middle one, or the mean of the middle two), rank (1 = \
                best; a higher value is better except avg cycle days and days in a stage, where lower is; ties share the \
                best rank: 1, 2, 2, 4; null without a value), of (how many reps were ranked) and flag. Metrics, as the \
                other verbs compute them: deals, win rate (won ÷ closed), avg deal size (mean value of won deals), avg \
                cycle days (mean close_date − created of won deals), velocity per month (open × avg deal size × win \
                rate × 30 ÷ avg cycle days), attainment and coverage (as those verbs, by rep, for the quota's period \
                holding the as-of date; only with quotas), conversion to each funnel step (reached ÷ reached the step \
                before, as "funnel") and days in each open stage (as "stagetime"). flag "← weakest" marks the rep's \
                metric furthest below the team: the most negative (value − team_median) ÷ |team_median|, negated where \
                lower is better (the first such metric on a tie). The team is every rep of the input; "by team" ranks \
                each rep within the team most of their deals carry. "for REP" (or "REP", rep = "NAME") shows one rep's \
                card, still ranked against everyone. "compare REP" shows one rep beside the rest of the team in depth. \
                "scorecard trend" gives one row per rep for coaching: win_rate (won ÷ closed), avg_deal_size (mean \
                value of won deals) and avg_cycle_days (mean close_date − created of won deals) for each of the last 8 \
                quarters (fiscal; the last holds the as-of date) of the deals' close_date, drawn as sparklines (a \
                blank for a quarter with no closed deal; CSV writes the numbers, space-separated), from and to (the \
                first and last quarter) and closed (the closed deals counted).
                """),
        StageWord(
            "aging", kind: .verb, arguments: .grouping, usage: "aging [by KEY, …]",
            help: """
                Open deals in buckets of age = as-of date − created, in whole days: 0-30d, 31-60d, 61-90d, 91d+ (a deal \
                created after the as-of date counts as 0-30d). deals = how many, value = their total value (deals without \
                a value count in deals only). Every bucket is listed, empty ones with zeros; a "no created date" bucket is \
                added when an open deal has none. With "by", one block of bucket rows per group.
                """),
        StageWord(
            "stalled", kind: .verb, usage: "stalled",
            help: """
                Open deals whose stage_age (as-of date − stage_entered) is more than their stage's threshold, most overdue \
                first (then larger value first). The threshold is the stage's rotting_days from pipeline.toml; for a stage \
                without one, 2 × the median length of the stage's completed stays in the history table (exited_at − \
                entered_at, all deals). Deals in a stage with neither are not checked. Keeps the input's columns and adds \
                stage_age, threshold, overdue (= stage_age − threshold) and rule (which threshold applied), so other \
                stages can follow ("stalled | count by rep").
                """),
        StageWord(
            "balance", kind: .verb, arguments: VerbArguments(options: ["summary"], keys: .period),
            usage: "balance [summary] [by week|month|quarter|year]",
            help: """
                New deals per period of their created date (default week; weeks start on Monday), every period from the \
                first to the last with a new deal listed, empty ones as 0 (the last period may be partial). new_deals = \
                deals created in the period; vs_avg = new_deals ÷ the average over the listed periods (1.00 = an average \
                period). "balance summary" gives one row instead: periods, new_deals (total), min, avg, max per period, \
                and cv = sample standard deviation ÷ avg (0 = perfectly even; null with fewer than 2 periods). Deals \
                without created are left out.
                """),
        StageWord(
            "compare", kind: .verb, arguments: VerbArguments(operand: .rep),
            usage: "compare REP  (or compare rep = \"NAME\")",
            help: """
                One row per metric: metric, rep (the rep's value), team (the team's), difference (rep − team) and a note. \
                The team is the rep's team without the rep: the team column of the deals when there is one (the team most \
                of the rep's deals carry), else the reps table's team for the rep; without either, everyone else. Metrics, \
                as the other verbs compute them: deals and open deals (team: per rep, total ÷ the team's other reps with \
                deals), win rate (won ÷ closed), avg deal size (mean value of won deals), avg cycle days (mean close_date \
                − created of won deals), velocity per month (open × avg deal size × win rate × 30 ÷ avg cycle days; team: \
                per rep), conversion to each funnel step (reached ÷ the previous step's reached, as "funnel" counts: from \
                the history table, else current stages) and days in each open stage (mean stay, as "stagetime", needs the \
                history table). The conversion step where the rep is furthest below the team is noted "← biggest gap". A \
                metric whose input is missing is null, with the note saying what is missing. The rep is matched exactly, \
                else case-insensitively; an unknown rep is an error suggesting the nearest name.
                """),
        StageWord(
            "metrics", kind: .verb, usage: "metrics",
            help: """
                Rows of section, metric, value and note. quantity: open deals, open value (sum of their value), new deals \
                and new value in the last 30 and 90 days (created after as-of − N days, up to the as-of date). quality: \
                stale share = open deals past their stage's limit ÷ open deals (limits as "stalled": rotting_days, else 2 \
                × the stage's median completed stay in the history), avg lead score of open deals. effectiveness: win rate \
                (won ÷ closed), avg cycle days (won deals), conversion to each funnel step (as "funnel": reached ÷ the \
                previous step's reached). balance: weekly inflow cv = sample standard deviation ÷ mean of new deals per \
                week (as "balance summary"). A metric whose input is missing is null, with the note saying what is \
                missing.
                """),
        StageWord(
            "changes", kind: .verb, arguments: VerbArguments(options: ["summary"], operand: .dateRange),
            usage: "changes [summary] from DATE to DATE",
            help: """
                Compares the pipeline at the end of FROM with the pipeline at the end of TO (the snapshots "deals asof \
                FROM" and "deals asof TO", rebuilt from the history table), so the period is the days after FROM up to and \
                including TO. The period's pipeline at a day is the deals open then whose close_date (as it stood then) is \
                on or before TO; every open deal when no close dates are known. Close dates and amounts over time come \
                from the history's close_date and value columns (Salesforce OpportunityHistory CLOSEDATE, AMOUNT), else \
                the deals' current ones. "changes summary" gives the waterfall, one row per line with deals, value and a \
                note: open at start + created + pulled + amount up − amount down − pushed − lost − won = open at end, \
                exactly, in value (in deals, without the amount lines). created = not open at FROM (new, or reopened) and \
                in the pipeline at TO or closed by then; pulled = open at FROM outside the pipeline (close_date after TO \
                or none) and in it at TO or closed by then; amount up / down = the change in amount (TO − FROM) of deals \
                in the pipeline at FROM; pushed = in the pipeline at FROM, open at TO with close_date after TO (or \
                none); won / lost = open at FROM (or absent) and won / lost by TO. Entries, exits and closes count at the \
                amount at TO. Without "summary": one row per deal and kind (created, pulled, amount up, amount down, \
                pushed, lost, won, then moved = open at both with a different stage, overdue = open at TO with close_date \
                in the period; these two change neither sum), with id, value (the amount the line counts), from_stage, \
                to_stage, from_close, to_close. A deal without a value counts as 0 in the sums.
                """),
        StageWord(
            "slipped", kind: .verb, usage: "slipped",
            help: """
                The input deals with a slipped column: how many times the deal's close date moved later, counting the \
                history rows (up to the as-of date, in entered_at order) whose close_date is after the one before them \
                for the same deal; a date moved earlier does not count, nor does a row without a close date. Null for a \
                deal the history gives no close date. Needs a history table with a close_date column (Salesforce \
                OpportunityHistory CLOSEDATE). Rows stay deals, so "deals | slipped | where slipped >= 2" works.
                """),
        StageWord(
            "join", kind: .verb, arguments: VerbArguments(operand: .tableOnColumn),
            usage: "join [inner|left|semi|anti] NAME on COLUMN | on COLUMN = COLUMN [and …]",
            help: """
                Matches each input row with the rows of NAME (a table, a role name: deals, history, reps, or a let name) \
                whose key columns are equal: "on rep" for a column both sides name alike (names and role names both \
                work, so "join reps on rep" also matches sales_agent on a Maven CRM export), "on account = name and …" \
                (input column first) otherwise. left (the default): every row, once per match, or once with nulls in the \
                new columns when nothing matches. inner: only rows with a match. semi: rows with a match, once each, \
                without new columns. anti: rows with no match, once each ("deals | join anti big on account"). Null keys \
                match nothing (an anti join keeps them). NAME's key columns are not added again; a new column whose name \
                is taken is renamed NAME_COLUMN, and keeps its pipeline role (team, manager, region, quota) unless the \
                input already has a column with that role. Strings match exactly (case-sensitive); paired columns must \
                have the same type (text, whole number or date). In an asof query a table is read as of that day.
                """),
        StageWord(
            "append", aliases: ["union"], kind: .verb, arguments: VerbArguments(operand: .table), usage: "append NAME",
            help: """
                The input's rows, then the rows of NAME (a table or let name), columns matched by name: the input's \
                columns in order, then NAME's columns the input lacks; a column one side lacks is null in its rows. A \
                column on both sides must have the same type there.
                """),
        StageWord(
            "pivot", kind: .verb, arguments: VerbArguments(options: ["totals"], operand: .column),
            usage: "pivot COLUMN [values COLUMN] [with totals]",
            help: """
                Turns the distinct values of COLUMN into columns: one row per distinct combination of the other columns \
                (the keys, in ascending order), one column per value of COLUMN (ascending; stages in pipeline order; a null \
                value last, named null), each cell the value column of the input row with those keys and that value, null \
                (blank in tables) where there is none. The value column is the one aggregate of the summary before \
                ("count by rep, stage | pivot stage"), or the one named by values. "with totals" adds a total column and (with keys) a \
                last row named total (the cells added up: numbers, and of aggregates only count and sum). Two input rows for one cell are an error: \
                summarise first. The new columns exist only when it runs, so later stages can use the key columns only.
                """),
    ]
}
