extension ManPage {
    static let files =
        Roff.section("files")
        + Roff.tagged(
            Roff.bold("$XDG_CONFIG_HOME/pipeq/pipeqrc") + ", " + Roff.bold("~/.pipeqrc"),
            "The startup file (the first that exists; ~/.config/pipeq/pipeqrc without XDG_CONFIG_HOME): meta-commands "
                + "and lets run when the shell opens. Scripts and -c do not read it; --no-rc skips it.")
        + Roff.tagged(
            Roff.bold("$XDG_STATE_HOME/pipeq/history"),
            "The shell's history (~/.local/state/pipeq/history without XDG_STATE_HOME), capped at 10,000 entries.")
        + Roff.tagged(
            Roff.bold("$XDG_CACHE_HOME/pipeq/"),
            "Binary snapshots of large CSV files (~/.cache/pipeq without XDG_CACHE_HOME), read instead of the CSV "
                + "while it is unchanged.")
        + Roff.tagged(
            Roff.bold("pipeline.toml"),
            "Beside the data: the pipeline's stages in order, their outcomes and probabilities, and column roles.")

    static let environment =
        Roff.section("environment")
        + Roff.tagged(Roff.bold("PIPEQ_HISTORY"), "The history file (--history wins).")
        + Roff.tagged(Roff.bold("PIPEQ_CACHE"), "The snapshot folder, or off for none.")
        + Roff.tagged(Roff.bold("PIPEQ_CACHE_MAX"), "The most the snapshots may take together, e.g. 2G.")
        + Roff.tagged(Roff.bold("PIPEQ_THREADS"), "How many threads loading and queries use (default: every core).")
        + Roff.tagged(
            Roff.bold("HOME") + ", " + Roff.bold("XDG_CONFIG_HOME") + ", " + Roff.bold("XDG_STATE_HOME") + ", "
                + Roff.bold("XDG_CACHE_HOME"), "Where the files above are.")
        + Roff.tagged(
            Roff.bold("NO_COLOR"),
            "When set (or with TERM=dumb), no colour on a terminal: results and the line being typed.")
        + Roff.tagged(
            Roff.bold("PAGER"),
            "The shell's pager for results taller than the screen (default: less -SRFX; see .pager).")
        + Roff.tagged(
            Roff.bold("COLUMNS") + ", " + Roff.bold("LC_ALL") + ", " + Roff.bold("LANG"),
            "Chart width outside a terminal, and whether charts use Unicode blocks or ASCII.")

    static let exitStatus =
        Roff.section("exit status")
        + Roff.tagged(Roff.bold("0"), "Success.")
        + Roff.tagged(
            Roff.bold("1"),
            "A query, data or script error (a script stops at its first error, reported as FILE:LINE:COL).")
        + Roff.tagged(Roff.bold("2"), "A usage error.")
        + Roff.tagged(Roff.bold("141"), "Standard output's reader went away (pipeq ... | head).")
}
