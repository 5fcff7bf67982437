package org.clostera.cli;

/** Process exit codes of the {@code clostera} command; scripts depend on them. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** Unexpected failure (a bug, out of memory, an output that could not be written). */
    public static final int FAILURE = 1;
    /** Bad usage: unknown or missing options, invalid parameter values. */
    public static final int USAGE = 2;
    /** Bad input data: unreadable, truncated or unsupported files, NaN/Inf values, wrong shapes. */
    public static final int BAD_INPUT = 3;

    private ExitCodes() {
    }
}
