package org.clostera.cluster;

import java.util.Locale;

/**
 * How automatic K selection scores a candidate K. Every method is computed in the same pass over the
 * sample (the report holds all of them); this choice only decides which one selects K.
 */
public enum AutoKMethod {
    /**
     * Silhouette computed against centroids (the default): for each sample point, {@code a} is the
     * Euclidean distance to its nearest center and {@code b} to the second nearest; {@code s = (b - a) /
     * max(a, b)}, averaged over the sample. O(n K) instead of the O(n^2) of the pairwise silhouette.
     * Higher is better; selection uses the one-standard-error rule: the smallest K whose mean is within
     * one standard error of the best mean.
     */
    CENTROID_SILHOUETTE(true),
    /**
     * Davies-Bouldin index: mean over clusters of the worst ratio (S_i + S_j) / |c_i - c_j|, where S is
     * the mean distance of a cluster's points to its center. Lower is better.
     */
    DAVIES_BOULDIN(false),
    /**
     * Knee of the inertia curve: the candidate farthest below the chord of the normalised (log K,
     * inertia) curve, anchored at K = 1 (the total scatter). The score is that distance; higher is better.
     */
    ELBOW(true),
    /**
     * Bayesian information criterion of the spherical Gaussian mixture the clustering describes (weights
     * n_c / n, the centers, one shared variance per dimension estimated from the within-cluster scatter as
     * in X-means), with the mixture log-likelihood: {@code ln L - p / 2 * ln n}, {@code p = (K - 1) + K D + 1},
     * D the coding-space dimension. Higher is better.
     */
    BIC(true);

    private final boolean higherIsBetter;

    AutoKMethod(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    /** Whether a larger score means a better K. */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The name used in reports and on the command line: lower case with underscores. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #key()} or the constant name, case-insensitively ("-" and "_" are equivalent). */
    public static AutoKMethod parse(String text) {
        if (text != null) {
            String normalised = text.trim().replace('-', '_').toUpperCase(Locale.ROOT);
            for (AutoKMethod method : values()) {
                if (method.name().equals(normalised)) {
                    return method;
                }
            }
            if (normalised.equals("SILHOUETTE")) {
                return CENTROID_SILHOUETTE;
            }
        }
        throw new org.clostera.InvalidParameterException("unknown auto-K method '" + text
                + "'; expected one of centroid_silhouette, davies_bouldin, elbow, bic");
    }
}
