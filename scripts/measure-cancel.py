#!/usr/bin/env python3
"""Measures how fast Ctrl-C stops a running query in the interactive shell.

    pipeq generate --deals 10000000 /tmp/pq10m          # once (about 4 GB; keep it out of the repository)
    scripts/measure-cancel.py .build/release/pipeq /tmp/pq10m/deals.csv
    scripts/measure-cancel.py .build/release/pipeq /tmp/pq10m 100 history asof   # the folder; only queries with these words

pipeq runs on a pseudo-terminal (so it is the real interactive shell, with its SIGINT handler). Each
query is first run to completion (twice, so lazily built structures exist) to learn how long it takes; then it is run again, Ctrl-C is typed at
40% of that time, and the script measures the time from the Ctrl-C byte to the next prompt. Prints one
line per query and the worst latency; exits 1 when any is over the limit (default 100 ms).
"""
import os
import pty
import select
import sys
import time

QUERIES = [
    "deals | count by name | count",
    "deals | sort name desc | limit 1",
    "deals | sort value desc, created | limit 1",
    "deals | top 10 by value | count",
    "deals | count by account, rep | count",
    "deals | count distinct name",
    "deals | distinct name | count",
    "deals | median value, p90 value by rep | count",
    "deals | extend w = value * probability | sum w by stage | count",
    "deals where name contains \"Analytics\" and value > 50k | avg value",
    "deals | stddev value, avg lead_score by account | count",
    # Issue 18, item 17: string functions, distinct strings, high-cardinality keys, verbs and snapshots.
    "deals where lower(name) contains \"zz\" | count",
    "deals | extend u = upper(name) | count distinct u",
    "history | count by deal_id | count",
    "deals | count by id | count",
    "deals | compare \"Jamal Torres\"",
    "deals | stagetime | count",
    "deals | stalled | count",
    "deals | metrics",
    "deals asof 2026-06-30 | count",
]

PROMPT = b")> "  # the end of "pipeq(NAME)> "


class Shell:
    def __init__(self, binary, data):
        pid, fd = pty.fork()
        if pid == 0:
            os.environ.update({"TERM": "dumb", "INPUTRC": "/dev/null", "NO_COLOR": "1"})
            os.execv(binary, [binary, data, "--as-of", "2026-11-01", "--no-history"])
        self.pid, self.fd, self.buffer = pid, fd, b""

    def read_until(self, needle, timeout):
        """Waits for `needle` in new output; returns the time it arrived (monotonic) or None. The text
        before it is kept in `self.before`."""
        deadline = time.monotonic() + timeout
        while True:
            index = self.buffer.find(needle)
            if index >= 0:
                self.before = self.buffer[:index]
                self.buffer = self.buffer[index + len(needle):]
                return time.monotonic()
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    self.buffer += os.read(self.fd, 65536)
                except OSError:
                    return None

    def send(self, text):
        os.write(self.fd, text.encode())

    def drain(self):
        """Reads and drops whatever arrives within 200 ms."""
        while select.select([self.fd], [], [], 0.2)[0]:
            try:
                os.read(self.fd, 65536)
            except OSError:
                break
        self.buffer = b""


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        sys.exit(2)
    binary, data = sys.argv[1], sys.argv[2]
    limit_ms = float(sys.argv[3]) if len(sys.argv) > 3 else 100.0
    # Further arguments: only the queries containing one of them.
    queries = [q for q in QUERIES if len(sys.argv) <= 4 or any(word in q for word in sys.argv[4:])]
    shell = Shell(binary, data)
    started = time.monotonic()
    if shell.read_until(PROMPT, 600) is None:
        print("no prompt after loading", file=sys.stderr)
        sys.exit(2)
    print(f"loaded {data} in {time.monotonic() - started:.1f} s")
    worst = 0.0
    for query in queries:
        # Twice: the first run may build lazy per-column structures (a dictionary's sort ranks), which
        # the second reuses; Ctrl-C lands at 40% of the second run's time.
        for _ in range(2):
            shell.drain()
            t0 = time.monotonic()
            shell.send(query + "\r")
            done = shell.read_until(PROMPT, 600)
            full = done - t0
        shell.drain()
        shell.send(query + "\r")
        time.sleep(full * 0.4)
        interrupt = time.monotonic()
        shell.send("\x03")
        back = shell.read_until(PROMPT, 60)
        latency = (back - interrupt) * 1000
        said = "cancelled" if b"cancelled" in shell.before else "finished first"
        worst = max(worst, latency)
        print(f"{latency:7.1f} ms  to the prompt after Ctrl-C at {full * 0.4:5.2f} s of {full:5.2f} s ({said})   {query}")
        time.sleep(0.2)
    shell.send("\x04")
    print(f"worst: {worst:.1f} ms (limit {limit_ms:.0f} ms)")
    sys.exit(0 if worst <= limit_ms else 1)


if __name__ == "__main__":
    main()
