package org.clostera.metrics;

import java.util.Arrays;
import org.clostera.InvalidDataException;

/**
 * The contingency table of two labelings: how many rows carry true class {@code i} and predicted
 * cluster {@code j}, with row and column totals, all counted in {@code long}. Labels may be any
 * non-negative ints; they are mapped to dense indices in increasing label order. Only nonzero cells are
 * kept: from a dense table when classes x clusters is small, otherwise from the sorted (class, cluster)
 * pair keys.
 */
final class Contingency {
    private static final long MAX_DENSE_CELLS = 1L << 24;

    final long n;
    final long[] classTotals;   // per true class
    final long[] clusterTotals; // per predicted cluster
    final int[] cellClass;      // nonzero cells, in (class, cluster) order
    final int[] cellCluster;
    final long[] cellCount;

    private Contingency(long n, long[] classTotals, long[] clusterTotals, int[] cellClass, int[] cellCluster,
                        long[] cellCount) {
        this.n = n;
        this.classTotals = classTotals;
        this.clusterTotals = clusterTotals;
        this.cellClass = cellClass;
        this.cellCluster = cellCluster;
        this.cellCount = cellCount;
    }

    /** Validates both labelings (same length, non-empty, non-negative) and builds the table. */
    static Contingency of(int[] truth, int[] predicted) {
        if (truth == null || predicted == null) {
            throw new InvalidDataException("labels must not be null", truth == null ? "true labels"
                    : "predicted labels", -1, null, null);
        }
        if (truth.length != predicted.length) {
            throw new InvalidDataException("true labels have " + truth.length + " rows but predicted labels have "
                    + predicted.length);
        }
        if (truth.length == 0) {
            throw new InvalidDataException("no labels: both labelings are empty");
        }
        LabelIndex classes = LabelIndex.of(truth, "true labels");
        LabelIndex clusters = LabelIndex.of(predicted, "predicted labels");
        int a = classes.size();
        int b = clusters.size();
        long[] classTotals = new long[a];
        long[] clusterTotals = new long[b];
        int n = truth.length;
        int[] cellClass;
        int[] cellCluster;
        long[] cellCount;
        if ((long) a * b <= MAX_DENSE_CELLS) {
            long[] table = new long[a * b];
            for (int r = 0; r < n; r++) {
                table[classes.index(truth[r]) * b + clusters.index(predicted[r])]++;
            }
            int nonzero = 0;
            for (long c : table) {
                nonzero += c != 0 ? 1 : 0;
            }
            cellClass = new int[nonzero];
            cellCluster = new int[nonzero];
            cellCount = new long[nonzero];
            int k = 0;
            for (int i = 0; i < a; i++) {
                for (int j = 0; j < b; j++) {
                    long c = table[i * b + j];
                    if (c != 0) {
                        cellClass[k] = i;
                        cellCluster[k] = j;
                        cellCount[k++] = c;
                    }
                }
            }
        } else {
            long[] keys = new long[n];
            for (int r = 0; r < n; r++) {
                keys[r] = (long) classes.index(truth[r]) * b + clusters.index(predicted[r]);
            }
            Arrays.sort(keys);
            int nonzero = 0;
            for (int r = 0; r < n; r++) {
                nonzero += r == 0 || keys[r] != keys[r - 1] ? 1 : 0;
            }
            cellClass = new int[nonzero];
            cellCluster = new int[nonzero];
            cellCount = new long[nonzero];
            int k = -1;
            for (int r = 0; r < n; r++) {
                if (r == 0 || keys[r] != keys[r - 1]) {
                    k++;
                    cellClass[k] = (int) (keys[r] / b);
                    cellCluster[k] = (int) (keys[r] % b);
                }
                cellCount[k]++;
            }
        }
        for (int k = 0; k < cellCount.length; k++) {
            classTotals[cellClass[k]] += cellCount[k];
            clusterTotals[cellCluster[k]] += cellCount[k];
        }
        return new Contingency(n, classTotals, clusterTotals, cellClass, cellCluster, cellCount);
    }

    /** Maps the distinct labels of one labeling to 0..size-1 in increasing order. */
    private static final class LabelIndex {
        private final int[] direct;    // label -> index, when labels are small
        private final int[] distinct;  // sorted distinct labels, otherwise

        private LabelIndex(int[] direct, int[] distinct) {
            this.direct = direct;
            this.distinct = distinct;
        }

        static LabelIndex of(int[] labels, String name) {
            int max = 0;
            for (int r = 0; r < labels.length; r++) {
                int v = labels[r];
                if (v < 0) {
                    throw new InvalidDataException("negative label " + v + " (labels must be >= 0)", name, r, null,
                            null);
                }
                max = Math.max(max, v);
            }
            if (max <= Math.max(1 << 20, 4L * labels.length)) {
                boolean[] seen = new boolean[max + 1];
                for (int v : labels) {
                    seen[v] = true;
                }
                int[] direct = new int[max + 1];
                int next = 0;
                for (int v = 0; v <= max; v++) {
                    direct[v] = seen[v] ? next++ : -1;
                }
                return new LabelIndex(direct, new int[next]);
            }
            int[] sorted = labels.clone();
            Arrays.sort(sorted);
            int unique = 0;
            for (int r = 0; r < sorted.length; r++) {
                if (r == 0 || sorted[r] != sorted[r - 1]) {
                    sorted[unique++] = sorted[r];
                }
            }
            return new LabelIndex(null, Arrays.copyOf(sorted, unique));
        }

        int size() {
            return distinct.length;
        }

        int index(int label) {
            return direct != null ? direct[label] : Arrays.binarySearch(distinct, label);
        }
    }
}
