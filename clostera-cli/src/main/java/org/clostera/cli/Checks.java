package org.clostera.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks on option values, reported as usage errors (exit 2) before any work starts. */
final class Checks {
    private Checks() {
    }

    static void atLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': must be at least " + min + ", got " + value);
        }
    }

    static void atLeast(CommandSpec spec, String option, Integer value, long min) {
        if (value != null) {
            atLeast(spec, option, value.longValue(), min);
        }
    }

    static void between(CommandSpec spec, String option, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': must be in "
                    + min + ".." + max + ", got " + value);
        }
    }

    /** Worker threads: the given count, or every available processor. */
    static int threads(CommandSpec spec, Integer threads) {
        if (threads == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        atLeast(spec, "--threads", threads, 1);
        return threads;
    }
}
