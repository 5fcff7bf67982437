package org.clostera.quantize;

import java.util.Arrays;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.data.RowSampler;
import org.clostera.data.VectorSource;

/**
 * Reconstruction error of any {@link Encoder} (PQ or OPQ): how far {@code decode(encode(x))} is from
 * {@code x}, on a deterministic row sample, in the input space.
 */
public final class ReconstructionError {
    /** Rows encoded per step, to bound memory whatever the sample size. */
    private static final int CHUNK_BYTES = 16 << 20;

    private ReconstructionError() {
    }

    /**
     * Mean squared error per dimension: the sum over a deterministic sample of {@code sampleRows} rows
     * (all rows when the source has fewer; {@link RowSampler} with {@code seed}) of
     * {@code |x - decode(encode(x))|^2}, divided by {@code rows x D}. Accumulated in double, in row order.
     */
    public static double meanSquaredError(Encoder encoder, VectorSource source, int sampleRows, long seed) {
        if (encoder == null || source == null) {
            throw new InvalidParameterException("encoder and source must not be null");
        }
        if (sampleRows < 1) {
            throw new InvalidParameterException("sampleRows must be >= 1, got " + sampleRows);
        }
        int dim = encoder.dim();
        if (source.dim() != dim) {
            throw new InvalidDataException("expected dimension " + dim + " but the source has " + source.dim(),
                    source.description(), -1, null, null);
        }
        if (source.rows() <= 0) {
            throw new InvalidDataException("no vectors: the input is empty", source.description(), -1, null, null);
        }
        long[] rows = RowSampler.sample(source.rows(), sampleRows, seed);
        int m = encoder.subquantizers();
        int chunk = (int) Math.max(1, Math.min(rows.length, CHUNK_BYTES / (4L * dim)));
        float[] vectors = new float[chunk * dim];
        byte[] codes = new byte[chunk * m];
        double sum = 0;
        for (int first = 0; first < rows.length; first += chunk) {
            int count = Math.min(chunk, rows.length - first);
            long[] part = first == 0 && count == rows.length ? rows : Arrays.copyOfRange(rows, first, first + count);
            CheckedReads.readRows(source, part, vectors);
            encoder.encode(vectors, count, codes);
            float[] decoded = encoder.decode(codes, count);
            for (int i = 0, end = count * dim; i < end; i++) {
                double d = (double) vectors[i] - decoded[i];
                sum += d * d;
            }
        }
        return sum / ((double) rows.length * dim);
    }
}
