#!/usr/bin/env python3
"""Independent check of pipeq's Pipedrive change-log import, in DuckDB SQL.

Usage: python3 scripts/pipedrive_oracle.py FOLDER [AS_OF]   (needs `pip install duckdb`)

Reads FOLDER/deal_changes.csv (deal_id, change_time, changed_field_key, new_value) and FOLDER/stages.csv
(stage_id, stage_name) and prints what `deals | funnel`, `history | stagetime` and `deals | count by stage`
should show, with the rules pipeq's adapter states:
  - a stay is a stage_id change; consecutive changes to the same stage (per deal, by change time then file
    order) fold into one stay, which starts at the first of them;
  - a stay ends at the deal's next stay, else when the deal was lost (its latest non-empty lost_reason
    change) or won (won_time change) if not before the stay began, else at the as-of date's midnight;
  - reach of a stage = distinct deals with a stay in it; count by stage = deals by their last stay's stage;
  - stay lengths in days; median and p90 interpolate (quantile_cont).
"""
import sys
import duckdb

folder = sys.argv[1]
as_of = sys.argv[2] if len(sys.argv) > 2 else "2024-12-31"
con = duckdb.connect()
con.execute(f"""
create table log as
  select row_number() over () as rn, deal_id, cast(change_time as timestamp) as t, changed_field_key as k,
         nullif(new_value, '') as v
  from read_csv('{folder}/deal_changes.csv', header = true, all_varchar = true);
create table stages as select cast(stage_id as varchar) as id, stage_name as name, cast(stage_id as int) as ord
  from read_csv('{folder}/stages.csv', header = true, all_varchar = true);
create table closes as
  select deal_id, max(t) as closed_at from log
  where k in ('lost_reason', 'lost_time', 'won_time') and v is not null group by deal_id;
create table changes as
  select l.deal_id, l.t, l.rn, coalesce(s.name, l.v) as stage,
         lag(coalesce(s.name, l.v)) over (partition by l.deal_id order by l.t, l.rn) as prev
  from log l left join stages s on s.id = l.v
  where l.k = 'stage_id' and l.v is not null;
create table stays as
  select c.deal_id, c.stage, c.t as entered_at,
         coalesce(lead(c.t) over (partition by c.deal_id order by c.t, c.rn),
                  case when x.closed_at >= c.t then x.closed_at end) as exited_at,
         row_number() over (partition by c.deal_id order by c.t desc, c.rn desc) as from_last
  from changes c left join closes x using (deal_id)
  where c.prev is null or c.prev <> c.stage;
""")

print("funnel (reach from history):")
for row in con.execute("""
  select s.name, count(distinct y.deal_id) from stages s left join stays y on y.stage = s.name
  group by s.name, s.ord order by s.ord""").fetchall():
    print(f"  {row[0]:<28} {row[1]:>6}")

print(f"stagetime (open stays measured to {as_of} 00:00):")
for row in con.execute(f"""
  with d as (
    select stage, deal_id,
           epoch(coalesce(exited_at, timestamp '{as_of} 00:00:00') - entered_at) / 86400.0 as days
    from stays)
  select s.name, count(d.days), count(distinct d.deal_id), avg(d.days), quantile_cont(d.days, 0.5), quantile_cont(d.days, 0.9)
  from stages s join d on d.stage = s.name group by s.name, s.ord order by s.ord""").fetchall():
    print(f"  {row[0]:<28} stays {row[1]:>5}  deals {row[2]:>5}  avg {row[3]:6.2f}d  median {row[4]:6.2f}d  p90 {row[5]:6.2f}d")

print("count by current stage:")
for row in con.execute("""
  select s.name, count(*) from stays y join stages s on s.name = y.stage where from_last = 1
  group by s.name, s.ord order by s.ord""").fetchall():
    print(f"  {row[0]:<28} {row[1]:>6}")
print("deals:", con.execute("select count(distinct deal_id) from log").fetchone()[0],
      " stays:", con.execute("select count(*) from stays").fetchone()[0],
      " lost or won:", con.execute("select count(*) from closes").fetchone()[0])
