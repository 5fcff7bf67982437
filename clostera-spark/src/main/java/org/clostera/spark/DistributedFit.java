package org.clostera.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.clostera.ClusteringModel;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.Metric;
import org.clostera.ProgressListener;
import org.clostera.Clusterer;
import org.clostera.cluster.KSelection;
import org.clostera.data.HeapCodeStore;
import org.clostera.data.RowSampler;
import org.clostera.data.UnitLengthRows;
import org.clostera.internal.autok.AutoKAnalysis;
import org.clostera.internal.autok.SampleClusterer;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.kmeans.CodeSpaceStep;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.internal.persist.EncoderFile;
import org.clostera.internal.persist.ModelFile;
import org.clostera.quantize.Encoder;
import org.clostera.quantize.EncoderFiles;
import org.clostera.quantize.EncoderSettings;
import org.clostera.quantize.OPQEncoder;
import org.clostera.quantize.PQEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * One distributed fit, driven from the Spark driver:
 * <ol>
 *   <li>count the rows of every partition (row {@code i} of the dataset is row {@code i} of a single-machine
 *       fit on the same rows in the same order);</li>
 *   <li>collect the encoder's deterministic training sample ({@link RowSampler}, the rows a single-machine
 *       fit reads) and train PQ or OPQ on the driver;</li>
 *   <li>broadcast the encoder; encode every partition once into cached {@link CodeBlock}s (M bytes a row);</li>
 *   <li>start centers on the driver from collected codes: with K given, the single-machine seeding on its
 *       seeding sample, or (refinement on) a whole single-machine clustering of a bounded sample with its
 *       split/merge search; with K unset, auto-K on its sample of codes;</li>
 *   <li>Lloyd on all codes: per iteration the centers are broadcast, every block is assigned by clostera's
 *       kernel ({@link CodeSpaceStep#assign}) and the per-cluster code histograms are summed by tree
 *       aggregation; the driver moves the centers ({@link CodeSpaceStep#update}), re-seeds empty clusters
 *       from farthest-code candidates gathered in one more pass, and stops as single-machine Lloyd does
 *       (no label changed, or the relative inertia gain fell below the tolerance).</li>
 * </ol>
 */
final class DistributedFit {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedFit.class);
    /** Rows of one encode batch: at most 8 MiB of floats, at most 4096 rows. */
    private static final long BATCH_BYTES = 8L << 20;

    /** The fitted clostera model and what the fit did. */
    record Outcome(ClusteringModel model, ClosteraKMeansSummary summary) {
    }

    private DistributedFit() {
    }

    static Outcome run(Dataset<?> dataset, FeatureColumn column, FitSettings settings) {
        return SparkErrors.unwrapping(() -> fit(dataset, column, settings));
    }

    private static Outcome fit(Dataset<?> dataset, FeatureColumn column, FitSettings settings) {
        long start = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        JavaRDD<Row> rows = dataset.select(functions.col(column.name())).javaRDD();
        long[] offsets = partitionOffsets(rows);
        long n = offsets[offsets.length - 1];
        validateRows(n, column, settings);

        // The encoder, trained on the driver on the rows a single-machine fit samples.
        long[] trainRows = RowSampler.sample(n, (int) Math.min(settings.trainRows(), n), settings.seed());
        List<Tuple2<Long, float[]>> collected = collectVectors(rows, offsets, trainRows, column,
                settings.metric() == Metric.COSINE);
        int dim = collected.get(0)._2().length;
        float[] sample = new float[Math.multiplyExact(collected.size(), dim)];
        for (int i = 0; i < collected.size(); i++) {
            float[] v = collected.get(i)._2();
            if (v.length != dim) {
                throw new InvalidDataException("vector of dimension " + v.length + ", expected " + dim
                        + " (the dimension of row " + collected.get(0)._1() + ")", "dataset", collected.get(i)._1(),
                        column.name(), null);
            }
            System.arraycopy(v, 0, sample, i * dim, dim);
        }
        Encoder encoder = trainEncoder(new SampledVectors(n, dim, trainRows, sample), settings);
        long trainedAt = System.nanoTime();
        LOG.info("clostera-spark: {} rows x {} dims in {} partitions; encoder {} trained on {} rows", n, dim,
                offsets.length - 1, encoder, trainRows.length);

        String key = UUID.randomUUID().toString();
        Broadcast<byte[]> encoderBytes = jsc.broadcast(EncoderFiles.toBytes(encoder));
        JavaRDD<CodeBlock> codes = encode(rows, offsets, column, dim, settings.metric() == Metric.COSINE, key,
                encoderBytes).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            codes.count(); // encodes (and checks) every row once, here, not inside the first iteration
            long encodedAt = System.nanoTime();
            CodeSpaceKMeans.Options options = settings.kmeansOptions();
            Start begin = startCenters(codes, n, encoder, settings, options);
            long seededAt = System.nanoTime();
            CodeSpaceStep step = CodeSpaceStep.of(encoder);
            Lloyd lloyd = lloyd(jsc, codes, step, begin.k(), begin.centers(), options, key, encoderBytes);
            long lloydEnd = System.nanoTime();
            Refined refined = settings.refinement() && begin.k() > 1
                    ? refine(jsc, codes, n, encoder, step, begin, lloyd, options, key, encoderBytes)
                    : new Refined(lloyd, 0, false);
            long end = System.nanoTime();
            double squaredScale = encoder.normalization().squaredScale();
            // As on one machine: the main Lloyd run's history, then the inertia an accepted refinement reached.
            double[] history = lloyd.history();
            if (refined.accepted()) {
                history = Arrays.copyOf(history, history.length + 1);
                history[history.length - 1] = refined.lloyd().inertia();
            }
            double[] inertia = Arrays.stream(history).map(v -> v * squaredScale).toArray();
            Lloyd result = refined.lloyd();
            ClusteringModel model = model(encoder, begin.k(), result.centers(), result.sizes(), inertia, settings);
            ClosteraKMeansSummary summary = new ClosteraKMeansSummary(begin.k(), begin.selection(), result.sizes(),
                    inertia, lloyd.iterations(), lloyd.iterationSeconds(), lloyd.assignSeconds(), n, offsets.length - 1,
                    seconds(trainedAt - start), seconds(encodedAt - trainedAt), seconds(seededAt - encodedAt),
                    seconds(lloydEnd - seededAt), refined.sampleMoves(), refined.accepted(),
                    seconds(end - lloydEnd));
            LOG.info("clostera-spark fit done: k={}, {} iterations, inertia {}", begin.k(), lloyd.iterations(),
                    inertia[inertia.length - 1]);
            return new Outcome(model, summary);
        } finally {
            codes.unpersist(false);
            encoderBytes.destroy();
        }
    }

    private static void validateRows(long n, FeatureColumn column, FitSettings settings) {
        if (n < 1) {
            throw new InvalidDataException("no vectors: the dataset is empty", "dataset", -1, column.name(), null);
        }
        if (n > CodeSpaceKMeans.MAX_LABEL_ROWS) {
            throw new InvalidParameterException("the dataset has " + n + " rows; clostera-spark fits at most "
                    + CodeSpaceKMeans.MAX_LABEL_ROWS + " rows (the per-cluster code counts are ints)");
        }
        if (settings.k() == null) {
            AutoKAnalysis.validate(settings.autoK(), n);
        } else if (settings.k() > n) {
            throw new InvalidParameterException("k = " + settings.k() + " exceeds the number of rows N = " + n
                    + " of the dataset; k must be in 1.." + n);
        }
    }

    /** Cumulative row counts: partition {@code p} holds rows {@code [offsets[p], offsets[p + 1])}. */
    private static long[] partitionOffsets(JavaRDD<Row> rows) {
        List<long[]> counts = rows.mapPartitionsWithIndex((partition, it) -> {
            long count = 0;
            while (it.hasNext()) {
                it.next();
                count++;
            }
            return List.of(new long[] {partition, count}).iterator();
        }, true).collect();
        long[] offsets = new long[counts.size() + 1];
        for (long[] c : counts) {
            offsets[(int) c[0] + 1] = c[1];
        }
        for (int p = 0; p < counts.size(); p++) {
            offsets[p + 1] += offsets[p];
        }
        return offsets;
    }

    /** The vectors of the given rows (ascending), with their row, in row order; cosine: at unit length. */
    private static List<Tuple2<Long, float[]>> collectVectors(JavaRDD<Row> rows, long[] offsets, long[] wanted,
                                                              FeatureColumn column, boolean unitLength) {
        List<Tuple2<Long, float[]>> out = new ArrayList<>(rows.mapPartitionsWithIndex((partition, it) -> {
            List<Tuple2<Long, float[]>> hits = new ArrayList<>();
            long row = offsets[partition];
            int next = firstAtOrAfter(wanted, row);
            while (it.hasNext() && next < wanted.length) {
                Row r = it.next();
                if (row == wanted[next]) {
                    int dim = column.dimension(r, 0, row, "dataset");
                    float[] v = new float[dim];
                    column.read(r, 0, v, 0, dim, row, "dataset");
                    if (unitLength) {
                        toUnitLength(v, 0, dim, row, column);
                    }
                    hits.add(new Tuple2<>(row, v));
                    next++;
                }
                row++;
            }
            return hits.iterator();
        }, true).collect());
        out.sort(Comparator.comparingLong(Tuple2::_1));
        return out;
    }

    /** The codes of the given rows (ascending), row-major in row order. */
    private static byte[] collectCodes(JavaRDD<CodeBlock> codes, long[] wanted, int m) {
        List<Tuple2<Long, byte[]>> hits = new ArrayList<>(codes.flatMap(block -> {
            List<Tuple2<Long, byte[]>> found = new ArrayList<>();
            for (int at = firstAtOrAfter(wanted, block.firstRow());
                 at < wanted.length && wanted[at] < block.firstRow() + block.rows(); at++) {
                int i = (int) (wanted[at] - block.firstRow());
                found.add(new Tuple2<>(wanted[at], Arrays.copyOfRange(block.codes(), i * m, (i + 1) * m)));
            }
            return found.iterator();
        }).collect());
        hits.sort(Comparator.comparingLong(Tuple2::_1));
        byte[] out = new byte[Math.multiplyExact(hits.size(), m)];
        for (int i = 0; i < hits.size(); i++) {
            System.arraycopy(hits.get(i)._2(), 0, out, i * m, m);
        }
        return out;
    }

    private static int firstAtOrAfter(long[] sorted, long row) {
        int at = Arrays.binarySearch(sorted, row);
        return at >= 0 ? at : -at - 1;
    }

    private static void toUnitLength(float[] v, int offset, int dim, long row, FeatureColumn column) {
        if (!UnitLengthRows.scaleToUnitLength(v, offset, dim)) {
            throw new InvalidDataException("all-zero vector: the cosine metric needs a direction", "dataset", row,
                    column.name(), null);
        }
    }

    /** The encoder a single-machine {@link Clusterer} with these settings trains (same sample, same seed). */
    private static Encoder trainEncoder(SampledVectors source, FitSettings settings) {
        if (settings.fastest()) {
            return PQEncoder.builder().subquantizers(settings.subquantizers()).codebookSize(settings.codebookSize())
                    .trainRows(settings.trainRows()).seed(settings.seed()).threads(0).fit(source);
        }
        return OPQEncoder.builder().subquantizers(settings.subquantizers()).codebookSize(settings.codebookSize())
                .opqIterations(EncoderSettings.DEFAULT_OPQ_ITERATIONS).trainRows(settings.trainRows())
                .seed(settings.seed()).threads(0).fit(source);
    }

    /** Every partition's rows as blocks of codes. */
    private static JavaRDD<CodeBlock> encode(JavaRDD<Row> rows, long[] offsets, FeatureColumn column, int dim,
                                             boolean unitLength, String key, Broadcast<byte[]> encoderBytes) {
        int batchRows = (int) Math.max(1, Math.min(4096, BATCH_BYTES / (4L * dim)));
        return rows.mapPartitionsWithIndex((partition, it) -> {
            Encoder encoder = ExecutorCache.encoder(key, encoderBytes);
            int m = encoder.subquantizers();
            long first = offsets[partition];
            long count = offsets[partition + 1] - first;
            float[] batch = new float[batchRows * dim];
            byte[] batchCodes = new byte[batchRows * m];
            List<CodeBlock> blocks = new ArrayList<>();
            for (long done = 0; done < count; ) {
                int blockRows = (int) Math.min(CodeBlock.MAX_ROWS, count - done);
                byte[] block = new byte[blockRows * m];
                for (int filled = 0; filled < blockRows; ) {
                    int len = Math.min(batchRows, blockRows - filled);
                    for (int i = 0; i < len; i++) {
                        long row = first + done + filled + i;
                        if (!it.hasNext()) { // Spark's row iterators need hasNext before next
                            throw new InvalidDataException("partition " + partition + " has fewer rows than when "
                                    + "counted: the dataset must give the same rows each time it is read", "dataset",
                                    row, column.name(), null);
                        }
                        column.read(it.next(), 0, batch, i * dim, dim, row, "dataset");
                        if (unitLength) {
                            toUnitLength(batch, i * dim, dim, row, column);
                        }
                    }
                    encoder.encode(batch, len, batchCodes);
                    System.arraycopy(batchCodes, 0, block, filled * m, len * m);
                    filled += len;
                }
                blocks.add(new CodeBlock(first + done, blockRows, block));
                done += blockRows;
            }
            return blocks.iterator();
        }, true);
    }

    /**
     * Where Lloyd starts: K, its centers (coding space), the auto-K report (null with K given) and the
     * refinement's sample of codes when it was collected for the start (else null).
     */
    private record Start(int k, float[] centers, KSelection selection, byte[] refinementSample) {
        Start(int k, float[] centers, KSelection selection) {
            this(k, centers, selection, null);
        }
    }

    private static Start startCenters(JavaRDD<CodeBlock> codes, long n, Encoder encoder, FitSettings settings,
                                      CodeSpaceKMeans.Options options) {
        int m = encoder.subquantizers();
        try (WorkerPool pool = new WorkerPool(WorkerPool.defaultThreads())) {
            if (settings.k() == null) {
                // Auto-K reads its own sample of codes: the single-machine analysis on the same codes.
                long[] wanted = AutoKAnalysis.sampleRows(n, settings.autoK(), options.seed());
                SampledCodes store = new SampledCodes(n, m, wanted, collectCodes(codes, wanted, m));
                SampleClusterer clusterer = SampleClusterer.codeSpace(encoder, AutoKAnalysis.sampleOptions(options), pool);
                AutoKAnalysis.Outcome auto = AutoKAnalysis.run(store, encoder, settings.autoK(), clusterer,
                        options.seed(), pool, ProgressListener.NONE);
                return new Start(auto.selection().selectedK(), auto.centers(), auto.selection());
            }
            int k = settings.k();
            long maxSample = (Integer.MAX_VALUE - 16) / m;
            if (!settings.refinement()) {
                // The single-machine seeding (k-means++ restarts with the repair) on its own sample.
                long[] wanted = RowSampler.sample(n, (int) Math.min(Math.max(options.seedingSampleRows(), 4L * k),
                        maxSample), options.seed());
                SampledCodes store = new SampledCodes(n, m, wanted, collectCodes(codes, wanted, m));
                return new Start(k, CodeSpaceKMeans.initialCenters(store, encoder, k, options, pool), null);
            }
            // Refinement: a whole single-machine clustering (seeding, Lloyd, split/merge search) of the
            // refinement's sample starts Lloyd.
            byte[] sample = refinementSample(codes, n, k, m, options);
            try (HeapCodeStore store = HeapCodeStore.copyOf(sample, m)) {
                return new Start(k, CodeSpaceKMeans.run(store, encoder, k, options, pool).centers(), null, sample);
            }
        }
    }

    /**
     * The codes the split/merge refinement works on: 64 per cluster, at least the seeding sample, at most
     * 65,536 (and at least 4 per cluster), drawn with the fit's seed.
     */
    private static byte[] refinementSample(JavaRDD<CodeBlock> codes, long n, int k, int m,
                                           CodeSpaceKMeans.Options options) {
        long maxSample = (Integer.MAX_VALUE - 16) / m;
        long rows = Math.min(maxSample, Math.max(options.seedingSampleRows(), Math.min(64L * k, 1 << 16)));
        return collectCodes(codes, RowSampler.sample(n, (int) Math.max(rows, 4L * k), options.seed()), m);
    }

    /** What the refinement after Lloyd did: moves the sample search accepted, and whether all codes agreed. */
    private record Refined(Lloyd lloyd, int sampleMoves, boolean accepted) {
    }

    /**
     * The split/merge search where it pays: from Lloyd's centers, the single-machine search runs on the driver's
     * sample; only when it finds moves does a second distributed Lloyd run start from its centers, and its result
     * is kept only when it lowers the inertia of all codes.
     */
    private static Refined refine(JavaSparkContext jsc, JavaRDD<CodeBlock> codes, long n, Encoder encoder,
                                  CodeSpaceStep step, Start begin, Lloyd lloyd, CodeSpaceKMeans.Options options,
                                  String key, Broadcast<byte[]> encoderBytes) {
        int k = begin.k();
        int m = encoder.subquantizers();
        byte[] sample = begin.refinementSample() != null ? begin.refinementSample()
                : refinementSample(codes, n, k, m, options);
        CodeSpaceKMeans.Result searched;
        try (WorkerPool pool = new WorkerPool(WorkerPool.defaultThreads());
             HeapCodeStore store = HeapCodeStore.copyOf(sample, m)) {
            searched = CodeSpaceKMeans.run(store, encoder, k, lloyd.centers(), options, pool);
        }
        if (searched.refinementMoves() == 0) {
            return new Refined(lloyd, 0, false);
        }
        Lloyd moved = lloyd(jsc, codes, step, k, searched.centers(), options, key, encoderBytes);
        boolean better = moved.inertia() < lloyd.inertia();
        LOG.info("refinement: {} move(s) on the driver's sample; on all codes inertia {} -> {} ({})",
                searched.refinementMoves(), lloyd.inertia(), moved.inertia(), better ? "kept" : "dropped");
        return new Refined(better ? moved : lloyd, searched.refinementMoves(), better);
    }

    /**
     * Lloyd's outcome: centers (coding space), sizes, inertia history (coding space), updates, wall seconds and
     * task seconds in the assignment of each pass.
     */
    private record Lloyd(float[] centers, long[] sizes, double[] history, int iterations, double[] iterationSeconds,
                         double[] assignSeconds) {
        double inertia() {
            return history[history.length - 1];
        }
    }

    /**
     * Single-machine Lloyd ({@code assign -> (update, re-seed, assign) x iterations}) with every pass over the
     * codes distributed.
     */
    private static Lloyd lloyd(JavaSparkContext jsc, JavaRDD<CodeBlock> codes, CodeSpaceStep step, int k,
                               float[] start, CodeSpaceKMeans.Options options, String key,
                               Broadcast<byte[]> encoderBytes) {
        float[] centers = start;
        long passStart = System.nanoTime();
        IterationTotals totals = assignAll(jsc, codes, centers, k, options.lookupTableBytes(), key, encoderBytes);
        List<Double> history = new ArrayList<>(List.of(totals.inertia()));
        List<Double> seconds = new ArrayList<>(List.of(seconds(System.nanoTime() - passStart)));
        List<Double> assignSeconds = new ArrayList<>(List.of(totals.assignSeconds()));
        int iteration = 0;
        while (iteration < options.iterations()) {
            long iterationStart = System.nanoTime();
            CodeSpaceStep.Update update = step.update(totals.histogram(), centers, k);
            int empty = update.emptyClusters().length;
            int reseeded = 0;
            if (empty > 0) {
                List<CodeSpaceStep.Candidate> candidates = reseedCandidates(jsc, codes, centers, k, update.sizes(),
                        empty, options.lookupTableBytes(), key, encoderBytes);
                reseeded = step.reseed(CodeSpaceStep.farthestPerChunk(candidates, empty), update);
                LOG.debug("iteration {}: re-seeded {} of {} empty clusters", iteration + 1, reseeded, empty);
            }
            centers = update.centers();
            double previous = totals.inertia();
            Map<Long, Long> previousLabels = totals.labelHashes();
            totals = assignAll(jsc, codes, centers, k, options.lookupTableBytes(), key, encoderBytes);
            iteration++;
            history.add(totals.inertia());
            seconds.add(seconds(System.nanoTime() - iterationStart));
            assignSeconds.add(totals.assignSeconds());
            LOG.debug("iteration {}: inertia {}", iteration, totals.inertia());
            if (totals.labelHashes().equals(previousLabels) && reseeded == 0) {
                break;
            }
            if (previous - totals.inertia() < options.tolerance() * previous) {
                break;
            }
        }
        long[] sizes = step.update(totals.histogram(), centers, k).sizes();
        return new Lloyd(centers, sizes, history.stream().mapToDouble(Double::doubleValue).toArray(), iteration,
                seconds.stream().mapToDouble(Double::doubleValue).toArray(),
                assignSeconds.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** One distributed assignment pass: every block assigned to {@code centers}, the totals tree-aggregated. */
    private static IterationTotals assignAll(JavaSparkContext jsc, JavaRDD<CodeBlock> codes, float[] centers, int k,
                                             long lookupTableBytes, String key, Broadcast<byte[]> encoderBytes) {
        Broadcast<float[]> shared = jsc.broadcast(centers);
        try {
            return codes.treeAggregate(new IterationTotals(),
                    (totals, block) -> {
                        long start = System.nanoTime();
                        CodeSpaceStep.Slice slice = ExecutorCache.step(key, encoderBytes).assign(block.codes(),
                                block.rows(), shared.value(), k, lookupTableBytes);
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

    private static List<CodeSpaceStep.Candidate> reseedCandidates(JavaSparkContext jsc, JavaRDD<CodeBlock> codes,
                                                                  float[] centers, int k, long[] sizes, int empty,
                                                                  long lookupTableBytes, String key,
                                                                  Broadcast<byte[]> encoderBytes) {
        Broadcast<float[]> shared = jsc.broadcast(centers);
        try {
            return new ArrayList<>(codes.flatMap(block -> {
                Iterator<CodeSpaceStep.Candidate> found = ExecutorCache.step(key, encoderBytes).reseedCandidates(
                        block.codes(), block.rows(), block.firstRow(), shared.value(), k, sizes, empty,
                        lookupTableBytes).iterator();
                return found;
            }).collect());
        } finally {
            shared.destroy();
        }
    }

    /** The clostera model of the fit, as a single-machine fit would save it. */
    private static ClusteringModel model(Encoder encoder, int k, float[] centers, long[] sizes, double[] inertia,
                                         FitSettings settings) {
        java.nio.file.Path file = ModelBytes.tempFile();
        try {
            ModelFile.write(file, new ModelFile.Content(k,
                    settings.metric() == Metric.COSINE ? ModelFile.METRIC_COSINE : ModelFile.METRIC_L2,
                    encoder.rotated() ? EncoderFile.KIND_OPQ : EncoderFile.KIND_PQ, encoder.dim(),
                    encoder.subquantizers(), encoder.codebookSize(), settings.seed(), EncoderFiles.toBytes(encoder),
                    centers, sizes, inertia, null));
            return ClusteringModel.load(file);
        } finally {
            ModelBytes.delete(file);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
