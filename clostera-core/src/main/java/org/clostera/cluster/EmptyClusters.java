package org.clostera.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one line that says a clustering has empty clusters: the data (as PQ codes) has fewer distinct rows
 * than K, so k-means could not fill every cluster. A warning, not an error: distinct rows are only known as
 * codes after the expensive encode, two distinct rows may share a code, and a fixed K on data that turns
 * out coarse still has a correct answer (every distinct row its own cluster), as scikit-learn also warns.
 */
final class EmptyClusters {
    private static final Logger LOG = LoggerFactory.getLogger(EmptyClusters.class);

    private EmptyClusters() {
    }

    /** The warning for these cluster sizes, or null when none is empty. */
    static String describe(long[] sizes) {
        int nonEmpty = 0;
        long rows = 0;
        for (long s : sizes) {
            nonEmpty += s > 0 ? 1 : 0;
            rows += s;
        }
        if (nonEmpty == sizes.length) {
            return null;
        }
        return "k = " + sizes.length + " but only " + nonEmpty + " of the clusters are non-empty: the " + rows
                + " rows have only " + nonEmpty + " distinct values as PQ codes (fewer than k; "
                + (nonEmpty == 1 ? "all rows are equal" : "duplicated or near-identical rows") + "); the other "
                + (sizes.length - nonEmpty) + " clusters are empty";
    }

    /** Logs {@link #describe} when a cluster is empty. */
    static void warnIfAny(long[] sizes) {
        String message = describe(sizes);
        if (message != null) {
            LOG.warn(message);
        }
    }
}
