package org.clostera.metrics;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * External clustering quality measures comparing predicted cluster labels with true class labels:
 * purity, normalized mutual information (arithmetic-mean normalisation, scikit-learn's default), the
 * adjusted Rand index, and V-measure with its homogeneity and completeness. Results match
 * scikit-learn 1.x ({@code sklearn.metrics}) to rounding, including its conventions for degenerate
 * cases (noted per method).
 *
 * <p>Labels may be any non-negative ints (they need not be contiguous); the two arrays must have the
 * same, non-zero length. Violations throw {@link org.clostera.InvalidDataException} naming the labeling
 * and row. All counts are {@code long}; memory is O(classes x clusters) for small tables and O(N)
 * otherwise. Natural logarithms throughout.
 */
public final class ClusteringMetrics {
    private static final double EPS = Math.ulp(1.0); // numpy's finfo(float64).eps

    private ClusteringMetrics() {
    }

    /** All measures at once (one contingency table). */
    public record Report(long rows, int trueClasses, int predictedClusters, double purity,
                         double normalizedMutualInformation, double adjustedRandIndex, double homogeneity,
                         double completeness, double vMeasure) {
    }

    /** Computes every measure of this class from one contingency table. */
    public static Report evaluate(int[] truth, int[] predicted) {
        Contingency t = Contingency.of(truth, predicted);
        double mi = mutualInformation(t);
        double hTrue = entropy(t.classTotals, t.n);
        double hPred = entropy(t.clusterTotals, t.n);
        double[] hcv = homogeneityCompletenessV(mi, hTrue, hPred);
        return new Report(t.n, t.classTotals.length, t.clusterTotals.length, purity(t), nmi(t, mi, hTrue, hPred),
                adjustedRandIndex(t), hcv[0], hcv[1], hcv[2]);
    }

    /**
     * Purity: each predicted cluster is credited with its most frequent true class; the fraction of rows
     * so credited. 1 = every cluster is pure (also when every row is its own cluster).
     */
    public static double purity(int[] truth, int[] predicted) {
        return purity(Contingency.of(truth, predicted));
    }

    /**
     * Normalized mutual information {@code MI / ((H(truth) + H(predicted)) / 2)} (sklearn
     * {@code normalized_mutual_info_score}, {@code average_method='arithmetic'}). 1 when both labelings have
     * a single label; 0 when the mutual information is 0.
     */
    public static double normalizedMutualInformation(int[] truth, int[] predicted) {
        Contingency t = Contingency.of(truth, predicted);
        return nmi(t, mutualInformation(t), entropy(t.classTotals, t.n), entropy(t.clusterTotals, t.n));
    }

    /** Mutual information in nats (sklearn {@code mutual_info_score}). */
    public static double mutualInformation(int[] truth, int[] predicted) {
        return mutualInformation(Contingency.of(truth, predicted));
    }

    /**
     * Adjusted Rand index (sklearn {@code adjusted_rand_score}): the Rand index corrected for chance;
     * 1 for identical partitions (up to renaming), about 0 for independent ones, may be negative.
     */
    public static double adjustedRandIndex(int[] truth, int[] predicted) {
        return adjustedRandIndex(Contingency.of(truth, predicted));
    }

    /** Homogeneity {@code MI / H(truth)}: each cluster holds one class; 1 when there is one class. */
    public static double homogeneity(int[] truth, int[] predicted) {
        return evaluate(truth, predicted).homogeneity();
    }

    /** Completeness {@code MI / H(predicted)}: each class lies in one cluster; 1 when there is one cluster. */
    public static double completeness(int[] truth, int[] predicted) {
        return evaluate(truth, predicted).completeness();
    }

    /** V-measure: harmonic mean of homogeneity and completeness (beta = 1); 0 when both are 0. */
    public static double vMeasure(int[] truth, int[] predicted) {
        return evaluate(truth, predicted).vMeasure();
    }

    private static double purity(Contingency t) {
        long[] best = new long[t.clusterTotals.length];
        for (int k = 0; k < t.cellCount.length; k++) {
            best[t.cellCluster[k]] = Math.max(best[t.cellCluster[k]], t.cellCount[k]);
        }
        long sum = 0;
        for (long b : best) {
            sum += b;
        }
        return sum / (double) t.n;
    }

    private static double nmi(Contingency t, double mi, double hTrue, double hPred) {
        if (t.classTotals.length == 1 && t.clusterTotals.length == 1) {
            return 1.0;
        }
        if (mi == 0) {
            return 0.0;
        }
        return mi / ((hTrue + hPred) / 2);
    }

    /** As sklearn computes it, term by term, zeroing terms below machine epsilon and clipping at 0. */
    private static double mutualInformation(Contingency t) {
        if (t.classTotals.length == 1 || t.clusterTotals.length == 1) {
            return 0.0;
        }
        double logN = Math.log(t.n);
        double sum = 0;
        for (int k = 0; k < t.cellCount.length; k++) {
            double count = t.cellCount[k];
            double p = count / t.n;
            // Exact in long (<= N^2), as sklearn's int64 product.
            double outer = (double) (t.classTotals[t.cellClass[k]] * t.clusterTotals[t.cellCluster[k]]);
            double term = p * (Math.log(count) - logN) + p * (-Math.log(outer) + logN + logN);
            if (Math.abs(term) >= EPS) {
                sum += term;
            }
        }
        return Math.max(0.0, sum);
    }

    private static double entropy(long[] totals, long n) {
        if (totals.length == 1) {
            return 0.0;
        }
        double logN = Math.log(n);
        double h = 0;
        for (long c : totals) {
            h -= (c / (double) n) * (Math.log(c) - logN);
        }
        return h;
    }

    private static double[] homogeneityCompletenessV(double mi, double hTrue, double hPred) {
        double homogeneity = hTrue != 0 ? mi / hTrue : 1.0;
        double completeness = hPred != 0 ? mi / hPred : 1.0;
        double v = homogeneity + completeness == 0 ? 0.0
                : 2 * homogeneity * completeness / (homogeneity + completeness);
        return new double[] {homogeneity, completeness, v};
    }

    /**
     * sklearn's pair-confusion formulation. Pair counts (ordered pairs) are exact in {@code long}
     * (at most N^2 < 2^63 for any int[] length); their products are taken in double.
     */
    private static double adjustedRandIndex(Contingency t) {
        long n = t.n;
        long sumSquares = 0;
        long rowWeighted = 0; // sum_ij n_ij * clusterTotal_j
        long colWeighted = 0; // sum_ij n_ij * classTotal_i
        for (int k = 0; k < t.cellCount.length; k++) {
            long c = t.cellCount[k];
            sumSquares += c * c;
            rowWeighted += c * t.clusterTotals[t.cellCluster[k]];
            colWeighted += c * t.classTotals[t.cellClass[k]];
        }
        long tp = sumSquares - n;
        long fp = rowWeighted - sumSquares;
        long fn = colWeighted - sumSquares;
        long tn = n * n - fp - fn - sumSquares;
        if (fn == 0 && fp == 0) {
            return 1.0;
        }
        // Exact integers, one rounding at the end (as Python's int / int), so ARI near 0 keeps its digits.
        BigInteger numerator = big(tp).multiply(big(tn)).subtract(big(fn).multiply(big(fp))).shiftLeft(1);
        BigInteger denominator = big(tp + fn).multiply(big(fn + tn)).add(big(tp + fp).multiply(big(fp + tn)));
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), MathContext.DECIMAL128).doubleValue();
    }

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }
}
