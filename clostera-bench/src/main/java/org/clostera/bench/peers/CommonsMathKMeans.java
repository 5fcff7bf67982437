package org.clostera.bench.peers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.DistanceMeasure;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.Well19937c;

/**
 * Peer: dense k-means on the raw rows with Apache Commons Math 3.6.1's {@link KMeansPlusPlusClusterer}
 * (k-means++ seeding, then Lloyd until no row moves or {@code maxIterations}; one thread, doubles).
 *
 * <p>Commons Math does not report its iterations, so the distance evaluations are counted: its k-means++
 * seeding costs about N x K of them, its first assignment N x K and each Lloyd iteration N x K. The report
 * gives {@code iterations} = evaluations / (N x K) - 2 and {@code s_per_iteration} = seconds x N x K /
 * evaluations (the seconds of one full assignment pass's worth of work, seeding included in the average).
 */
public final class CommonsMathKMeans {
    private CommonsMathKMeans() {
    }

    /**
     * Clusters the first {@code count} rows of {@code data} (row-major, {@code dim} wide) into {@code k} clusters,
     * writing each row's cluster into {@code labels}; returns the timing report.
     */
    public static Map<String, Object> run(float[] data, int dim, int count, int k, int maxIterations, long seed,
                                          int[] labels) {
        List<IndexedPoint> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double[] row = new double[dim];
            for (int j = 0; j < dim; j++) {
                row[j] = data[i * dim + j];
            }
            points.add(new IndexedPoint(row, i));
        }
        CountingDistance distance = new CountingDistance();
        KMeansPlusPlusClusterer<IndexedPoint> clusterer = new KMeansPlusPlusClusterer<>(k, maxIterations, distance,
                new Well19937c(seed), KMeansPlusPlusClusterer.EmptyClusterStrategy.LARGEST_VARIANCE);
        long start = System.nanoTime();
        List<CentroidCluster<IndexedPoint>> clusters = clusterer.cluster(points);
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int c = 0; c < clusters.size(); c++) {
            for (IndexedPoint p : clusters.get(c).getPoints()) {
                labels[p.index] = c;
            }
        }
        double passes = distance.calls.sum() / ((double) count * k);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("peer", "Apache Commons Math 3.6.1 KMeansPlusPlusClusterer");
        r.put("threads", 1);
        r.put("rows_clustered", count);
        r.put("max_iterations", maxIterations);
        r.put("cluster_s", seconds);
        r.put("distance_evaluations", distance.calls.sum());
        r.put("iterations", Math.max(0, Math.round(passes) - 2));
        r.put("s_per_iteration", seconds / Math.max(passes, 1e-9));
        return r;
    }

    /** A row and its index, so labels can be written back in row order. */
    private static final class IndexedPoint extends DoublePoint {
        private static final long serialVersionUID = 1L;
        final int index;

        IndexedPoint(double[] point, int index) {
            super(point);
            this.index = index;
        }
    }

    /** Euclidean distance that counts its calls. */
    private static final class CountingDistance implements DistanceMeasure {
        private static final long serialVersionUID = 1L;
        private final EuclideanDistance euclidean = new EuclideanDistance();
        final LongAdder calls = new LongAdder();

        @Override
        public double compute(double[] a, double[] b) {
            calls.increment();
            return euclidean.compute(a, b);
        }
    }
}
