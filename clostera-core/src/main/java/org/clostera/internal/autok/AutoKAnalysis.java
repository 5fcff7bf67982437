package org.clostera.internal.autok;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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
     * How hard the analysis searches each candidate.
     *
     * @param neighbourStarts before the refinement, every candidate is also clustered (Lloyd) from its
     *                        neighbours' clusterings, grown from the next smaller candidate's centers by its
     *                        extra nested seeds and merged down (Ward) from the next larger one's; the start
     *                        that scores best under the configured method (the lowest inertia for the elbow)
     *                        is kept
     * @param refineAll       refine every candidate, not only the contenders (benchmarks: the strongest
     *                        k-means candidate at every K)
     * @param midpoints       with template candidates, once the selection settles on a template value, also
     *                        score the midpoints between it and its template neighbours (5 next to 4 and 6, 20
     *                        next to 16 and 24), and select again
     * @param midpointRule    how midpoints are selected (with {@code midpoints}; see {@link MidpointRule})
     */
    public record Search(boolean neighbourStarts, boolean refineAll, boolean midpoints, MidpointRule midpointRule) {
        /**
         * What the library runs: the contenders refined, no neighbour starts, and the midpoint above the template
         * pick scored, replacing it only when strictly better ({@link MidpointRule#STRICTLY_BETTER_ABOVE}: on the
         * 48 hard datasets exact 5 -> 7 and every changed pick closer to the true K; on AutoKSweep the same exact
         * counts, mean error 1.42 -> 1.08; see AUTOK.md "Strict midpoints").
         */
        public static final Search DEFAULT = new Search(false, false, true, MidpointRule.STRICTLY_BETTER_ABOVE);

        public Search {
            if (midpointRule == null) {
                throw new IllegalArgumentException("midpointRule must not be null");
            }
            if (midpointRule != MidpointRule.SELECTION_RULE && !midpoints) {
                throw new IllegalArgumentException("midpointRule " + midpointRule + " needs midpoints");
            }
        }

        /** A search whose midpoints, if any, take part in the selection rule like template candidates. */
        public Search(boolean neighbourStarts, boolean refineAll, boolean midpoints) {
            this(neighbourStarts, refineAll, midpoints, MidpointRule.SELECTION_RULE);
        }
    }

    /** How the midpoints next to a template pick compete with it. */
    public enum MidpointRule {
        /** Midpoints join the candidates and the method's rule (the one-standard-error rule) selects among all. */
        SELECTION_RULE,
        /**
         * The method's rule selects among the template candidates only; a midpoint next to that pick replaces it
         * only when its raw score is strictly better (no one-standard-error allowance), so a midpoint within one
         * standard error below a larger pick does not win.
         */
        STRICTLY_BETTER,
        /** As {@link #STRICTLY_BETTER}, with only the midpoint above the pick (the silhouette tends to pick low). */
        STRICTLY_BETTER_ABOVE;

        boolean strict() {
            return this != SELECTION_RULE;
        }
    }

    /**
     * Runs the analysis with the library's {@link Search#DEFAULT} search.
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
        return run(codes, encoder, options, clusterer, seed, pool, listener, Search.DEFAULT);
    }

    /**
     * {@link #run(CodeStore, Encoder, AutoKOptions, SampleClusterer, long, WorkerPool, ProgressListener)} with
     * the given {@code search}.
     *
     * <p>Every candidate is clustered by Lloyd from its nested seeds and scored. The refinement
     * ({@link SampleClusterer#refine}, the expensive step) then runs only on the <em>contenders</em>: the
     * candidate the configured method selects, the best-scoring one, and their {@value #CONTENDER_REACH}
     * nearest neighbours on each side in the candidate list. Refining a candidate changes its score, so the
     * contenders are recomputed until all of them are refined; a candidate far from the pick is left as Lloyd found it, since refining it would not move the
     * selection unless it overtook every refined candidate near the pick.
     */
    public static Outcome run(CodeStore codes, Encoder encoder, AutoKOptions options, SampleClusterer clusterer,
                              long seed, WorkerPool pool, ProgressListener listener, Search search) {
        long start = System.nanoTime();
        if (codes.codeBytes() != encoder.subquantizers()) {
            throw new InvalidParameterException("codes have " + codes.codeBytes() + " bytes per row but the encoder has M = "
                    + encoder.subquantizers() + " subquantizers");
        }
        CandidateGenerator.Candidates candidates = validate(options, codes.rows());
        int[] template = candidates.ks();
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        progress.onStageStart(STAGE, template.length);

        int n = sampleSize(options, codes.rows());
        byte[] sample = readSample(codes, sampleRows(codes.rows(), options, seed));
        HeapCodeStore sampleStore = HeapCodeStore.copyOf(sample, codes.codeBytes());
        CodeSpaceGeometry geometry = new CodeSpaceGeometry(encoder);
        int dim = geometry.dim();
        CodeSpaceScorer scorer = new CodeSpaceScorer(geometry, sample, n);
        double totalScatter = scorer.sumSquaresTo(geometry.meanReconstruction(sample, n), pool) / n;
        int largest = template[template.length - 1];
        float[] seeds = KMeansPlusPlusSeeding.seed(geometry, sample, n, largest, 2 + (int) Math.log(largest),
                seed ^ SEEDING_SALT, pool);

        CandidateClusterings all = new CandidateClusterings();
        for (int i = 0; i < template.length; i++) {
            long candidateStart = System.nanoTime();
            SampleClusterer.Fit fit = clusterer.cluster(sampleStore, template[i],
                    Arrays.copyOf(seeds, template[i] * dim));
            ClusterScores score = scorer.score(fit.centers(), template[i], pool);
            all.add(template[i], fit, score, (System.nanoTime() - candidateStart) / 1e9, false);
            progress.onProgress(STAGE, i + 1, template.length);
            LOG.debug("auto-K candidate K={}: {} ({} iterations)", template[i], score, fit.iterations());
        }

        if (search.neighbourStarts()) {
            neighbourStarts(all, clusterer, sampleStore, scorer, seeds, dim, options.method(), pool);
        }
        boolean midpoints = search.midpoints() && "template".equals(candidates.source());
        MidpointRule rule = midpoints ? search.midpointRule() : MidpointRule.SELECTION_RULE;
        int refinedCount = 0;
        while (true) {
            int[] ks = all.ks();
            boolean[] wanted = search.refineAll() ? filled(ks.length)
                    : contenders(options.method(), ks, all.scores(), totalScatter, all.midpoints(), rule);
            int todo = 0;
            for (int i = 0; i < ks.length; i++) {
                if (wanted[i] && !all.refined(i)) {
                    todo++;
                    refinedCount++;
                    refine(all, i, clusterer, sampleStore, scorer, pool);
                }
            }
            if (todo == 0 && midpoints) {
                int pick = rule.strict() ? templatePick(options.method(), ks, all.scores(), totalScatter,
                        all.midpoints()) : selectedIndex(options.method(), ks, all.scores(), totalScatter);
                todo = addMidpoints(all, template, pick, rule != MidpointRule.STRICTLY_BETTER_ABOVE, clusterer,
                        sampleStore, scorer, seeds, dim, pool);
            }
            if (todo == 0) {
                break;
            }
        }
        int[] ks = all.ks();
        int c = ks.length;
        List<ClusterScores> scores = all.scores();

        Map<AutoKMethod, double[]> byMethod = methodScores(ks, scores, totalScatter);
        double[] silhouetteErrors = scores.stream().mapToDouble(ClusterScores::silhouetteStandardError).toArray();
        Map<AutoKMethod, Integer> selectedIndex = new EnumMap<>(AutoKMethod.class);
        boolean[] isMidpoint = all.midpoints();
        for (AutoKMethod method : AutoKMethod.values()) {
            selectedIndex.put(method, selectIndex(method, byMethod.get(method), silhouetteErrors, isMidpoint, rule));
        }
        Map<AutoKMethod, Integer> selected = new EnumMap<>(AutoKMethod.class);
        selectedIndex.forEach((method, index) -> selected.put(method, ks[index]));
        int chosen = selectedIndex.get(options.method());
        List<KSelection.Candidate> report = new ArrayList<>(c);
        for (int i = 0; i < c; i++) {
            Map<AutoKMethod, Double> candidateScores = new EnumMap<>(AutoKMethod.class);
            for (AutoKMethod method : AutoKMethod.values()) {
                candidateScores.put(method, byMethod.get(method)[i]);
            }
            report.add(new KSelection.Candidate(ks[i], scores.get(i).inertia(), all.fit(i).iterations(),
                    all.seconds(i), candidateScores, silhouetteErrors[i]));
        }
        progress.onStageEnd(STAGE);
        KSelection selection = new KSelection(options.method(), ks[chosen], candidates.source(),
                n, codes.rows(), totalScatter, report, selected, (System.nanoTime() - start) / 1e9);
        LOG.info("auto-K: selected K={} by {} from {} candidates ({} refined) on {} sampled codes in {} s"
                + " (by method: {})",
                selection.selectedK(), options.method().key(), c, refinedCount, n,
                String.format(java.util.Locale.ROOT, "%.3f", selection.seconds()), selected);
        return new Outcome(selection, all.fit(chosen).centers());
    }

    /** Refines candidate {@code i} ({@link SampleClusterer#refine}) and scores the result. */
    private static void refine(CandidateClusterings all, int i, SampleClusterer clusterer, CodeStore sampleStore,
                               CodeSpaceScorer scorer, WorkerPool pool) {
        long candidateStart = System.nanoTime();
        int k = all.k(i);
        SampleClusterer.Fit fit = all.fit(i);
        SampleClusterer.Fit refined = clusterer.refine(sampleStore, k, fit);
        all.refine(i, refined, refined == fit ? all.scores(i) : scorer.score(refined.centers(), k, pool),
                (System.nanoTime() - candidateStart) / 1e9);
        LOG.debug("auto-K candidate K={} refined: {}", k, all.scores(i));
    }

    /**
     * Neighbour starts (Lloyd only): every candidate, ascending, is also grown from the next smaller candidate's
     * clustering by its extra nested seeds; then every candidate, descending, is also merged down (Ward) from the
     * next larger one's. The clustering that scores better under {@code method} (the lower inertia for the
     * elbow) is kept each time, so a good clustering at one K can carry over to its neighbours.
     */
    private static void neighbourStarts(CandidateClusterings all, SampleClusterer clusterer, CodeStore sampleStore,
                                        CodeSpaceScorer scorer, float[] seeds, int dim, AutoKMethod method,
                                        WorkerPool pool) {
        for (int i = 1; i < all.size(); i++) {
            int k = all.k(i);
            int smaller = all.k(i - 1);
            float[] grown = Arrays.copyOf(all.fit(i - 1).centers(), k * dim);
            System.arraycopy(seeds, smaller * dim, grown, smaller * dim, (k - smaller) * dim);
            tryStart(all, i, grown, clusterer, sampleStore, scorer, method, pool);
        }
        for (int i = all.size() - 2; i >= 0; i--) {
            float[] merged = WardMerge.mergeTo(all.fit(i + 1).centers(), all.scores(i + 1).counts(), all.k(i), dim);
            tryStart(all, i, merged, clusterer, sampleStore, scorer, method, pool);
        }
    }

    private static void tryStart(CandidateClusterings all, int i, float[] start, SampleClusterer clusterer,
                                 CodeStore sampleStore, CodeSpaceScorer scorer, AutoKMethod method, WorkerPool pool) {
        long startTime = System.nanoTime();
        int k = all.k(i);
        SampleClusterer.Fit other = clusterer.cluster(sampleStore, k, start);
        ClusterScores otherScores = scorer.score(other.centers(), k, pool);
        boolean better = preferred(method, otherScores, all.scores(i));
        all.replace(i, better ? other : all.fit(i), better ? otherScores : all.scores(i),
                (System.nanoTime() - startTime) / 1e9);
    }

    /**
     * Adds the midpoints between the selected candidate and its neighbours in the template (when the selection
     * is a template value; a midpoint's own neighbours get none; the one below only with {@code below}); returns
     * how many were added.
     */
    private static int addMidpoints(CandidateClusterings all, int[] template, int selected, boolean below,
                                    SampleClusterer clusterer, CodeStore sampleStore, CodeSpaceScorer scorer,
                                    float[] seeds, int dim, WorkerPool pool) {
        int at = Arrays.binarySearch(template, all.k(selected));
        if (at < 0) {
            return 0;
        }
        int added = 0;
        for (int neighbour : below ? new int[] {at - 1, at + 1} : new int[] {at + 1}) {
            if (neighbour < 0 || neighbour >= template.length) {
                continue;
            }
            int k = (template[at] + template[neighbour]) / 2;
            if (all.contains(k)) {
                continue;
            }
            long candidateStart = System.nanoTime();
            SampleClusterer.Fit fit = clusterer.cluster(sampleStore, k, Arrays.copyOf(seeds, k * dim));
            ClusterScores score = scorer.score(fit.centers(), k, pool);
            all.add(k, fit, score, (System.nanoTime() - candidateStart) / 1e9, true);
            LOG.debug("auto-K midpoint K={}: {}", k, score);
            added++;
        }
        return added;
    }

    private static int selectedIndex(AutoKMethod method, int[] ks, List<ClusterScores> scores, double totalScatter) {
        double[] errors = scores.stream().mapToDouble(ClusterScores::silhouetteStandardError).toArray();
        return selectIndex(method, methodScores(ks, scores, totalScatter).get(method), errors);
    }

    /** The index {@code method} selects from its scores (the silhouette with the one-standard-error rule). */
    private static int selectIndex(AutoKMethod method, double[] scores, double[] silhouetteErrors) {
        return method == AutoKMethod.CENTROID_SILHOUETTE
                ? SelectionRules.selectWithinOneStandardError(scores, silhouetteErrors)
                : SelectionRules.select(method, scores);
    }

    /**
     * As {@link #selectIndex(AutoKMethod, double[], double[])} under the midpoint {@code rule}: with a strict rule,
     * the method's rule picks among the candidates that are not midpoints ({@code midpoint} flags) and
     * {@link SelectionRules#strictlyBetterNeighbour} lets a midpoint next to that pick replace it.
     */
    static int selectIndex(AutoKMethod method, double[] scores, double[] silhouetteErrors, boolean[] midpoint,
                           MidpointRule rule) {
        if (!rule.strict()) {
            return selectIndex(method, scores, silhouetteErrors);
        }
        int pick = templateIndex(method, scores, silhouetteErrors, midpoint);
        return SelectionRules.strictlyBetterNeighbour(method, scores, midpoint, pick,
                rule == MidpointRule.STRICTLY_BETTER_ABOVE);
    }

    /** The index the method's rule selects among the candidates that are not midpoints. */
    private static int templateIndex(AutoKMethod method, double[] scores, double[] silhouetteErrors,
                                     boolean[] midpoint) {
        int[] kept = IntStream.range(0, scores.length).filter(i -> !midpoint[i]).toArray();
        double[] keptScores = new double[kept.length];
        double[] keptErrors = new double[kept.length];
        for (int j = 0; j < kept.length; j++) {
            keptScores[j] = scores[kept[j]];
            keptErrors[j] = silhouetteErrors[kept[j]];
        }
        return kept[selectIndex(method, keptScores, keptErrors)];
    }

    private static int templatePick(AutoKMethod method, int[] ks, List<ClusterScores> scores, double totalScatter,
                                    boolean[] midpoint) {
        double[] errors = scores.stream().mapToDouble(ClusterScores::silhouetteStandardError).toArray();
        return templateIndex(method, methodScores(ks, scores, totalScatter).get(method), errors, midpoint);
    }

    /**
     * How many candidates on each side of the selected and of the best-scoring candidate are contenders. The
     * refinement can lift a candidate stuck in a poor Lloyd optimum past the provisional pick; with one
     * neighbour, {@code anisotropic-k48-d1024} of the {@code AutoKSweep} suites (provisional pick 24, true 48)
     * was lost, so two template steps.
     */
    static final int CONTENDER_REACH = 2;

    /**
     * The candidates whose refinement can change what {@code method} selects: the selected candidate, the
     * best-scoring one (they differ under the one-standard-error rule) and the {@value #CONTENDER_REACH}
     * neighbours on each side of both (the selection under the midpoint {@code rule}).
     */
    static boolean[] contenders(AutoKMethod method, int[] ks, List<ClusterScores> scores, double totalScatter,
                                boolean[] midpoint, MidpointRule rule) {
        double[] methodScores = methodScores(ks, scores, totalScatter).get(method);
        double[] errors = scores.stream().mapToDouble(ClusterScores::silhouetteStandardError).toArray();
        boolean[] out = new boolean[ks.length];
        int selected = selectIndex(method, methodScores, errors, midpoint, rule);
        for (int index : new int[] {selected, SelectionRules.select(method, methodScores)}) {
            for (int i = Math.max(0, index - CONTENDER_REACH); i <= Math.min(ks.length - 1, index + CONTENDER_REACH);
                    i++) {
                out[i] = true;
            }
        }
        return out;
    }

    private static boolean[] filled(int count) {
        boolean[] out = new boolean[count];
        Arrays.fill(out, true);
        return out;
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
