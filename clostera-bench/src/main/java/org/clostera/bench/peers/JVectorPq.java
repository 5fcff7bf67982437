package org.clostera.bench.peers;

import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.quantization.PQVectors;
import io.github.jbellis.jvector.quantization.ProductQuantization;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.clostera.data.RowSampler;
import org.clostera.quantize.EncoderSettings;

/**
 * Peer: JVector's {@link ProductQuantization} at the same M and Ks as clostera (globally centred, as
 * clostera): training time on a training sample of clostera's size ({@link EncoderSettings#DEFAULT_TRAIN_ROWS}
 * rows drawn by {@link RowSampler}; JVector alone would train on up to
 * {@link ProductQuantization#MAX_PQ_TRAINING_SET_SIZE}), encoding throughput over all rows, and
 * the reconstruction error per dimension on the same sampled rows as clostera's
 * {@code ReconstructionError} (the same {@link RowSampler} sample).
 */
public final class JVectorPq {
    private static final VectorTypeSupport VECTORS = VectorizationProvider.getInstance().getVectorTypeSupport();

    private JVectorPq() {
    }

    /** Trains, encodes and scores; {@code threads} workers for the encoding pass. */
    public static Map<String, Object> run(float[] rows, int dim, int subquantizers, int codebookSize, int threads,
                                          int mseSampleRows, long seed) {
        int n = rows.length / dim;
        List<VectorFloat<?>> vectors = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] row = new float[dim];
            System.arraycopy(rows, i * dim, row, 0, dim);
            vectors.add(VECTORS.createFloatVector(row));
        }
        ListRandomAccessVectorValues values = new ListRandomAccessVectorValues(vectors, dim);
        List<VectorFloat<?>> training = new ArrayList<>();
        for (long row : RowSampler.sample(n, EncoderSettings.DEFAULT_TRAIN_ROWS, seed)) {
            training.add(vectors.get((int) row));
        }
        long start = System.nanoTime();
        ProductQuantization pq = ProductQuantization.compute(new ListRandomAccessVectorValues(training, dim),
                subquantizers, codebookSize, true);
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        PQVectors codes;
        double encodeSeconds;
        try (ForkJoinPool pool = new ForkJoinPool(threads)) {
            long encodeStart = System.nanoTime();
            codes = pq.encodeAll(values, pool);
            encodeSeconds = (System.nanoTime() - encodeStart) / 1e9;
        }
        double squared = 0;
        long[] sample = RowSampler.sample(n, mseSampleRows, seed);
        VectorFloat<?> decoded = VECTORS.createFloatVector(dim);
        for (long row : sample) {
            pq.decode(codes.get((int) row), decoded);
            int base = (int) row * dim;
            for (int j = 0; j < dim; j++) {
                double d = rows[base + j] - decoded.get(j);
                squared += d * d;
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("peer", "JVector ProductQuantization");
        r.put("version", ProductQuantization.class.getPackage().getImplementationVersion());
        r.put("vectorization", VectorizationProvider.getInstance().getClass().getSimpleName());
        r.put("subquantizers", pq.getSubspaceCount());
        r.put("codebook_size", pq.getClusterCount());
        r.put("threads", threads);
        r.put("train_rows", training.size());
        r.put("train_s", trainSeconds);
        r.put("encode_s", encodeSeconds);
        r.put("encode_vectors_per_s", n / Math.max(encodeSeconds, 1e-9));
        r.put("reconstruction_mse", squared / ((double) sample.length * dim));
        return r;
    }
}
