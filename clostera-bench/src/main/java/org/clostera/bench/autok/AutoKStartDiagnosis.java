package org.clostera.bench.autok;

import java.util.List;
import java.util.Locale;
import org.clostera.ProgressListener;
import org.clostera.cluster.AutoKMethod;
import org.clostera.cluster.AutoKOptions;
import org.clostera.cluster.KSelection;
import org.clostera.data.HeapCodeStore;
import org.clostera.internal.autok.AutoKAnalysis;
import org.clostera.internal.autok.SampleClusterer;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;

/**
 * Diagnosis of the auto-K misses on the {@code sweep} suite: does a better start of the candidate
 * clusterings change the selected K? Runs the default analysis on the given cases with the candidates
 * on the sample started three ways:
 * <ul>
 *   <li>{@code nested}: the shipped nested greedy k-means++ seeds;</li>
 *   <li>{@code restarts<r>}: the engine's own seeding of the full fit on the sample, for every candidate:
 *       {@code r} k-means++ restarts, the lowest sample inertia kept, then the split/merge repair;</li>
 *   <li>{@code oracle}: the true K started from the true clusters' means (the other candidates nested),
 *       which shows what the silhouette says when the true K's clustering is in the right basin.</li>
 * </ul>
 * Prints per mode the selection and, per candidate, the centroid silhouette and the sample inertia.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp clostera-bench/target/benchmarks.jar \
 *     org.clostera.bench.autok.AutoKStartDiagnosis 16,3,5,21 nested,restarts3,oracle
 * </pre>
 */
public final class AutoKStartDiagnosis {
    private AutoKStartDiagnosis() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: AutoKStartDiagnosis <case indices of the sweep suite, e.g. 16,3> "
                    + "<modes: nested,restarts<r>,oracle>");
            System.exit(2);
        }
        List<SweepCase> cases = SweepCase.standard(24000);
        int threads = Runtime.getRuntime().availableProcessors();
        for (String index : args[0].split(",")) {
            SweepCase c = cases.get(Integer.parseInt(index.trim()));
            LabeledData data = c.dataset();
            PQEncoder encoder = PQEncoder.builder().codebookSize(AutoKSweep.CODEBOOK_SIZE)
                    .trainRows(AutoKSweep.ENCODER_TRAIN_ROWS).iterations(AutoKSweep.ENCODER_ITERATIONS).seed(c.seed())
                    .threads(threads).fit(data.source());
            HeapCodeStore codes = new HeapCodeStore(data.source().rows(), encoder.subquantizers());
            encoder.encode(data.source(), codes, ProgressListener.NONE);
            float[] oracle = trueMeans(data, encoder, codes);
            CodeSpaceKMeans.Options sampleOptions = AutoKAnalysis.sampleOptions(
                    CodeSpaceKMeans.Options.defaults().withSeed(c.seed()));
            try (WorkerPool pool = new WorkerPool(threads)) {
                for (String mode : args[1].split(",")) {
                    SampleClusterer clusterer = (sample, k, seeds) -> {
                        CodeSpaceKMeans.Result r;
                        if (mode.startsWith("restarts")) {
                            int restarts = Integer.parseInt(mode.substring("restarts".length()));
                            r = CodeSpaceKMeans.run(sample, encoder, k, null,
                                    sampleOptions.withSeedingRestarts(restarts), pool);
                        } else if (mode.equals("oracle") || mode.equals("nested")) {
                            float[] start = mode.equals("oracle") && k == data.k() ? oracle : seeds;
                            r = CodeSpaceKMeans.run(sample, encoder, k, start, sampleOptions, pool);
                        } else {
                            throw new IllegalArgumentException("unknown mode " + mode);
                        }
                        return new SampleClusterer.Fit(r.centers(), r.iterationsRun());
                    };
                    long start = System.nanoTime();
                    KSelection s = AutoKAnalysis.run(codes, encoder, AutoKOptions.defaults(), clusterer, c.seed(), pool,
                            ProgressListener.NONE).selection();
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                            "%-22s %-10s %6.2f s  silhouette K=%-3d elbow K=%-3d | K:silhouette/inertia", c.name(), mode,
                            (System.nanoTime() - start) / 1e9, s.selectedK(), s.selectedK(AutoKMethod.ELBOW)));
                    double[] silhouette = s.scores(AutoKMethod.CENTROID_SILHOUETTE);
                    for (int i = 0; i < silhouette.length; i++) {
                        line.append(String.format(Locale.ROOT, " %d:%.4f/%.4g", s.candidateKs()[i], silhouette[i],
                                s.candidates().get(i).inertia()));
                    }
                    System.out.println(line);
                }
            }
        }
    }

    /** The mean of the decoded codes of every true cluster ({@code K x D}, coding space). */
    private static float[] trueMeans(LabeledData data, PQEncoder encoder, HeapCodeStore codes) {
        int rows = (int) data.source().rows();
        int dim = encoder.dim();
        int m = encoder.subquantizers();
        int k = data.k();
        double[] sums = new double[k * dim];
        long[] counts = new long[k];
        byte[] buffer = new byte[rows * m];
        codes.read(0, rows, buffer, 0);
        float[] decoded = encoder.decode(buffer, rows);
        for (int i = 0; i < rows; i++) {
            int label = data.label(i);
            counts[label]++;
            for (int j = 0; j < dim; j++) {
                sums[label * dim + j] += decoded[i * dim + j];
            }
        }
        float[] means = new float[k * dim];
        for (int i = 0; i < means.length; i++) {
            means[i] = (float) (sums[i] / Math.max(1, counts[i / dim]));
        }
        return means;
    }
}
