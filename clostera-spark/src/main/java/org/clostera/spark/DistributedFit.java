package org.clostera.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
 *   <li>the single-machine start on the driver from collected codes ({@link CodeSpaceStep#start}): auto-K when
 *       K is unset, the seeding, and with the refinement the split/merge search on the seeding sample;</li>
 *   <li>Lloyd on all codes ({@link DistributedLloyd}), then, with the refinement, the single-machine split/merge
 *       search over all codes ({@link CodeSpaceStep#refine}), each tried move's Lloyd run distributed.</li>
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
            CodeSpaceStep step = CodeSpaceStep.of(encoder);
            try (WorkerPool pool = new WorkerPool(WorkerPool.defaultThreads())) {
                Begin begin = begin(codes, n, encoder, step, settings, options, pool);
                long seededAt = System.nanoTime();
                DistributedLloyd allCodes = new DistributedLloyd(jsc, codes, n, step, begin.k(),
                        options.lookupTableBytes(), key, encoderBytes);
                DistributedLloyd.Run lloyd = allCodes.run(begin.start().centers(), options.iterations(),
                        options.tolerance());
                int lloydPasses = allCodes.passes();
                long lloydEnd = System.nanoTime();
                // As on one machine: the search over all codes, each trial's Lloyd passes distributed.
                CodeSpaceKMeans.Result result = step.refine(begin.start(), allCodes, lloyd.result(begin.k()), options,
                        pool);
                long end = System.nanoTime();
                double squaredScale = encoder.normalization().squaredScale();
                double[] inertia = Arrays.stream(result.inertiaHistory()).map(v -> v * squaredScale).toArray();
                ClusteringModel model = model(encoder, begin.k(), result.centers(), result.clusterSizes(), inertia,
                        settings);
                ClosteraKMeansSummary summary = new ClosteraKMeansSummary(begin.k(), begin.selection(),
                        result.clusterSizes(), inertia, lloyd.iterations(), lloyd.iterationSeconds(),
                        lloyd.assignSeconds(), n, offsets.length - 1, seconds(trainedAt - start),
                        seconds(encodedAt - trainedAt), seconds(seededAt - encodedAt), seconds(lloydEnd - seededAt),
                        result.refinementMoves(), allCodes.passes() - lloydPasses, seconds(end - lloydEnd));
                LOG.info("clostera-spark fit done: k={}, {} iterations, {} refinement move(s), inertia {}", begin.k(),
                        lloyd.iterations(), result.refinementMoves(), inertia[inertia.length - 1]);
                return new Outcome(model, summary);
            }
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

    /** Where Lloyd starts: K, the single-machine start on the driver's sampled codes, the auto-K report. */
    private record Begin(int k, CodeSpaceStep.Start start, KSelection selection) {
    }

    /**
     * The single-machine start on collected codes: with K unset, auto-K on its sample of codes; then
     * {@link CodeSpaceStep#start} (the seeding, with the refinement the split/merge search on the seeding sample)
     * on the rows it reads.
     */
    private static Begin begin(JavaRDD<CodeBlock> codes, long n, Encoder encoder, CodeSpaceStep step,
                               FitSettings settings, CodeSpaceKMeans.Options options, WorkerPool pool) {
        int m = encoder.subquantizers();
        KSelection selection = null;
        float[] initial = null;
        int k;
        if (settings.k() == null) {
            // Auto-K reads its own sample of codes: the single-machine analysis on the same codes.
            long[] wanted = AutoKAnalysis.sampleRows(n, settings.autoK(), options.seed());
            SampledCodes store = new SampledCodes(n, m, wanted, collectCodes(codes, wanted, m));
            SampleClusterer clusterer = SampleClusterer.codeSpace(encoder, AutoKAnalysis.sampleOptions(options), pool);
            AutoKAnalysis.Outcome auto = AutoKAnalysis.run(store, encoder, settings.autoK(), clusterer,
                    options.seed(), pool, ProgressListener.NONE);
            selection = auto.selection();
            k = selection.selectedK();
            initial = auto.centers();
        } else {
            k = settings.k();
        }
        long[] wanted = step.startRows(n, k, options);
        SampledCodes store = new SampledCodes(n, m, wanted, collectCodes(codes, wanted, m));
        return new Begin(k, step.start(store, k, initial, options, pool), selection);
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
