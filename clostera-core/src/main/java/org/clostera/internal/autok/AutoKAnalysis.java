package org.clostera.internal.autok;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.cluster.AutoKMethod;
import org.clostera.cluster.AutoKOptions;
import org.clostera.cluster.KSelection;
import org.clostera.data.CodeStore;
import org.clostera.data.HeapCodeStore;
import org.clostera.data.RowSampler;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic K selection on already-encoded codes: samples {@code autoKSampleRows} codes
 * deterministically, clusters the sample for every candidate K in code space with the same encoder
 * (never re-encoding) from nested greedy k-means++ seeds, scores each clustering with every
 * {@link AutoKMethod} in one pass, and picks K with the configured method. The selected candidate's
 * centers are returned too: they are a good start for the final clustering of all codes. Candidates run one after another, each using the whole worker pool, so
 * the result does not depend on the thread count as long as the clusterer and the scorer do not.
 */
public final class AutoKAnalysis {
    /** Progress stage name. */
    public static final String STAGE = "auto-k";

    private static final Logger LOG = LoggerFactory.getLogger(AutoKAnalysis.class);
    /** Keeps the scoring sample independent of other samples drawn with the same seed. */
    private static final long SAMPLE_SALT = 0x5A4D504C454B4155L;
    private static final long SEEDING_SALT = 0x2B7E151628AED2A6L;

    /**
     * The report and the selected candidate's centers ({@code selectedK x D}, coding space, fitted on the
     * sample).
     */
    public record Outcome(KSelection selection, float[] centers) {
    }

    private AutoKAnalysis() {
    }

    /**
     * Checks {@code options} against data of {@code rows} rows and returns the candidates; call before
     * any other work so bad parameters fail fast.
     */
    public static CandidateGenerator.Candidates validate(AutoKOptions options, long rows) {
        if (options == null) {
            throw new InvalidParameterException("auto-K options must not be null");
        }
        return CandidateGenerator.resolve(options, rows, sampleSize(options, rows));
    }

    /** Lloyd iterations allowed per candidate on the sample (at least; more if the caller allows more). */
    public static final int MIN_SAMPLE_ITERATIONS = 50;

    /**
     * The k-means options for the candidates on the sample: run until no label changes (tolerance 0) with
     * at least {@value #MIN_SAMPLE_ITERATIONS} iterations. In high dimensions the inertia is dominated by
     * the within-cluster spread, so a relative-inertia tolerance stops Lloyd while many points still move
     * between clusters, and a half-converged clustering misjudges its K. The sample is small, so
     * converging it fully stays cheap next to the final fit on all codes.
     */
    public static CodeSpaceKMeans.Options sampleOptions(CodeSpaceKMeans.Options options) {
        return options.withTolerance(0).withIterations(Math.max(options.iterations(), MIN_SAMPLE_ITERATIONS))
                .withProgressListener(ProgressListener.NONE);
    }

    private static int sampleSize(AutoKOptions options, long rows) {
        return (int) Math.min(rows, options.sampleRows());
    }

    /**
     * The rows (ascending) of the sample the candidates are clustered and scored on, for data of
     * {@code rows} rows and the analysis seed: the same rows {@link #run} reads, in the order of the
     * sample store it hands to the {@link SampleClusterer} (benchmarks use it to attach true labels).
     */
    public static long[] sampleRows(long rows, AutoKOptions options, long seed) {
        return RowSampler.sample(rows, sampleSize(options, rows), seed ^ SAMPLE_SALT);
    }

    /**
     * Runs the analysis.
     *
     * @param codes     all codes (only a sample is read)
     * @param encoder   the trained encoder whose codebooks define the code space
     * @param options   auto-K options
     * @param clusterer code-space k-means for one candidate on the sample
     * @param seed      seed of the sample and of the k-means++ seeds
     * @param pool      workers for scoring (and, through {@code clusterer}, for clustering)
     * @param listener  progress: stage {@value #STAGE}, one unit per candidate
     */
    public static Outcome run(CodeStore codes, Encoder encoder, AutoKOptions options, SampleClusterer clusterer,
                                 long seed, WorkerPool pool, ProgressListener listener) {
        return run(codes, encoder, options, clusterer, seed, pool, listener, false);
    }

