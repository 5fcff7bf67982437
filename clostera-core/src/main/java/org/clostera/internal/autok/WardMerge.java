package org.clostera.internal.autok;

/**
 * Merges centers down to fewer by Ward's rule: repeatedly joins the pair whose merge raises the squared
 * error least, {@code n_a n_b / (n_a + n_b) ||c_a - c_b||^2}, into their weighted mean. Used to start a
 * candidate from the next larger candidate's clustering. Ties go to the lower index pair, so the result is
 * deterministic.
 */
final class WardMerge {
    private WardMerge() {
    }

    /**
     * @param centers {@code k x dim} centers, row-major
     * @param counts  points per center (an empty center merges at no cost)
     * @param target  centers wanted, {@code 1 <= target <= k}
     * @return {@code target x dim} centers, in the order of the surviving slots
     */
    static float[] mergeTo(float[] centers, long[] counts, int target, int dim) {
        int k = counts.length;
        if (target < 1 || target > k || centers.length != k * dim) {
            throw new IllegalArgumentException("cannot merge " + k + " centers to " + target);
        }
        double[] c = new double[k * dim];
        for (int i = 0; i < c.length; i++) {
            c[i] = centers[i];
        }
        double[] n = new double[k];
        for (int i = 0; i < k; i++) {
            n[i] = counts[i];
        }
        boolean[] alive = new boolean[k];
        java.util.Arrays.fill(alive, true);
        for (int remaining = k; remaining > target; remaining--) {
            int bestA = -1;
            int bestB = -1;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int a = 0; a < k; a++) {
                if (!alive[a]) {
                    continue;
                }
                for (int b = a + 1; b < k; b++) {
                    if (!alive[b]) {
                        continue;
                    }
                    double weight = n[a] + n[b] > 0 ? n[a] * n[b] / (n[a] + n[b]) : 0;
                    double cost = weight == 0 ? 0 : weight * squaredDistance(c, a, b, dim);
                    if (cost < bestCost) {
                        bestCost = cost;
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            double total = n[bestA] + n[bestB];
            for (int j = 0; j < dim; j++) {
                c[bestA * dim + j] = total > 0
                        ? (n[bestA] * c[bestA * dim + j] + n[bestB] * c[bestB * dim + j]) / total
                        : c[bestA * dim + j];
            }
            n[bestA] = total;
            alive[bestB] = false;
        }
        float[] out = new float[target * dim];
        int slot = 0;
        for (int i = 0; i < k; i++) {
            if (alive[i]) {
                for (int j = 0; j < dim; j++) {
                    out[slot * dim + j] = (float) c[i * dim + j];
                }
                slot++;
            }
        }
        return out;
    }

    private static double squaredDistance(double[] c, int a, int b, int dim) {
        double sum = 0;
        for (int j = 0; j < dim; j++) {
            double d = c[a * dim + j] - c[b * dim + j];
            sum += d * d;
        }
        return sum;
    }
}
