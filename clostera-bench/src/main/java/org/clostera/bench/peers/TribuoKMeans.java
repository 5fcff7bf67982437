package org.clostera.bench.peers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.MutableDataset;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.SGDVector;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Peer: multi-threaded dense k-means on the raw rows with Tribuo 4.3's {@link KMeansTrainer} (Oracle Labs,
 * Apache-2.0): k-means++ seeding (one thread), then Lloyd iterations whose assignment and update steps run on
 * {@code threads} threads, until no row moves or {@code maxIterations}; doubles, Euclidean distance.
 *
 * <p>Tribuo reports neither its iterations nor its partition, so a subclass counts its update steps (one per
 * iteration) and keeps the assignments the last one used: the labels are those of the last assignment step,
 * and each cluster's mean is then exactly the center Tribuo ends with. {@code s_per_iteration} is the time
 * between the first and the last update step over the iterations between them, so seeding is not in it.
 * Tribuo's update step sums each cluster's rows in the order the threads appended them, so the centers can
 * differ in the last bits from run to run; the partitions the suite scores have not been seen to.
 */
public final class TribuoKMeans {
    /** The Tribuo version on the class path, for the report. */
    public static final String VERSION = "4.3.2";
    /** Tribuo logs every iteration at INFO through java.util.logging; held here so the level sticks. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(Level.WARNING);
    }

    private TribuoKMeans() {
    }

    /**
     * Clusters the first {@code count} rows of {@code data} (row-major, {@code dim} wide) into {@code k} clusters on
     * {@code threads} threads, writing each row's cluster into {@code labels}; returns the timing report.
     */
    public static Map<String, Object> run(float[] data, int dim, int count, int k, int maxIterations, int threads,
                                          long seed, int[] labels) {
        long buildStart = System.nanoTime();
        ClusteringFactory factory = new ClusteringFactory();
        MutableDataset<ClusterID> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("clostera-bench suite rows", factory), factory);
        String[] names = featureNames(dim);
        for (int i = 0; i < count; i++) {
            double[] row = new double[dim];
            for (int j = 0; j < dim; j++) {
                row[j] = data[i * dim + j];
            }
            dataset.add(new ArrayExample<>(ClusteringFactory.UNASSIGNED_CLUSTER_ID, names, row));
        }
        double buildSeconds = (System.nanoTime() - buildStart) / 1e9;

        CountingTrainer trainer = new CountingTrainer(k, maxIterations, threads, seed);
        long start = System.nanoTime();
        trainer.train(dataset);
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Map.Entry<Integer, List<Integer>> cluster : trainer.lastAssignments.entrySet()) {
            for (int row : cluster.getValue()) {
                labels[row] = cluster.getKey();
            }
        }
        double lloydSeconds = (trainer.lastUpdateNanos - trainer.firstUpdateNanos) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("peer", "Tribuo " + VERSION + " KMeansTrainer (k-means++, L2)");
        r.put("threads", threads);
        r.put("rows_clustered", count);
        r.put("max_iterations", maxIterations);
        r.put("stopped_before_cap", trainer.iterations < maxIterations);
        r.put("dataset_build_s", buildSeconds);
        r.put("cluster_s", seconds);
        r.put("iterations", trainer.iterations);
        // one iteration's worth when only one ran: the whole fit, seeding included, as an upper bound
        r.put("s_per_iteration", trainer.iterations > 1 ? lloydSeconds / (trainer.iterations - 1) : seconds);
        return r;
    }

    /** Zero-padded, so Tribuo's name-sorted features keep the column order. */
    private static String[] featureNames(int dim) {
        String[] names = new String[dim];
        int width = String.valueOf(dim - 1).length();
        for (int j = 0; j < dim; j++) {
            names[j] = "f" + "0".repeat(width - String.valueOf(j).length()) + j;
        }
        return names;
    }

    /** Counts the update steps and keeps the last assignments, which Tribuo's trainer does not return. */
    private static final class CountingTrainer extends KMeansTrainer {
        int iterations;
        long firstUpdateNanos;
        long lastUpdateNanos;
        Map<Integer, List<Integer>> lastAssignments = Map.of();

        CountingTrainer(int k, int maxIterations, int threads, long seed) {
            super(k, maxIterations, new L2Distance(), Initialisation.PLUSPLUS, threads, seed);
        }

        @Override
        protected void mStep(ForkJoinPool pool, DenseVector[] centroids, Map<Integer, List<Integer>> assignments,
                             SGDVector[] data, double[] weights) {
            super.mStep(pool, centroids, assignments, data, weights);
            long now = System.nanoTime();
            if (iterations == 0) {
                firstUpdateNanos = now;
            }
            lastUpdateNanos = now;
            iterations++;
            lastAssignments = assignments;
        }
    }
}
