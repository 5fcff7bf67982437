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
                .append(String.format(Locale.ROOT, " (seeding %.2f s, %d iterations, %.1f ms each)",
                        t.seedingSeconds(), r.iterationsRun(), r.clusterMsPerIteration()));
        out.println(stages);
        out.println(String.format(Locale.ROOT, "  final inertia %.6g, reconstruction MSE %.6g per dimension (%,d sampled rows)",
                r.finalInertia(), r.reconstructionMse(), r.reconstructionSampleRows()));
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }
}