    /**
     * {@link #run(CodeStore, Encoder, AutoKOptions, SampleClusterer, long, WorkerPool, ProgressListener)}, with
     * {@code neighbourStarts} (an experiment, off in the library): every candidate is also clustered from its
     * neighbours' clusterings, grown from the next smaller candidate's centers by that candidate's extra nested
     * seeds and merged down (Ward) from the next larger one's, and the clustering that scores best under the
     * configured method (the lowest inertia for the elbow) is kept.
     */
    public static Outcome run(CodeStore codes, Encoder encoder, AutoKOptions options, SampleClusterer clusterer,
                              long seed, WorkerPool pool, ProgressListener listener, boolean neighbourStarts) {
        long start = System.nanoTime();
        if (codes.codeBytes() != encoder.subquantizers()) {
            throw new InvalidParameterException("codes have " + codes.codeBytes() + " bytes per row but the encoder has M = "
                    + encoder.subquantizers() + " subquantizers");
        }
        CandidateGenerator.Candidates candidates = validate(options, codes.rows());
        int[] ks = candidates.ks();
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        progress.onStageStart(STAGE, ks.length);

        int n = sampleSize(options, codes.rows());
        byte[] sample = readSample(codes, sampleRows(codes.rows(), options, seed));
        HeapCodeStore sampleStore = HeapCodeStore.copyOf(sample, codes.codeBytes());
        CodeSpaceGeometry geometry = new CodeSpaceGeometry(encoder);
        CodeSpaceScorer scorer = new CodeSpaceScorer(geometry, sample, n);
        double totalScatter = scorer.sumSquaresTo(geometry.meanReconstruction(sample, n), pool) / n;
        int largest = ks[ks.length - 1];
        float[] seeds = KMeansPlusPlusSeeding.seed(geometry, sample, n, largest, 2 + (int) Math.log(largest),
                seed ^ SEEDING_SALT, pool);
        float[][] centers = new float[ks.length][];

        List<ClusterScores> scores = new ArrayList<>(ks.length);
        int[] iterations = new int[ks.length];
        double[] seconds = new double[ks.length];
        for (int i = 0; i < ks.length; i++) {
            long candidateStart = System.nanoTime();
            SampleClusterer.Fit fit = clusterer.cluster(sampleStore, ks[i],
                    java.util.Arrays.copyOf(seeds, ks[i] * geometry.dim()));
            centers[i] = fit.centers();
            scores.add(scorer.score(fit.centers(), ks[i], pool));
            iterations[i] = fit.iterations();
            if (neighbourStarts && i > 0) {
                int dim = geometry.dim();
                float[] grown = java.util.Arrays.copyOf(centers[i - 1], ks[i] * dim);
                System.arraycopy(seeds, ks[i - 1] * dim, grown, ks[i - 1] * dim, (ks[i] - ks[i - 1]) * dim);
                SampleClusterer.Fit other = clusterer.cluster(sampleStore, ks[i], grown);
                ClusterScores otherScores = scorer.score(other.centers(), ks[i], pool);
                if (preferred(options.method(), otherScores, scores.get(i))) {
                    centers[i] = other.centers();
                    scores.set(i, otherScores);
                    iterations[i] = other.iterations();
                }
            }
            seconds[i] = (System.nanoTime() - candidateStart) / 1e9;
            progress.onProgress(STAGE, i + 1, ks.length);
            LOG.debug("auto-K candidate K={}: {} ({} iterations, {} s)", ks[i], scores.get(i), iterations[i],
                    seconds[i]);
        }

        if (neighbourStarts) {
            for (int i = ks.length - 2; i >= 0; i--) {
                long candidateStart = System.nanoTime();
                float[] merged = WardMerge.mergeTo(centers[i + 1], scores.get(i + 1).counts(), ks[i], geometry.dim());
                SampleClusterer.Fit other = clusterer.cluster(sampleStore, ks[i], merged);
                ClusterScores otherScores = scorer.score(other.centers(), ks[i], pool);
                if (preferred(options.method(), otherScores, scores.get(i))) {
                    centers[i] = other.centers();
                    scores.set(i, otherScores);
                    iterations[i] = other.iterations();
                }
                seconds[i] += (System.nanoTime() - candidateStart) / 1e9;
            }
        }
        Map<AutoKMethod, double[]> byMethod = methodScores(ks, scores, totalScatter);
        double[] silhouetteErrors = scores.stream().mapToDouble(ClusterScores::silhouetteStandardError).toArray();
        Map<AutoKMethod, Integer> selectedIndex = new EnumMap<>(AutoKMethod.class);
        for (AutoKMethod method : AutoKMethod.values()) {
            selectedIndex.put(method, method == AutoKMethod.CENTROID_SILHOUETTE
                    ? SelectionRules.selectWithinOneStandardError(byMethod.get(method), silhouetteErrors)
                    : SelectionRules.select(method, byMethod.get(method)));
        }
        Map<AutoKMethod, Integer> selected = new EnumMap<>(AutoKMethod.class);
        selectedIndex.forEach((method, index) -> selected.put(method, ks[index]));
        int chosen = selectedIndex.get(options.method());
        List<KSelection.Candidate> report = new ArrayList<>(ks.length);
        for (int i = 0; i < ks.length; i++) {
            Map<AutoKMethod, Double> candidateScores = new EnumMap<>(AutoKMethod.class);
            for (AutoKMethod method : AutoKMethod.values()) {
                candidateScores.put(method, byMethod.get(method)[i]);
            }
            report.add(new KSelection.Candidate(ks[i], scores.get(i).inertia(), iterations[i], seconds[i],
                    candidateScores, silhouetteErrors[i]));
        }
        progress.onStageEnd(STAGE);
        KSelection selection = new KSelection(options.method(), ks[chosen], candidates.source(),
                n, codes.rows(), totalScatter, report, selected, (System.nanoTime() - start) / 1e9);
        LOG.info("auto-K: selected K={} by {} from {} candidates on {} sampled codes in {} s (by method: {})",
                selection.selectedK(), options.method().key(), ks.length, n,
                String.format(java.util.Locale.ROOT, "%.3f", selection.seconds()), selected);
        return new Outcome(selection, centers[chosen]);
    }

