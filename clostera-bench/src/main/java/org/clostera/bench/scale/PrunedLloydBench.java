package org.clostera.bench.scale;

import static org.clostera.bench.BenchSupport.processCpuNanos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.clostera.ProgressListener;
import org.clostera.data.HeapCodeStore;
import org.clostera.data.RamBudget;
import org.clostera.data.VectorSource;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.io.BudgetedSources;
import org.clostera.io.OpenOptions;
import org.clostera.quantize.PQEncoder;

/**
 * Lloyd iterations of code-space k-means with and without pruned assignment, in one JVM, from the same
 * initial centers (decoded codes of evenly spaced rows, so seeding is not timed), refinement off. Prints one
 * JSON line per run: per-iteration seconds (from the progress listener), the whole Lloyd run, labels equal
 * to the unpruned run or not (null when there is no full-length unpruned run to compare), process CPU
 * seconds (the steadier figure on a shared machine), and the skipped fraction per iteration.
 *
 * <pre>
 * PrunedLloydBench INPUT.npy --k K[,K...] [--m 16] [--ks 256] [--threads 2] [--iterations 20]
 *                  [--unpruned-iterations N] [--repeats 1] [--rows N] [--pruned-only]
 * </pre>
 * {@code --unpruned-iterations} caps the (slow) full-scan runs; per-iteration times stay comparable.
 * {@code --rows} clusters only the first N codes (the encoder is trained and applied on all rows).
 */
public final class PrunedLloydBench {
    private PrunedLloydBench() {
    }

    public static void main(String[] args) {
        Path input = Path.of(args[0]);
        int[] ks = {1024};
        int m = 16;
        int codebook = 256;
        int threads = 2;
        int iterations = 20;
        int unprunedIterations = 20;
        int repeats = 1;
        long rows = Long.MAX_VALUE;
        boolean[] modes = {false, true};
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--k" -> ks = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--m" -> m = Integer.parseInt(args[++i]);
                case "--ks" -> codebook = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--unpruned-iterations" -> unprunedIterations = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--rows" -> rows = Long.parseLong(args[++i]);
                case "--pruned-only" -> modes = new boolean[] {true};
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long start = System.nanoTime();
        PQEncoder encoder;
        HeapCodeStore codes;
        try (VectorSource source = BudgetedSources.open(input, OpenOptions.defaults(), RamBudget.UNLIMITED)) {
            encoder = PQEncoder.builder().subquantizers(m).codebookSize(codebook).seed(0).threads(threads)
                    .fit(source);
            codes = new HeapCodeStore(source.rows(), m);
            encoder.encode(source, codes, ProgressListener.NONE);
        }
        if (rows < codes.rows()) {
            byte[] first = new byte[Math.toIntExact(rows * m)];
            codes.read(0, (int) rows, first, 0);
            codes = HeapCodeStore.copyOf(first, m);
        }
        System.err.printf(Locale.ROOT, "encoded %d rows in %.1f s%n", codes.rows(), (System.nanoTime() - start) / 1e9);
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (int repeat = 0; repeat < repeats; repeat++) {
                for (int k : ks) {
                    float[] seeds = evenlySpacedCodes(encoder, codes, k);
                    int[] reference = null;
                    for (boolean pruning : modes) {
                        int cap = pruning ? iterations : Math.min(iterations, unprunedIterations);
                        CodeSpaceKMeans.Options options = CodeSpaceKMeans.Options.defaults().withIterations(cap)
                                .withTolerance(0).withRefinement(false).withPruning(pruning);
                        List<Long> stamps = new ArrayList<>();
                        List<Long> cpuStamps = new ArrayList<>();
                        options = options.withProgressListener(new ProgressListener() {
                            @Override
                            public void onProgress(String stage, long done, long total) {
                                stamps.add(System.nanoTime());
                                cpuStamps.add(processCpuNanos());
                            }
                        });
                        long t0 = System.nanoTime();
                        long cpu0 = processCpuNanos();
                        CodeSpaceKMeans.Result r = CodeSpaceKMeans.run(codes, encoder, k, seeds, options, pool);
                        long t1 = System.nanoTime();
                        long cpu1 = processCpuNanos();
                        double[] perIteration = new double[stamps.size()];
                        double[] cpuPerIteration = new double[stamps.size()];
                        for (int i = 0; i < perIteration.length; i++) {
                            perIteration[i] = (stamps.get(i) - (i == 0 ? t0 : stamps.get(i - 1))) / 1e9;
                            cpuPerIteration[i] = (cpuStamps.get(i) - (i == 0 ? cpu0 : cpuStamps.get(i - 1))) / 1e9;
                        }
                        String same = pruning && reference != null ? String.valueOf(Arrays.equals(reference, r.labels()))
                                : "null";
                        if (!pruning && cap == iterations) {
                            reference = r.labels();
                        }
                        System.out.printf(Locale.ROOT, "{\"rows\": %d, \"k\": %d, \"m\": %d, \"ks\": %d, \"threads\": %d,"
                                        + " \"pruning\": %b, \"iterations\": %d, \"lloyd_s\": %.3f,"
                                        + " \"first_pass_and_update_s\": %.3f, \"median_iteration_s\": %.3f,"
                                        + " \"lloyd_cpu_s\": %.3f, \"median_iteration_cpu_s\": %.3f,"
                                        + " \"iteration_s\": %s, \"iteration_cpu_s\": %s, \"pruned_fraction\": %s,"
                                        + " \"final_inertia\": %.6e, \"labels_equal_unpruned\": %s}%n",
                                codes.rows(), k, m, codebook, threads, pruning, r.iterationsRun(), (t1 - t0) / 1e9,
                                perIteration.length > 0 ? perIteration[0] : 0.0, median(perIteration, 1),
                                (cpu1 - cpu0) / 1e9, median(cpuPerIteration, 1),
                                format(perIteration, "%.3f"), format(cpuPerIteration, "%.3f"), format(r.prunedFractionHistory(), "%.4f"), r.inertia(),
                                same);
                    }
                }
            }
        }
    }

    /** Decoded codes of rows {@code i * N / k}: the same initial centers for both runs. */
    private static float[] evenlySpacedCodes(PQEncoder encoder, HeapCodeStore codes, int k) {
        int m = encoder.subquantizers();
        int dim = encoder.dim();
        byte[] code = new byte[m];
        float[] centers = new float[k * dim];
        for (int c = 0; c < k; c++) {
            codes.read(c * codes.rows() / k, 1, code, 0);
            for (int s = 0; s < m; s++) {
                float[] book = encoder.codebook(s);
                int width = encoder.layout().width(s);
                System.arraycopy(book, (code[s] & 0xFF) * width, centers, c * dim + encoder.layout().offset(s), width);
            }
        }
        return centers;
    }

    /** Median of {@code values[from..]} (the first iteration also pays the initial full pass). */
    private static double median(double[] values, int from) {
        if (values.length <= from) {
            return values.length == 0 ? 0 : values[0];
        }
        double[] sorted = Arrays.copyOfRange(values, from, values.length);
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String format(double[] values, String pattern) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, pattern, values[i]));
        }
        return b.append(']').toString();
    }
}
