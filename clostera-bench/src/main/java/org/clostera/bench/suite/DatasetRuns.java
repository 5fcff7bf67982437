package org.clostera.bench.suite;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.clostera.ClusteringModel;
import org.clostera.cluster.KMeansSettings;
import org.clostera.bench.peers.CommonsMathKMeans;
import org.clostera.bench.peers.FaissPq;
import org.clostera.bench.peers.JVectorPq;
import org.clostera.bench.peers.TribuoKMeans;
import org.clostera.bench.realdata.LabeledVectors;
import org.clostera.io.quality.PartitionSse;

/** One dataset of the suite: clostera in both modes, then the peers on the same rows, in the same JVM. */
final class DatasetRuns {
    private DatasetRuns() {
    }

    static Map<String, Object> run(SuiteDataset dataset, SuitePreset preset, int threads, long seed) {
        LabeledVectors data = dataset.load();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", data.name());
        r.put("family", dataset.familyName());
        r.put("kind", dataset.isReal() ? "real" : "generated");
        r.put("rows", data.rows());
        r.put("dim", data.dim());
        r.put("k", data.classes());
        if (!dataset.isReal()) {
            r.put("center_distance", dataset.centerDistance());
            r.put("size_concentration", dataset.sizeConcentration());
            r.put("correlated_share", dataset.correlatedShare());
        }
        r.put("truth_assigned_center_mse", PartitionSse.perDimension(data.source(), data.labels())[0]);

        Map<String, Object> clostera = new LinkedHashMap<>();
        ClusteringModel[] fastest = new ClusteringModel[1];
        clostera.put("fastest", ClosteraRun.run(dataset, data, ClosteraRun.Mode.FASTEST, threads, seed, fastest));
        clostera.put("quality", ClosteraRun.run(dataset, data, ClosteraRun.Mode.QUALITY, threads, seed,
                new ClusteringModel[1]));
        r.put("clostera", clostera);

        int m = fastest[0].encoder().subquantizers();
        int ks = fastest[0].encoder().codebookSize();
        Map<String, Object> peers = new LinkedHashMap<>();
        peers.put("jvector_pq", JVectorPq.run(data.vectors(), data.dim(), m, ks, threads, ClosteraRun.MSE_SAMPLE_ROWS,
                seed));
        peers.put("tribuo_kmeans", tribuoKMeans(data, preset, threads, seed));
        peers.put("dense_kmeans", denseKMeans(data, preset, seed));
        peers.put("faiss", FaissPq.run(data.vectors(), data.dim(), m, ks, threads, ClosteraRun.MSE_SAMPLE_ROWS, seed));
        r.put("peers", peers);
        return r;
    }

    /**
     * Tribuo's multi-threaded k-means at clostera's iteration cap ({@link KMeansSettings#DEFAULT_ITERATIONS}) on
     * all rows, or on the first {@code denseMaxRows} (then marked subsampled).
     */
    private static Map<String, Object> tribuoKMeans(LabeledVectors data, SuitePreset preset, int threads, long seed) {
        int count = Math.min(data.rows(), preset.denseMaxRows());
        int[] labels = new int[count];
        Map<String, Object> r = TribuoKMeans.run(data.vectors(), data.dim(), count, data.classes(),
                KMeansSettings.DEFAULT_ITERATIONS, threads, seed, labels);
        return scored(r, data, count, labels);
    }

    /** Commons Math k-means on all rows, or on the first {@code denseMaxRows} (then marked subsampled). */
    private static Map<String, Object> denseKMeans(LabeledVectors data, SuitePreset preset, long seed) {
        int count = Math.min(data.rows(), preset.denseMaxRows());
        int[] labels = new int[count];
        Map<String, Object> r = CommonsMathKMeans.run(data.vectors(), data.dim(), count, data.classes(),
                preset.denseMaxIterations(), seed, labels);
        return scored(r, data, count, labels);
    }

    /** Adds {@code subsampled} and the quality scores of {@code labels} (the first {@code count} rows). */
    private static Map<String, Object> scored(Map<String, Object> r, LabeledVectors data, int count, int[] labels) {
        r.put("subsampled", count < data.rows());
        LabeledVectors scored = count == data.rows() ? data : new LabeledVectors(data.name(),
                Arrays.copyOf(data.vectors(), count * data.dim()), data.dim(), Arrays.copyOf(data.labels(), count));
        r.putAll(Scores.of(scored, labels));
        return r;
    }
}
