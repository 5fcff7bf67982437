package org.clostera.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The short human summary of a clustering run printed on stdout. */
final class Summary {
    private Summary() {
    }

    static void print(PrintWriter out, ClusterReport r) {
        ClusterReport.Timings t = r.timings();
        out.println(String.format(Locale.ROOT, "clustered %,d x %d into %d clusters in %.2f s (%s, M=%d, Ks=%d, %d threads, kernels %s)",
                r.rows(), r.dim(), r.k(), t.totalSeconds(), r.mode(), r.subquantizers(), r.codebookSize(),
                r.threads(), r.kernels()));
        String selection = kSelection(r);
        if (selection != null) {
            out.println("  " + selection);
        }
        StringBuilder stages = new StringBuilder("  train ").append(seconds(t.trainSeconds()));
        if (t.rotationSeconds() != null) {
            stages.append(" (rotation ").append(seconds(t.rotationSeconds())).append(')');
        }
        stages.append(", encode ").append(seconds(t.encodeSeconds()))
                .append(String.format(Locale.ROOT, " (%,.0f vectors/s)", r.encodeVectorsPerSecond()))
                .append(", cluster ").append(seconds(t.clusterSeconds()))
                .append(" (");
        if (t.autoKSeconds() != null) {
            stages.append(String.format(Locale.ROOT, "auto-K %.2f s, ", t.autoKSeconds()));
        }
        stages.append(String.format(Locale.ROOT, "seeding %.2f s, %d iterations, %.1f ms each%s)",
                t.seedingSeconds(), r.iterationsRun(), r.clusterMsPerIteration(),
                prunedShare(r.prunedFractionHistory())));
        out.println(stages);
        out.println(String.format(Locale.ROOT, "  final inertia %.6g, reconstruction MSE %.6g per dimension (%,d sampled rows)",
                r.finalInertia(), r.reconstructionMse(), r.reconstructionSampleRows()));
    }

    /**
     * "K = 24 selected by centroid silhouette from 4..128 (12 candidates on 16,384 sampled rows)" for a
     * {@code --k auto} run, null when K was given.
     */
    static String kSelection(ClusterReport r) {
        Map<String, Object> selection = r.kSelection();
        if (selection == null || r.selectedK() == null) {
            return null;
        }
        List<?> candidates = selection.get("candidates") instanceof List<?> list ? list : List.of();
        String method = String.valueOf(selection.get("method")).replace('_', ' ');
        String range = candidates.isEmpty() ? "" : " from " + candidates.get(0) + ".." + candidates.get(candidates.size() - 1);
        Object sampleRows = selection.get("sample_rows");
        return String.format(Locale.ROOT, "K = %d selected by %s%s (%d candidates on %,d sampled rows)",
                r.selectedK(), method, range, candidates.size(),
                sampleRows instanceof Number n ? n.longValue() : 0L);
    }

    /** ", 87% of distances pruned": the share skipped over the iterations after the first pass, or "". */
    private static String prunedShare(double[] history) {
        if (history == null || history.length < 2) {
            return "";
        }
        double sum = 0;
        for (int i = 1; i < history.length; i++) {
            sum += history[i];
        }
        double share = sum / (history.length - 1);
        // One decimal near the ends: the 8-bit pre-filter skips all but a few tenths of a percent at large K.
        String format = share < 0.995 && share >= 0.005
                ? ", %.0f%% of distances pruned" : ", %.1f%% of distances pruned";
        return share > 0 ? String.format(Locale.ROOT, format, 100 * share) : "";
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }
}
