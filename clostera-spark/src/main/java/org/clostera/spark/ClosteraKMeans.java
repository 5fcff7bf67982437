package org.clostera.spark;

import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.clostera.Clusterer;
import org.clostera.Metric;
import org.clostera.cluster.AutoKOptions;
import org.clostera.cluster.KMeansSettings;
import org.clostera.quantize.EncoderSettings;

/**
 * clostera as a Spark ML estimator: clusters a column of float vectors ({@code array<float>},
 * {@code array<double>} or an ml {@code Vector}) by PQ/OPQ compression and k-means in code space, distributed
 * the way k-means distributes: the encoder is trained on the driver on a bounded deterministic sample and
 * broadcast, every partition is encoded once (M bytes a row, cached), and each Lloyd iteration broadcasts the
 * centers, assigns every code with clostera's kernel and sums per-cluster code histograms by tree
 * aggregation. {@link #fit} returns a {@link ClosteraKMeansModel} whose {@code transform} adds the
 * prediction column.
 *
 * <pre>{@code
 * ClosteraKMeans kmeans = new ClosteraKMeans().setK(64).setFastest(true).setSeed(7);   // no setK: auto-K
 * ClosteraKMeansModel model = kmeans.fit(vectors);
 * Dataset<Row> labelled = model.transform(vectors);   // + "prediction"
 * model.write().overwrite().save("hdfs:///models/clusters");
 * }</pre>
 *
 * <p><b>Same result as one machine.</b> Row {@code i} of the dataset (in partition order) is row {@code i}
 * of a single-machine fit. The encoder is trained on the same sample rows, so it is the same encoder;
 * histograms are integer counts, so their sum does not depend on the partitioning. The fit is that of
 * {@link Clusterer} built with the same settings and {@code rawRefinementIterations(0)} on the same rows: the
 * same seeding (or auto-K) on the same sample of codes, with {@code refinement} (the default) the same
 * split/merge search on the seeding sample (on the driver), the same Lloyd iterations on all codes, and the
 * same split/merge search over all codes after them (its moves chosen on the driver, each tried move's Lloyd
 * iterations run on all codes as distributed passes), so the same labels and centers for any partitioning
 * (the inertia is summed in another order, so it agrees to about 1e-12). Not run: the dense Lloyd passes over
 * the raw rows that {@code Clusterer} adds by default on inputs of at most 2^24 rows and 2^28 floats when
 * {@code 2 Ks / K >= 2}; they need the raw rows again in every pass.
 *
 * <p>The dataset must give the same rows in the same order each time it is read (files do; a random shuffle
 * does not): it is read once to count, once for the training sample and once to encode. Up to 2^31 - 9 rows.
 * A wrong column type is refused by {@code fit} before any job; a null or non-finite vector or a wrong
 * dimension fails the fit with an {@link org.clostera.InvalidDataException} naming the column and the row.
 */
