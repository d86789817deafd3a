/// How the shell is used, one short line per topic: the end of `.help`, and the man page's section on the shell.
public enum ShellGuide {
    /// Topic and what to know about it.
    public static let topics: [(topic: String, text: String)] = [
        ("Tab", "completes tables, lets, stage words, columns, functions, values, a verb's options, reps, dates"),
        ("lines", "a line ending in | or \\ (or with an open bracket or quote) continues; an empty line or ; ends it"),
        ("keys", "Ctrl-C drops the line or cancels a running query; Ctrl-R searches history"),
        ("colour", "the line is coloured as typed, unknown names underlined; .highlight off or NO_COLOR stop it"),
        ("leave", ".quit, .exit, exit, quit, \\q or Ctrl-D on an empty line"),
        (
            "wide",
            "a table wider than the screen keeps its first column and the columns the query names or computes and "
                + "lists the hidden ones; .expanded on|auto or .mode line prints records, one field per line"
        ),
        ("long", "results taller than the screen go through $PAGER (default less -SRFX; .pager off to stop)"),
        ("progress", "loading or a query taking over a second shows its progress on standard error"),
        ("scripts", "-f and .read head each result with the comment above its query; .echo on prints the queries"),
        ("startup", "$XDG_CONFIG_HOME/pipeq/pipeqrc (~/.config/pipeq/pipeqrc) or ~/.pipeqrc runs as the shell opens"),
    ]
}
