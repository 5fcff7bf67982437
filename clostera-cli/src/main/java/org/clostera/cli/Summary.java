package org.clostera.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** The short human summary of a clustering run printed on stdout. */
final class Summary {
    private Summary() {
    }

    static void print(PrintWriter out, ClusterReport r) {
        ClusterReport.Timings t = r.timings();
        out.println(String.format(Locale.ROOT, "clustered %,d x %d into %d clusters in %.2f s (%s, M=%d, Ks=%d, %d threads, kernels %s)",
                r.rows(), r.dim(), r.k(), t.totalSeconds(), r.mode(), r.subquantizers(), r.codebookSize(),
                r.threads(), r.kernels()));
        StringBuilder stages = new StringBuilder("  train ").append(seconds(t.trainSeconds()));
        if (t.rotationSeconds() != null) {
            stages.append(" (rotation ").append(seconds(t.rotationSeconds())).append(')');
        }
        stages.append(", encode ").append(seconds(t.encodeSeconds()))
                .append(String.format(Locale.ROOT, " (%,.0f vectors/s)", r.encodeVectorsPerSecond()))
                .append(", cluster ").append(seconds(t.clusterSeconds()))
                .append(String.format(Locale.ROOT, " (seeding %.2f s, %d iterations, %.1f ms each%s)",
                        t.seedingSeconds(), r.iterationsRun(), r.clusterMsPerIteration(),
                        prunedShare(r.prunedFractionHistory())));
        out.println(stages);
        out.println(String.format(Locale.ROOT, "  final inertia %.6g, reconstruction MSE %.6g per dimension (%,d sampled rows)",
                r.finalInertia(), r.reconstructionMse(), r.reconstructionSampleRows()));
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
        return share > 0 ? String.format(Locale.ROOT, ", %.0f%% of distances pruned", 100 * share) : "";
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }
}
