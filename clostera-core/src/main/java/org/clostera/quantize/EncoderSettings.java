package org.clostera.quantize;

import org.clostera.internal.ParameterChecks;

/**
 * How an encoder is trained: its kind (OPQ or plain PQ), its shape (M, Ks) and its training effort. The
 * one definition of these settings, their defaults and their checks: {@link PQEncoder.Builder},
 * {@link OPQEncoder.Builder} and {@code Clusterer.Builder} all hold one and their setters write through it.
 * Immutable; every value is checked by the canonical constructor, so a bad value fails where it is set.
 *
 * <pre>{@code
 * EncoderSettings small = EncoderSettings.defaults().withSubquantizers(16).withCodebookSize(64);
 * ClusteringModel model = Clusterer.builder().encoder(small).k(32).fit(vectors);
 * }</pre>
 *
 * @param opq           train OPQ (a learned rotation, then PQ; the default) rather than plain PQ. Read by
 *                      {@code Clusterer}, which trains the encoder; the encoder builders train their own kind
 * @param subquantizers M, the code bytes per row, 1..D; 0 (default) = {@link SubspaceLayout#defaultSubquantizers}
 * @param codebookSize  Ks, codewords per subspace, 2..256 (codes are one unsigned byte; default
 *                      {@value #DEFAULT_CODEBOOK_SIZE})
 * @param iterations    maximum Lloyd iterations per subspace, >= 0 (default {@value #DEFAULT_ITERATIONS})
 * @param opqIterations OPQ rounds (PQ training + Procrustes rotation update), >= 0; 0 keeps the PCA rotation
 *                      (default {@value #DEFAULT_OPQ_ITERATIONS}; unused for plain PQ)
 * @param trainRows     rows of the deterministic training sample, >= 1, clamped to the row count (default
 *                      {@value #DEFAULT_TRAIN_ROWS}; held in memory as {@code trainRows x D} floats)
 */
public record EncoderSettings(boolean opq, int subquantizers, int codebookSize, int iterations, int opqIterations,
                              int trainRows) {
    /** Default codewords per subspace (one full byte). */
    public static final int DEFAULT_CODEBOOK_SIZE = 256;
    /** Default maximum Lloyd iterations per subspace. */
    public static final int DEFAULT_ITERATIONS = 25;
    /** Default OPQ rounds: rotation learning is costly and a few rounds give most of the gain. */
    public static final int DEFAULT_OPQ_ITERATIONS = 3;
    /**
     * Default training sample: 32768 rows (128 rows per codeword at Ks = 256, 512 at Ks = 64), clamped
     * to the row count. Codebook quality barely improves beyond a few hundred rows per codeword.
     */
    public static final int DEFAULT_TRAIN_ROWS = 32768;

    private static final EncoderSettings DEFAULTS = new EncoderSettings(true, 0, DEFAULT_CODEBOOK_SIZE,
            DEFAULT_ITERATIONS, DEFAULT_OPQ_ITERATIONS, DEFAULT_TRAIN_ROWS);

    /** Checks every value; an out-of-range one gives an {@code InvalidParameterException} naming it. */
    public EncoderSettings {
        ParameterChecks.subquantizersOrDefault(subquantizers);
        ParameterChecks.codebookSize(codebookSize);
        ParameterChecks.atLeast("encoderIterations", iterations, 0);
        ParameterChecks.atLeast("opqIterations", opqIterations, 0);
        ParameterChecks.atLeast("trainRows", trainRows, 1);
    }

    /** OPQ, M from D, Ks = 256, 25 Lloyd iterations, 3 OPQ rounds, 32768 training rows. */
    public static EncoderSettings defaults() {
        return DEFAULTS;
    }

    /** These settings training OPQ ({@code true}) or plain PQ. */
    public EncoderSettings withOpq(boolean value) {
        return new EncoderSettings(value, subquantizers, codebookSize, iterations, opqIterations, trainRows);
    }

    /** These settings with M = {@code value} (0 = the default from D). */
    public EncoderSettings withSubquantizers(int value) {
        return new EncoderSettings(opq, value, codebookSize, iterations, opqIterations, trainRows);
    }

    /** These settings with Ks = {@code value}. */
    public EncoderSettings withCodebookSize(int value) {
        return new EncoderSettings(opq, subquantizers, value, iterations, opqIterations, trainRows);
    }

    /** These settings with {@code value} Lloyd iterations per subspace. */
    public EncoderSettings withIterations(int value) {
        return new EncoderSettings(opq, subquantizers, codebookSize, value, opqIterations, trainRows);
    }

    /** These settings with {@code value} OPQ rounds. */
    public EncoderSettings withOpqIterations(int value) {
        return new EncoderSettings(opq, subquantizers, codebookSize, iterations, value, trainRows);
    }

    /** These settings with a training sample of {@code value} rows. */
    public EncoderSettings withTrainRows(int value) {
        return new EncoderSettings(opq, subquantizers, codebookSize, iterations, opqIterations, value);
    }
}
