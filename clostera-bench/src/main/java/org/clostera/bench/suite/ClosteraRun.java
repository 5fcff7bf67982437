package org.clostera.bench.suite;

import java.util.LinkedHashMap;
import java.util.Map;
import org.clostera.Clusterer;
import org.clostera.ClusteringModel;
import org.clostera.bench.realdata.LabeledVectors;
import org.clostera.data.VectorSource;
import org.clostera.quantize.ReconstructionError;

/** One clostera fit of a suite dataset in one mode, through the public {@link Clusterer} API, with its figures. */
public final class ClosteraRun {
    /** Rows the reconstruction error is measured on (a deterministic sample; all rows when fewer). */
    public static final int MSE_SAMPLE_ROWS = 10_000;

    /** The suite's two modes. */
    public enum Mode {
        /** Plain PQ: {@code fastest(true)}. */
        FASTEST,
        /** OPQ, the library's default. */
        QUALITY;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private ClosteraRun() {
    }

    /**
     * Fits {@code data} at its true K (M and Ks from {@code dataset} when set) and returns the report: stage
     * seconds, encode throughput, seconds per Lloyd iteration, reconstruction MSE, purity, ARI, NMI, v-measure
     * and the assigned-center MSE. {@code model} receives the fitted model (for the peers' M and Ks).
     */
    public static Map<String, Object> run(SuiteDataset dataset, LabeledVectors data, Mode mode, int threads, long seed,
                                          ClusteringModel[] model) {
        Clusterer.Builder builder = Clusterer.builder().k(data.classes()).fastest(mode == Mode.FASTEST)
                .threads(threads).seed(seed);
        if (dataset.subquantizers() != null) {
            builder.subquantizers(dataset.subquantizers());
        }
        if (dataset.codebookSize() != null) {
            builder.codebookSize(dataset.codebookSize());
        }
        VectorSource source = data.source();
        long start = System.nanoTime();
        ClusteringModel fitted = builder.build().fit(source);
        double seconds = (System.nanoTime() - start) / 1e9;
        model[0] = fitted;
        ClusteringModel.Timings t = fitted.timings();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", mode.key());
        r.put("encoder", fitted.encoder().rotated() ? "OPQ" : "PQ");
        r.put("subquantizers", fitted.encoder().subquantizers());
        r.put("codebook_size", fitted.encoder().codebookSize());
        r.put("threads", threads);
        r.put("train_s", t.trainSeconds());
        r.put("encode_s", t.encodeSeconds());
        r.put("cluster_s", t.clusterSeconds());
        r.put("total_s", seconds);
        r.put("encode_vectors_per_s", data.rows() / Math.max(t.encodeSeconds(), 1e-9));
        r.put("iterations", fitted.iterationsRun());
        r.put("s_per_iteration", t.lloydSeconds() / Math.max(1, fitted.iterationsRun()));
        r.put("reconstruction_mse", ReconstructionError.meanSquaredError(fitted.encoder(), source, MSE_SAMPLE_ROWS,
                seed));
        r.putAll(Scores.of(data, fitted.labels()));
        return r;
    }
}
