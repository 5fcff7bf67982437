package org.clostera.quantize;

import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.data.VectorSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link PQEncoder} and {@link OPQEncoder} check before training on a source: a non-empty source,
 * M within 1..D (0 = the default for D), at least Ks rows and a training sample of at least Ks rows.
 *
 * @param dim    the source's dimension D
 * @param rows   the source's row count
 * @param layout the subspace layout for the resolved M
 * @param ks     the codebook size Ks
 */
record TrainingInput(int dim, long rows, SubspaceLayout layout, int ks) {
    /** Largest Java array length in elements (the VM reserves a few header words). */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 16;

    private static final Logger LOG = LoggerFactory.getLogger(TrainingInput.class);

    /**
     * The training sample rows that fit one float array of {@code rows x dim}: {@code requested}, or fewer
     * (logged, as it changes the codebooks) at very large D. At D = 200,000 that is 10,737 rows, plenty for
     * Ks <= 256 codewords; only D above {@code MAX_ARRAY_LENGTH / Ks} (8.4 million at Ks = 256) cannot train.
     */
    static int sampleRowsWithinArrayLimit(int requested, int dim, int ks) {
        int fit = MAX_ARRAY_LENGTH / dim;
        if (requested <= fit) {
            return requested;
        }
        if (fit < ks) {
            throw new InvalidParameterException("dimension D = " + dim + " is too large to train codebooks of Ks = "
                    + ks + ": one Java array holds at most " + fit + " training rows of that dimension; the "
                    + "largest D for Ks = " + ks + " is " + MAX_ARRAY_LENGTH / ks + " (use a smaller codebookSize)");
        }
        LOG.warn("training sample clamped from {} to {} rows: {} rows of dimension {} exceed the largest Java array "
                + "(this changes the codebooks)", requested, fit, requested, dim);
        return fit;
    }

    static TrainingInput check(VectorSource source, int subquantizers, int codebookSize, int trainRows) {
        if (source == null) {
            throw new InvalidParameterException("source is null");
        }
        int dim = source.dim();
        long rows = source.rows();
        if (dim <= 0) {
            throw new InvalidDataException("dimension must be > 0, got " + dim, source.description(), -1, null, null);
        }
        if (rows <= 0) {
            throw new InvalidDataException("no vectors: the input is empty", source.description(), -1, null, null);
        }
        int m = subquantizers == 0 ? SubspaceLayout.defaultSubquantizers(dim) : subquantizers;
        if (m > dim) {
            throw new InvalidParameterException("subquantizers M = " + m + " exceeds the dimension D = " + dim
                    + "; M must be in 1.." + dim);
        }
        int ks = codebookSize;
        if (rows < ks) {
            throw new InvalidParameterException("codebookSize Ks = " + ks + " needs at least " + ks
                    + " rows, but " + source.description() + " has " + rows + " rows; use a smaller codebookSize");
        }
        if (trainRows < ks) {
            throw new InvalidParameterException("trainRows = " + trainRows + " is smaller than codebookSize Ks = "
                    + ks + "; every codeword needs training rows");
        }
        return new TrainingInput(dim, rows, SubspaceLayout.of(dim, m), ks);
    }
}
