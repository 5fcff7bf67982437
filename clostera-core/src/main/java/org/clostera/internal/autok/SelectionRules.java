package org.clostera.internal.autok;

import org.clostera.cluster.AutoKMethod;

/** Picks a candidate from one method's scores. */
final class SelectionRules {
    private SelectionRules() {
    }

    /**
     * Index of the best candidate for {@code method}: the largest score (smallest for Davies-Bouldin);
     * exact ties go to the smaller K; undefined (NaN) scores never win; index 0 when all are undefined.
     */
    static int select(AutoKMethod method, double[] scores) {
        int best = -1;
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (Double.isNaN(s)) {
                continue;
            }
            if (best < 0 || (method.higherIsBetter() ? s > scores[best] : s < scores[best])) {
                best = i;
            }
        }
        return Math.max(best, 0);
    }

    /**
     * The one-standard-error rule (as for the gap statistic and cross-validation): the smallest K whose
     * mean score is within one standard error of the best mean score. Differences smaller than the
     * sampling noise of the mean are not evidence for more clusters, so the simpler model wins.
     */
    static int selectWithinOneStandardError(double[] scores, double[] standardErrors) {
        int best = select(AutoKMethod.CENTROID_SILHOUETTE, scores);
        double threshold = scores[best] - standardErrors[best];
        for (int i = 0; i < best; i++) {
            if (scores[i] >= threshold) {
                return i;
            }
        }
        return best;
    }

    /**
     * Strict midpoints: the index of the midpoint next to {@code pick} (its neighbour in the candidate list; only
     * the one above with {@code aboveOnly}) whose raw score is strictly better than the pick's and the best of
     * those, else {@code pick}. No one-standard-error allowance: a midpoint replaces a template pick only when it
     * scores better.
     */
    static int strictlyBetterNeighbour(AutoKMethod method, double[] scores, boolean[] midpoint, int pick,
                                       boolean aboveOnly) {
        int best = pick;
        for (int i : aboveOnly ? new int[] {pick + 1} : new int[] {pick - 1, pick + 1}) {
            if (i >= 0 && i < scores.length && midpoint[i] && better(method, scores[i], scores[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Whether {@code a} is strictly better than {@code b} for {@code method}; NaN is never better. */
    private static boolean better(AutoKMethod method, double a, double b) {
        if (Double.isNaN(a)) {
            return false;
        }
        if (Double.isNaN(b)) {
            return true;
        }
        return method.higherIsBetter() ? a > b : a < b;
    }
}
