package org.clostera.bench.suite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a suite run would do, as text ({@code BenchmarkSuite --dry-run}): every dataset with its size and the heap
 * its rows and the dense peers need, every sweep's arguments. A big preset can so be checked on a small machine.
 */
final class SuitePlan {
    /** Bytes per value of Tribuo's copy of the rows: its examples' names and doubles, then a dense vector. */
    private static final long TRIBUO_BYTES_PER_VALUE = 24;

    private SuitePlan() {
    }

    static String describe(SuitePreset preset, Path dir, int threads, List<String> sections, List<Path> realData) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "suite plan: preset %s, %d threads, results in %s, heap %,d MiB%n",
                preset.name(), threads, dir, Runtime.getRuntime().maxMemory() >> 20));
        long largest = 0;
        for (String section : sections) {
            t.append(section).append(":\n");
            switch (section) {
                case "datasets" -> {
                    for (SuiteDataset d : preset.datasets()) {
                        long values = (long) d.rows() * d.dim();
                        long denseValues = (long) Math.min(d.rows(), preset.denseMaxRows()) * d.dim();
                        long bytes = values * Float.BYTES + denseValues * TRIBUO_BYTES_PER_VALUE;
                        largest = Math.max(largest, bytes);
                        t.append(String.format(Locale.ROOT, "  %s: %,d x %d, K %d, M %d, Ks %d; dense peers on %,d"
                                        + " rows; ~%,d MiB for the rows and Tribuo's copy%n", d.name(), d.rows(),
                                d.dim(), d.k(), d.subquantizers(), d.codebookSize(),
                                Math.min(d.rows(), preset.denseMaxRows()), bytes >> 20));
                    }
                    for (Path folder : realData) {
                        t.append("  real: ").append(folder)
                                .append(Files.isDirectory(folder) ? "" : " (absent: skipped)").append('\n');
                    }
                }
                case "quality-sweep" -> t.append("  QualitySweep ").append(String.join(" ", preset.qualitySweepArgs()))
                        .append('\n');
                case "toy" -> t.append(String.format(Locale.ROOT, "  %,d 2-D points%n", preset.toyRows()));
                case "k-sweep" -> preset.kSweeps().forEach(a -> t.append("  KSweep ").append(String.join(" ", a))
                        .append('\n'));
                case "n-sweep" -> t.append("  PipelineBenchmark ").append(String.join(" ", preset.nSweepArgs()))
                        .append(" at --rows ").append(preset.nSweepRows()).append('\n');
                case "auto-k" -> t.append("  AutoKSweep ").append(String.join(" ", preset.autoKArgs())).append('\n');
                case "kernels" -> t.append(preset.jmhArgs().isEmpty() ? "  (none)\n"
                        : "  JMH " + String.join(" ", preset.jmhArgs()) + "\n");
                default -> throw new IllegalArgumentException("unknown section " + section);
            }
        }
        if (largest > Runtime.getRuntime().maxMemory()) {
            t.append(String.format(Locale.ROOT, "warning: the largest dataset needs ~%,d MiB, more than this heap:"
                    + " set HEAP (suite.sh) or -Xmx%n", largest >> 20));
        }
        return t.toString();
    }
}
