package org.clostera.internal.autok;

/**
 * Knee of a decreasing inertia curve: with x = ln K and y = inertia both normalised to [0, 1] over the
 * curve anchored at K = 1 (the total scatter), the knee is the point farthest below the chord from the
 * first to the last point (the "maximum distance to the chord" form of Kneedle). The anchor lets the
 * smallest candidate be a knee; the last candidate lies on the chord and scores 0.
 */
final class KneeDetector {
    private KneeDetector() {
    }

    /**
     * Distance below the chord of every candidate (in normalised units, larger = sharper knee).
     *
     * @param ks           candidate K values, ascending, all >= 2
     * @param inertia      inertia per candidate
     * @param totalScatter the inertia at K = 1
     */
    static double[] scores(int[] ks, double[] inertia, double totalScatter) {
        int c = ks.length;
        double xFirst = 0;
        double xLast = Math.log(ks[c - 1]);
        double yFirst = totalScatter;
        double yLast = inertia[c - 1];
        double yMin = Math.min(yLast, totalScatter);
        double yMax = totalScatter;
        for (double v : inertia) {
            yMin = Math.min(yMin, v);
            yMax = Math.max(yMax, v);
        }
        double[] scores = new double[c];
        if (!(yMax > yMin) || !(xLast > xFirst)) {
            return scores;
        }
        double y0 = (yFirst - yMin) / (yMax - yMin);
        double y1 = (yLast - yMin) / (yMax - yMin);
        for (int i = 0; i < c; i++) {
            double x = Math.log(ks[i]) / xLast;
            double y = (inertia[i] - yMin) / (yMax - yMin);
            double chord = y0 + (y1 - y0) * x;
            scores[i] = chord - y;
        }
        return scores;
    }
}
