package org.clostera.cli;

/** Process exit codes of the {@code clostera} command; scripts depend on them. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** Unexpected failure: a bug (or out of memory); never bad data or an unusable path. */
    public static final int FAILURE = 1;
    /** Bad usage: unknown or missing options, invalid parameter values, an output path naming an input. */
    public static final int USAGE = 2;
    /**
     * Bad input data or an unusable path: unreadable, truncated or unsupported files, NaN/Inf values, wrong
     * shapes; an output that cannot be written (permission, disk full, a folder in the way).
     */
    public static final int BAD_INPUT = 3;

    private ExitCodes() {
    }
}
