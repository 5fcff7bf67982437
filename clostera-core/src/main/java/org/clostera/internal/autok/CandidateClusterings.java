package org.clostera.internal.autok;

import java.util.ArrayList;
import java.util.List;

/**
 * The candidates of one analysis while it runs, ascending in K: each one's current clustering and scores, the
 * time spent on it, whether it has been refined, and whether it was added as a midpoint between two
 * candidates. Candidates can be inserted (midpoints); indices shift accordingly.
 */
final class CandidateClusterings {
    private final List<Integer> ks = new ArrayList<>();
    private final List<SampleClusterer.Fit> fits = new ArrayList<>();
    private final List<ClusterScores> scores = new ArrayList<>();
    private final List<Double> seconds = new ArrayList<>();
    private final List<Boolean> refined = new ArrayList<>();
    private final List<Boolean> midpoint = new ArrayList<>();

    /** Inserts candidate {@code k} (absent so far) in order; returns its index. */
    int add(int k, SampleClusterer.Fit fit, ClusterScores score, double spent, boolean isMidpoint) {
        int at = 0;
        while (at < ks.size() && ks.get(at) < k) {
            at++;
        }
        ks.add(at, k);
        fits.add(at, fit);
        scores.add(at, score);
        seconds.add(at, spent);
        refined.add(at, false);
        midpoint.add(at, isMidpoint);
        return at;
    }

    int size() {
        return ks.size();
    }

    int k(int i) {
        return ks.get(i);
    }

    boolean contains(int k) {
        return ks.contains(k);
    }

    int[] ks() {
        return ks.stream().mapToInt(Integer::intValue).toArray();
    }

    SampleClusterer.Fit fit(int i) {
        return fits.get(i);
    }

    ClusterScores scores(int i) {
        return scores.get(i);
    }

    List<ClusterScores> scores() {
        return scores;
    }

    double seconds(int i) {
        return seconds.get(i);
    }

    boolean refined(int i) {
        return refined.get(i);
    }

    boolean midpoint(int i) {
        return midpoint.get(i);
    }

    /** Whether each candidate, in order, was added as a midpoint. */
    boolean[] midpoints() {
        boolean[] out = new boolean[midpoint.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = midpoint.get(i);
        }
        return out;
    }

    /** Replaces candidate {@code i}'s clustering (another start), adding the time it took. */
    void replace(int i, SampleClusterer.Fit fit, ClusterScores score, double spent) {
        fits.set(i, fit);
        scores.set(i, score);
        seconds.set(i, seconds.get(i) + spent);
    }

    /** Replaces candidate {@code i}'s clustering by its refinement, adding the time it took. */
    void refine(int i, SampleClusterer.Fit fit, ClusterScores score, double spent) {
        fits.set(i, fit);
        scores.set(i, score);
        seconds.set(i, seconds.get(i) + spent);
        refined.set(i, true);
    }
}
