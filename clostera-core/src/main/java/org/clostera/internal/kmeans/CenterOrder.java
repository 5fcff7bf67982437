package org.clostera.internal.kmeans;

import java.util.Arrays;

/**
 * A spatially coherent order of the centers for the table positions of pruned assignment: the groups of
 * {@link CenterGroups} (consecutive positions) then hold nearby centers, so a code far from a group is far
 * from all of it and one bound covers the group tightly (Yinyang k-means groups its centers by clustering
 * them for the same reason).
 *
 * <p>Built by recursive balanced bisection (a k-d split): the positions of a run of groups are sorted by the
 * coordinate of largest variance among their centers and cut at the middle group boundary, down to single
 * groups. Within a group, centers are in ascending index order, so the kernel's first-smallest rule within a
 * group still picks the lowest index among equal distances; across groups, pruned assignment compares
 * indices itself. Deterministic: ties in a coordinate go to the lower index.
 */
final class CenterOrder {
    private CenterOrder() {
    }

    /** {@code order[position] = center}: the center at each table position. */
    static int[] of(float[] centers, int dim, CenterGroups groups) {
        Integer[] order = new Integer[groups.k];
        for (int c = 0; c < order.length; c++) {
            order[c] = c;
        }
        bisect(order, centers, dim, groups, 0, groups.count());
        int[] result = new int[order.length];
        for (int p = 0; p < result.length; p++) {
            result[p] = order[p];
        }
        return result;
    }

    private static void bisect(Integer[] order, float[] centers, int dim, CenterGroups groups, int firstGroup,
                               int endGroup) {
        int from = groups.from(firstGroup);
        int to = groups.to(endGroup - 1);
        if (endGroup - firstGroup == 1) {
            Arrays.sort(order, from, to);
            return;
        }
        int axis = widestAxis(order, centers, dim, from, to);
        Arrays.sort(order, from, to, (a, b) -> {
            int byValue = Float.compare(centers[a * dim + axis], centers[b * dim + axis]);
            return byValue != 0 ? byValue : Integer.compare(a, b);
        });
        int middle = (firstGroup + endGroup) >>> 1;
        bisect(order, centers, dim, groups, firstGroup, middle);
        bisect(order, centers, dim, groups, middle, endGroup);
    }

    /** The coordinate of largest variance among the centers at positions {@code [from, to)}. */
    private static int widestAxis(Integer[] order, float[] centers, int dim, int from, int to) {
        int best = 0;
        double widest = -1;
        for (int j = 0; j < dim; j++) {
            double sum = 0;
            double squares = 0;
            for (int p = from; p < to; p++) {
                double v = centers[order[p] * dim + j];
                sum += v;
                squares += v * v;
            }
            double variance = squares - sum * sum / (to - from);
            if (variance > widest) {
                widest = variance;
                best = j;
            }
        }
        return best;
    }
}
