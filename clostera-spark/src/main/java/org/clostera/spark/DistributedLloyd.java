package org.clostera.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.clostera.internal.kmeans.AllCodesLloyd;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.kmeans.CodeSpaceStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-machine Lloyd ({@code assign -> (update, re-seed, assign) x iterations}) over the cached code blocks,
 * every pass over the codes a Spark job: the centers are broadcast, every block is assigned by clostera's kernel
 * ({@link CodeSpaceStep#assign}) and the per-cluster code histograms are tree-aggregated; the driver moves the
 * centers ({@link CodeSpaceStep#update}), re-seeds empty clusters from farthest-code candidates gathered in one
 * more pass, and stops as single-machine Lloyd does (no label changed, or the relative inertia gain fell below
 * the tolerance). As {@link AllCodesLloyd} it runs the split/merge search's trials over all codes.
 */
final class DistributedLloyd implements AllCodesLloyd {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedLloyd.class);

    private final JavaSparkContext jsc;
    private final JavaRDD<CodeBlock> codes;
    private final long rows;
    private final CodeSpaceStep step;
    private final int k;
    private final long lookupTableBytes;
    private final String key;
    private final Broadcast<byte[]> encoderBytes;
    /** Assignment passes over all codes run so far (re-seeding passes not counted). */
    private int passes;

    /**
     * @param codes        the cached code blocks of {@code rows} codes
     * @param key          the fit's id, for the executors' {@link ExecutorCache}
     * @param encoderBytes the broadcast encoder
     */
    DistributedLloyd(JavaSparkContext jsc, JavaRDD<CodeBlock> codes, long rows, CodeSpaceStep step, int k,
                     long lookupTableBytes, String key, Broadcast<byte[]> encoderBytes) {
        this.jsc = jsc;
        this.codes = codes;
        this.rows = rows;
        this.step = step;
        this.k = k;
        this.lookupTableBytes = lookupTableBytes;
        this.key = key;
        this.encoderBytes = encoderBytes;
    }

    /**
     * One Lloyd run: centers (coding space), sizes, inertia history (coding space), updates, wall seconds and
     * task seconds in the assignment of each pass.
     */
    record Run(float[] centers, long[] sizes, double[] history, int iterations, double[] iterationSeconds,
               double[] assignSeconds) {
        double inertia() {
            return history[history.length - 1];
        }

        /** As the single-machine result (no labels: they stay on the executors). */
        CodeSpaceKMeans.Result result(int k) {
            return new CodeSpaceKMeans.Result(k, centers, null, history, iterations, sizes, inertia(), 0, 0, 0, null);
        }
    }

    @Override
    public long rows() {
        return rows;
    }

    /** Full passes (the previous labels are on the executors only): the same result as incremental ones. */
    @Override
    public CodeSpaceKMeans.Result lloydFrom(CodeSpaceKMeans.Result previous, float[] centers, int iterations,
                                            double tolerance) {
        return run(centers, iterations, tolerance).result(k);
    }

    /** Assignment passes over all codes run so far. */
    int passes() {
        return passes;
    }

    /** Lloyd from {@code start} (not modified), at most {@code iterations} updates. */
    Run run(float[] start, int iterations, double tolerance) {
        float[] centers = start;
        long passStart = System.nanoTime();
        IterationTotals totals = assignAll(centers);
        List<Double> history = new ArrayList<>(List.of(totals.inertia()));
        List<Double> seconds = new ArrayList<>(List.of(seconds(System.nanoTime() - passStart)));
        List<Double> assignSeconds = new ArrayList<>(List.of(totals.assignSeconds()));
        int iteration = 0;
        while (iteration < iterations) {
            long iterationStart = System.nanoTime();
            CodeSpaceStep.Update update = step.update(totals.histogram(), centers, k);
            int empty = update.emptyClusters().length;
            int reseeded = 0;
            if (empty > 0) {
                List<CodeSpaceStep.Candidate> candidates = reseedCandidates(centers, update.sizes(), empty);
                reseeded = step.reseed(CodeSpaceStep.farthestPerChunk(candidates, empty), update);
                LOG.debug("iteration {}: re-seeded {} of {} empty clusters", iteration + 1, reseeded, empty);
            }
            centers = update.centers();
            double previous = totals.inertia();
            Map<Long, Long> previousLabels = totals.labelHashes();
            totals = assignAll(centers);
            iteration++;
            history.add(totals.inertia());
            seconds.add(seconds(System.nanoTime() - iterationStart));
            assignSeconds.add(totals.assignSeconds());
            LOG.debug("iteration {}: inertia {}", iteration, totals.inertia());
            if (totals.labelHashes().equals(previousLabels) && reseeded == 0) {
                break;
            }
            if (previous - totals.inertia() < tolerance * previous) {
                break;
            }
        }
        long[] sizes = step.update(totals.histogram(), centers, k).sizes();
        return new Run(centers, sizes, history.stream().mapToDouble(Double::doubleValue).toArray(), iteration,
                seconds.stream().mapToDouble(Double::doubleValue).toArray(),
                assignSeconds.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** One distributed assignment pass: every block assigned to {@code centers}, the totals tree-aggregated. */
    private IterationTotals assignAll(float[] centers) {
        passes++;
        Broadcast<float[]> shared = jsc.broadcast(centers);
        // Locals, so the closures capture these and not this driver-side object.
        int clusters = k;
        long tableBytes = lookupTableBytes;
        String fit = key;
        Broadcast<byte[]> encoder = encoderBytes;
        try {
            return codes.treeAggregate(new IterationTotals(),
                    (totals, block) -> {
                        long start = System.nanoTime();
                        CodeSpaceStep.Tables tables = ExecutorCache.tables(fit, encoder, shared, clusters, tableBytes);
                        CodeSpaceStep.Slice slice = ExecutorCache.step(fit, encoder).assign(block.codes(),
                                block.rows(), tables);
                        return totals.add(block, slice, System.nanoTime() - start);
                    },
                    IterationTotals::merge, aggregationDepth(codes.getNumPartitions()));
        } finally {
            shared.destroy();
        }
    }

    /**
     * Levels of the histogram tree: the driver takes up to 16 partials itself (a shuffle level costs more than
     * it saves there), up to 1,024 go through one level of executors, more through two.
     */
    static int aggregationDepth(int partitions) {
        return partitions <= 16 ? 1 : partitions <= 1024 ? 2 : 3;
    }

    private List<CodeSpaceStep.Candidate> reseedCandidates(float[] centers, long[] sizes, int empty) {
        Broadcast<float[]> shared = jsc.broadcast(centers);
        int clusters = k;
        long tableBytes = lookupTableBytes;
        String fit = key;
        Broadcast<byte[]> encoder = encoderBytes;
        try {
            return new ArrayList<>(codes.flatMap(block -> {
                Iterator<CodeSpaceStep.Candidate> found = ExecutorCache.step(fit, encoder).reseedCandidates(
                        block.codes(), block.rows(), block.firstRow(), shared.value(), clusters, sizes, empty,
                        tableBytes).iterator();
                return found;
            }).collect());
        } finally {
            shared.destroy();
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
