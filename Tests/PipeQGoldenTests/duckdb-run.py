#!/usr/bin/env python3
"""Runs compiled DuckDB SQL for GoldenSQLTests: reads {"setup": SQL, "statements": [SQL, ...]} as JSON on
standard input, runs the setup then each statement in one in-memory database, and prints one JSON line per
statement: {"rows": [[cell, ...], ...]} or {"error": message}. Cells are JSON numbers, strings, booleans or
null; dates, datetimes and decimals travel as text (a space between date and time)."""
import datetime
import decimal
import json
import sys

import duckdb


def cell(v):
    if isinstance(v, datetime.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, float) and v != v:
        return None
    return v


def main():
    job = json.load(sys.stdin)
    con = duckdb.connect()
    con.execute(job["setup"])
    for sql in job["statements"]:
        try:
            rows = con.execute(sql).fetchall()
            print(json.dumps({"rows": [[cell(v) for v in row] for row in rows]}))
        except Exception as e:  # a failed statement is reported, the next still runs
            print(json.dumps({"error": str(e)}))
        sys.stdout.flush()


main()
