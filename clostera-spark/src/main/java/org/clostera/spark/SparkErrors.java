package org.clostera.spark;

import org.clostera.ClosteraException;

/**
 * Spark reports a failed task as a SparkException whose message is the executor's stack trace; a clostera
 * error inside (bad data, a bad setting) is rethrown as itself, so the user reads its message first.
 */
final class SparkErrors {
    private SparkErrors() {
    }

    /** Runs {@code job}, rethrowing the first clostera error in the cause chain of a failure as itself. */
    static <T> T unwrapping(java.util.function.Supplier<T> job) {
        try {
            return job.get();
        } catch (Exception e) { // SparkException is checked in Java, yet Spark's Java API throws it undeclared
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ClosteraException clostera) {
                    throw clostera;
                }
            }
            throw SparkErrors.<RuntimeException>rethrow(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Exception e) throws E {
        throw (E) e;
    }
}
