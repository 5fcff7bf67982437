package org.clostera.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.clostera.ClusteringModel;
import org.clostera.InvalidParameterException;

/**
 * A fitted {@link ClosteraKMeans}: a clostera {@link ClusteringModel} (encoder and centers) whose
 * {@link #transform} adds an int prediction column, the nearest center of every row, predicted partition by
 * partition with clostera's own {@code predict} (the model is broadcast once). Saved with
 * {@code write().save(path)}: Spark's params metadata plus the clostera model file
 * ({@code <path>/clostera/model.clostera}, docs/model-format.md, readable by {@link ClusteringModel#load}
 * and the clostera CLI); read back with {@link #load(String)}.
 */
public final class ClosteraKMeansModel extends Model<ClosteraKMeansModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    /** Where the clostera model file lives inside a saved model directory. */
    static final String MODEL_FILE = "clostera/model.clostera";
    private static final int PREDICT_BATCH_ROWS = 1024;

    private final String uid;
    private final transient ClusteringModel model;
    private final transient ClosteraKMeansSummary summary;
    private final Param<String> featuresCol;
    private final Param<String> predictionCol;
    private transient Broadcast<byte[]> broadcastModel;
    private final String cacheKey = UUID.randomUUID().toString();

    ClosteraKMeansModel(String uid, ClusteringModel model, ClosteraKMeansSummary summary) {
        this.uid = uid;
        this.model = model;
        this.summary = summary;
        featuresCol = new Param<>(this, "featuresCol", "features column: array<float>, array<double> or Vector");
        predictionCol = new Param<>(this, "predictionCol", "prediction column (int cluster index)");
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public String getFeaturesCol() {
        return getOrDefault(featuresCol);
    }

    public ClosteraKMeansModel setFeaturesCol(String value) {
        set(featuresCol, value);
        return this;
    }

    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    public ClosteraKMeansModel setPredictionCol(String value) {
        set(predictionCol, value);
        return this;
    }

    /** The clostera model: encoder, centers, cluster sizes; also usable without Spark. */
    public ClusteringModel clusteringModel() {
        return model;
    }

    /** Number of clusters. */
    public int numClusters() {
        return model.k();
    }

    /** The cluster centers in the input space, {@code [k][D]}. */
    public float[][] clusterCenters() {
        return model.clusterCenters();
    }

    /** Whether the model has the summary of its fit (a loaded model has none). */
    public boolean hasSummary() {
        return summary != null;
    }

    /** The summary of the fit that made this model. */
    public ClosteraKMeansSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("this model has no training summary (it was loaded, not fitted)");
        }
        return summary;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(schema, getFeaturesCol(), getPredictionCol());
    }

    /** {@code schema} plus the int prediction column, after checking the features column's type. */
    static StructType outputSchema(StructType schema, String features, String prediction) {
        FeatureColumn.resolve(schema, features);
        if (Arrays.asList(schema.fieldNames()).contains(prediction)) {
            throw new InvalidParameterException("prediction column '" + prediction + "' already exists; choose "
                    + "another predictionCol");
        }
        return schema.add(prediction, DataTypes.IntegerType, false);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = dataset.schema();
        StructType out = transformSchema(schema);
        FeatureColumn column = FeatureColumn.resolve(schema, getFeaturesCol());
        int field = schema.fieldIndex(getFeaturesCol());
        int dim = model.dim();
        Broadcast<byte[]> bytes = broadcast(dataset);
        String key = cacheKey;
        MapPartitionsFunction<Row, Row> predict = rows -> new Predicting(rows, ExecutorCache.model(key, bytes),
                column, field, dim, TaskContext.getPartitionId());
        return dataset.toDF().mapPartitions(predict, Encoders.row(out));
    }

    private synchronized Broadcast<byte[]> broadcast(Dataset<?> dataset) {
        if (broadcastModel == null) {
            broadcastModel = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext())
                    .broadcast(ModelBytes.of(model));
        }
        return broadcastModel;
    }

    /** Rows of one partition with their predicted cluster appended, predicted in batches. */
    private static final class Predicting implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final ClusteringModel model;
        private final FeatureColumn column;
        private final int field;
        private final int dim;
        private final String where;
        private final float[] batch;
        private final List<Row> pending = new ArrayList<>();
        private int[] labels = new int[0];
        private int next;
        private long rowIndex;

        Predicting(Iterator<Row> rows, ClusteringModel model, FeatureColumn column, int field, int dim, int partition) {
            this.rows = rows;
            this.model = model;
            this.column = column;
            this.field = field;
            this.dim = dim;
            this.where = "partition " + partition + " of the dataset";
            this.batch = new float[PREDICT_BATCH_ROWS * dim];
        }

        @Override
        public boolean hasNext() {
            if (next < pending.size()) {
                return true;
            }
            pending.clear();
            next = 0;
            while (pending.size() < PREDICT_BATCH_ROWS && rows.hasNext()) {
                Row row = rows.next();
                column.read(row, field, batch, pending.size() * dim, dim, rowIndex++, where);
                pending.add(row);
            }
            if (pending.isEmpty()) {
                return false;
            }
            labels = model.predict(Arrays.copyOf(batch, pending.size() * dim), dim);
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row row = pending.get(next);
            Object[] values = new Object[row.length() + 1];
            for (int i = 0; i < row.length(); i++) {
                values[i] = row.get(i);
            }
            values[row.length()] = labels[next++];
            return RowFactory.create(values);
        }
    }

    @Override
    public ClosteraKMeansModel copy(ParamMap extra) {
        ClosteraKMeansModel copy = new ClosteraKMeansModel(uid, model, summary);
        copyValues(copy, extra);
        return copy.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** Reads a model saved with {@code write().save(path)}. */
    public static MLReader<ClosteraKMeansModel> read() {
        return new Reader();
    }

    /** {@code read().load(path)}. */
    public static ClosteraKMeansModel load(String path) {
        return read().load(path);
    }

    /** Params metadata (Spark's format) plus the clostera model file. */
    private static final class Writer extends MLWriter {
        private final ClosteraKMeansModel instance;

        Writer(ClosteraKMeansModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
            Path file = new Path(path, MODEL_FILE);
            try {
                FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
                try (OutputStream out = fs.create(file, true)) {
                    out.write(ModelBytes.of(instance.model));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the clostera model file " + file, e);
            }
        }
    }

    private static final class Reader extends MLReader<ClosteraKMeansModel> {
        @Override
        public ClosteraKMeansModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
                    ClosteraKMeansModel.class.getName());
            Path file = new Path(path, MODEL_FILE);
            byte[] bytes;
            try {
                FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
                try (InputStream in = fs.open(file)) {
                    bytes = in.readAllBytes();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the clostera model file " + file, e);
            }
            ClusteringModel model = ModelBytes.load(bytes, 0);
            ClosteraKMeansModel loaded = new ClosteraKMeansModel(metadata.uid(), model, null);
            metadata.getAndSetParams(loaded, scala.Option.empty());
            return loaded;
        }
    }
}
