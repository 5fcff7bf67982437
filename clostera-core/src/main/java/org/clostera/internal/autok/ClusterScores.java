package org.clostera.internal.autok;

/**
 * What the scorer measures for one candidate K on the sample, with every point assigned to its nearest
 * center (so the scores describe the centers, whatever the clustering's last assignment was).
 *
 * @param k                  the candidate K (centers given)
 * @param nonEmpty           clusters that got at least one sample point
 * @param rows               sample rows n
 * @param sumSquares         sum of squared distances to the nearest center (SSE)
 * @param centroidSilhouette mean of (b - a) / max(a, b) with a, b the distances to the nearest and the
 *                           second-nearest center
 * @param silhouetteStandardError standard error of that mean over the sample points
 * @param daviesBouldin      Davies-Bouldin index over the non-empty clusters (NaN for fewer than 2)
 * @param bic                spherical-Gaussian BIC, {@code log L - p / 2 ln n}, larger is better
 * @param counts             sample points nearest to each center
 */
record ClusterScores(int k, int nonEmpty, int rows, double sumSquares, double centroidSilhouette, double silhouetteStandardError,
                     double daviesBouldin, double bic, long[] counts) {

    /** Mean squared distance per sample point. */
    double inertia() {
        return sumSquares / rows;
    }
}