public final class ClosteraKMeans extends Estimator<ClosteraKMeansModel> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;

    private final IntParam k;
    private final BooleanParam fastest;
    private final IntParam numSubquantizers;
    private final IntParam codebookSize;
    private final IntParam maxIter;
    private final DoubleParam tol;
    private final LongParam seed;
    private final Param<String> metric;
    private final IntParam trainRows;
    private final BooleanParam refinement;
    private final Param<String> featuresCol;
    private final Param<String> predictionCol;

    public ClosteraKMeans() {
        this(Identifiable$.MODULE$.randomUID("closteraKMeans"));
    }

    public ClosteraKMeans(String uid) {
        this.uid = uid;
        k = new IntParam(this, "k", "number of clusters (>= 1); unset: chosen automatically on a sample of codes",
                ParamValidators.gtEq(1));
        fastest = new BooleanParam(this, "fastest", "plain PQ (true) instead of OPQ (false: more accurate, slower "
                + "to train)");
        numSubquantizers = new IntParam(this, "numSubquantizers", "code bytes M per row (0: about sqrt(D))",
                ParamValidators.gtEq(0));
        codebookSize = new IntParam(this, "codebookSize", "codewords per subspace Ks (2..256)",
                ParamValidators.inRange(2, 256));
        maxIter = new IntParam(this, "maxIter", "most Lloyd center updates (>= 0)", ParamValidators.gtEq(0));
        tol = new DoubleParam(this, "tol", "Lloyd stops when an update improves the inertia by less than this "
                + "fraction (>= 0)", ParamValidators.gtEq(0));
        seed = new LongParam(this, "seed", "seed of every sample and initialisation");
        metric = new Param<>(this, "metric", "distance: l2 or cosine (rows scaled to unit length)",
                ParamValidators.inArray(new String[] {"l2", "cosine"}));
        trainRows = new IntParam(this, "trainRows", "rows of the encoder's training sample, collected to the driver",
                ParamValidators.gtEq(2));
        refinement = new BooleanParam(this, "refinement",
                "split/merge refinement, on the driver's sample of codes and over all codes");
        featuresCol = new Param<>(this, "featuresCol", "features column: array<float>, array<double> or Vector");
        predictionCol = new Param<>(this, "predictionCol", "prediction column (int cluster index)");
        setDefault(fastest, false);
        setDefault(numSubquantizers, 0);
        setDefault(codebookSize, EncoderSettings.DEFAULT_CODEBOOK_SIZE);
        setDefault(maxIter, KMeansSettings.DEFAULT_ITERATIONS);
        setDefault(tol, KMeansSettings.DEFAULT_TOLERANCE);
        setDefault(seed, 0L);
        setDefault(metric, "l2");
        setDefault(trainRows, EncoderSettings.DEFAULT_TRAIN_ROWS);
        setDefault(refinement, true);
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
    }

    @Override
    public String uid() {
        return uid;
    }

    public IntParam k() {
        return k;
    }

    public BooleanParam fastest() {
        return fastest;
    }

    public IntParam numSubquantizers() {
        return numSubquantizers;
    }

    public IntParam codebookSize() {
        return codebookSize;
    }

    public IntParam maxIter() {
        return maxIter;
    }

    public DoubleParam tol() {
        return tol;
    }

    public LongParam seed() {
        return seed;
    }

    public Param<String> metric() {
        return metric;
    }

    public IntParam trainRows() {
        return trainRows;
    }

    public BooleanParam refinement() {
        return refinement;
    }

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    /** K, or null when it is chosen automatically. */
    public Integer getK() {
        return isDefined(k) ? (Integer) getOrDefault(k) : null;
    }

    public ClosteraKMeans setK(int value) {
        set(k, value);
        return this;
    }

    /** Back to choosing K automatically. */
    public ClosteraKMeans clearK() {
        clear(k);
        return this;
    }

    public boolean getFastest() {
        return (Boolean) getOrDefault(fastest);
    }

    public ClosteraKMeans setFastest(boolean value) {
        set(fastest, value);
        return this;
    }

    public int getNumSubquantizers() {
        return (Integer) getOrDefault(numSubquantizers);
    }

    public ClosteraKMeans setNumSubquantizers(int value) {
        set(numSubquantizers, value);
        return this;
    }

    public int getCodebookSize() {
        return (Integer) getOrDefault(codebookSize);
    }

    public ClosteraKMeans setCodebookSize(int value) {
        set(codebookSize, value);
        return this;
    }

    public int getMaxIter() {
        return (Integer) getOrDefault(maxIter);
    }

    public ClosteraKMeans setMaxIter(int value) {
        set(maxIter, value);
        return this;
    }

    public double getTol() {
        return (Double) getOrDefault(tol);
    }

    public ClosteraKMeans setTol(double value) {
        set(tol, value);
        return this;
    }

    public long getSeed() {
        return (Long) getOrDefault(seed);
    }

    public ClosteraKMeans setSeed(long value) {
        set(seed, value);
        return this;
    }

    public String getMetric() {
        return getOrDefault(metric);
    }

    public ClosteraKMeans setMetric(String value) {
        set(metric, value == null ? null : value.toLowerCase(Locale.ROOT));
        return this;
    }

    public int getTrainRows() {
        return (Integer) getOrDefault(trainRows);
    }

    public ClosteraKMeans setTrainRows(int value) {
        set(trainRows, value);
        return this;
    }

    public boolean getRefinement() {
        return (Boolean) getOrDefault(refinement);
    }

    public ClosteraKMeans setRefinement(boolean value) {
        set(refinement, value);
        return this;
    }

    public String getFeaturesCol() {
        return getOrDefault(featuresCol);
    }

    public ClosteraKMeans setFeaturesCol(String value) {
        set(featuresCol, value);
        return this;
    }

    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    public ClosteraKMeans setPredictionCol(String value) {
        set(predictionCol, value);
        return this;
    }

    @Override
    public ClosteraKMeansModel fit(Dataset<?> dataset) {
        StructType schema = dataset.schema();
        transformSchema(schema);
        FeatureColumn column = FeatureColumn.resolve(schema, getFeaturesCol());
        FitSettings settings = new FitSettings(getK(), getFastest(), getNumSubquantizers(), getCodebookSize(),
                getMaxIter(), getTol(), getSeed(), getTrainRows(), getRefinement(),
                "cosine".equals(getMetric()) ? Metric.COSINE : Metric.L2, AutoKOptions.defaults());
        DistributedFit.Outcome outcome = DistributedFit.run(dataset, column, settings);
        ClosteraKMeansModel model = new ClosteraKMeansModel(uid, outcome.model(), outcome.summary());
        copyValues(model, ParamMap.empty());
        return model.setParent(this);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return ClosteraKMeansModel.outputSchema(schema, getFeaturesCol(), getPredictionCol());
    }

    @Override
    public ClosteraKMeans copy(ParamMap extra) {
        return (ClosteraKMeans) defaultCopy(extra);
    }

    /** Reads an estimator saved with {@code write().save(path)}. */
    public static MLReader<ClosteraKMeans> read() {
        return new DefaultParamsReader<>();
    }

    /** {@code read().load(path)}. */
    public static ClosteraKMeans load(String path) {
        return read().load(path);
    }
}
