package org.clostera.cli;

import java.util.List;

/**
 * Configures slf4j-simple through system properties. Must run before the first logger is created, so
 * {@link Main#main} calls it before building the command line.
 */
final class Logging {
    /** Environment variable that turns on debug logging and stack traces on errors. */
    static final String DEBUG_ENV = "CLOSTERA_DEBUG";

    private Logging() {
    }

    /** Whether {@code CLOSTERA_DEBUG} is set to something other than empty, 0 or false. */
    static boolean debugFromEnvironment() {
        String value = System.getenv(DEBUG_ENV);
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    /** Whether the arguments ask for verbose output ({@code -v}/{@code --verbose} before any {@code --}). */
    static boolean verboseRequested(List<String> args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("-v") || arg.equals("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Logs go to stderr; level warn by default, info with {@code --verbose}, debug with
     * {@code CLOSTERA_DEBUG=1}. Properties the user already set with {@code -D} win.
     */
    static void configure(boolean verbose, boolean debug) {
        String level = debug ? "debug" : verbose ? "info" : "warn";
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", level);
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.showThreadName", Boolean.toString(debug));
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.showDateTime", Boolean.toString(verbose || debug));
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.levelInBrackets", "false");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