    /** Whether {@code a} is a better clustering than {@code b} under {@code method} (elbow: lower inertia). */
    static boolean preferred(AutoKMethod method, ClusterScores a, ClusterScores b) {
        return switch (method) {
            case CENTROID_SILHOUETTE -> a.centroidSilhouette() > b.centroidSilhouette();
            case DAVIES_BOULDIN -> a.daviesBouldin() < b.daviesBouldin();
            case ELBOW -> a.sumSquares() < b.sumSquares();
            case BIC -> a.bic() > b.bic();
        };
    }

    /** Every method's score per candidate. */
    static Map<AutoKMethod, double[]> methodScores(int[] ks, List<ClusterScores> scores, double totalScatter) {
        int c = ks.length;
        double[] silhouette = new double[c];
        double[] daviesBouldin = new double[c];
        double[] bic = new double[c];
        double[] inertia = new double[c];
        for (int i = 0; i < c; i++) {
            ClusterScores s = scores.get(i);
            silhouette[i] = s.centroidSilhouette();
            daviesBouldin[i] = s.daviesBouldin();
            bic[i] = s.bic();
            inertia[i] = s.inertia();
        }
        Map<AutoKMethod, double[]> byMethod = new EnumMap<>(AutoKMethod.class);
        byMethod.put(AutoKMethod.CENTROID_SILHOUETTE, silhouette);
        byMethod.put(AutoKMethod.DAVIES_BOULDIN, daviesBouldin);
        byMethod.put(AutoKMethod.ELBOW, KneeDetector.scores(ks, inertia, totalScatter));
        byMethod.put(AutoKMethod.BIC, bic);
        return byMethod;
    }

    /** Reads sorted rows, one store read per run of consecutive rows. */
    static byte[] readSample(CodeStore codes, long[] rows) {
        int m = codes.codeBytes();
        byte[] out = new byte[Math.multiplyExact(rows.length, m)];
        int i = 0;
        while (i < rows.length) {
            int j = i + 1;
            while (j < rows.length && rows[j] == rows[j - 1] + 1 && j - i < 65536) {
                j++;
            }
            codes.read(rows[i], j - i, out, i * m);
            i = j;
        }
        return out;
    }
}
