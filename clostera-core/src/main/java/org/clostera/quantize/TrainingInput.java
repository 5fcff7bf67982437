package org.clostera.quantize;

import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.data.VectorSource;

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
