package org.clostera.internal.kmeans;

import java.util.Arrays;
import org.clostera.ClosteraException;
import org.clostera.data.UnitLengthRows;
import org.clostera.data.VectorSource;
import org.clostera.internal.linalg.Gemm;
import org.clostera.internal.parallel.WorkerPool;

/**
 * Dense Lloyd iterations on the raw vectors, streamed in fixed blocks: the optional exact finish after
 * code-space k-means ({@code rawRefinementIterations}). Code-space k-means minimises the error of the
 * decoded codes; these passes minimise the error of the vectors themselves, at the price of reading the
 * data once per iteration.
 *
 * <p>Each pass labels the rows with {@link DenseAssignment} built from the current centers (exact nearest
 * center in double, a matrix product per block to choose the candidates; its numerics are described
 * there), so the final labels are exactly what {@link DenseAssignment} gives for the returned centers: a
 * prediction with them reproduces the fit's labels.
 *
 * <p>Deterministic: blocks of {@value #BLOCK_ROWS} rows are read in order, and each cluster's sum is
 * accumulated in row order (one task per cluster), so labels and centers do not depend on the thread count.
 *
 * <p>Memory: one block of rows and its {@code rows x K} products, {@code K x D} doubles of sums, an int label
 * per row.
 */
public final class RawLloyd {
    /** Rows per block: the unit of reading, of the matrix product and of the sums. */
    static final int BLOCK_ROWS = 4096;

    /**
     * @param centers       {@code k x D} centers in the input space, row-major; the labels are their
     *                      {@link DenseAssignment} labels
     * @param labels        nearest center of every row
     * @param sizes         rows per cluster
     * @param errorHistory  sum of squared distances of the rows to their centers: before the first update,
     *                      then after each update
     * @param iterationsRun center updates performed
     * @param clusterErrors the last entry of {@code errorHistory} per cluster
     */
    public record Outcome(float[] centers, int[] labels, long[] sizes, double[] errorHistory, int iterationsRun,
                          double[] clusterErrors) {
        /** The rows' squared error to their centers at the end. */
        public double error() {
            return errorHistory[errorHistory.length - 1];
        }
    }

    private final VectorSource source;
    private final int k;
    private final int dim;
    private final int rows;
    private final Gemm gemm;
    private final WorkerPool pool;
    private final boolean spherical;

    private RawLloyd(VectorSource source, int k, Gemm gemm, WorkerPool pool, boolean spherical) {
        this.spherical = spherical;
        this.source = source;
        this.k = k;
        this.dim = source.dim();
        this.rows = (int) source.rows();
        this.gemm = gemm;
        this.pool = pool;
    }

    /**
     * Runs assign, then (update, assign) up to {@code iterations} times from {@code centers} ({@code k x D},
     * input space); stops early when no label changes or the error improves by less than {@code tolerance}
     * (relative).
     */
    public static Outcome run(VectorSource source, float[] centers, int k, int iterations, double tolerance,
                              Gemm gemm, WorkerPool pool) {
        return run(source, centers, k, iterations, tolerance, gemm, pool, false);
    }

    /**
     * {@link #run(VectorSource, float[], int, int, double, Gemm, WorkerPool)}; with {@code spherical} (rows of
     * unit length, the cosine metric) every updated center is renormalised to unit length: spherical k-means.
     */
    public static Outcome run(VectorSource source, float[] centers, int k, int iterations, double tolerance,
                              Gemm gemm, WorkerPool pool, boolean spherical) {
        if (source.rows() > CodeSpaceKMeans.MAX_LABEL_ROWS) {
            throw new ClosteraException("raw refinement keeps one label per row in memory: " + source.rows()
                    + " rows exceed " + CodeSpaceKMeans.MAX_LABEL_ROWS);
        }
        float[] start = centers.clone();
        if (spherical) {
            // Unit centers from the start: the error to unit centers (2 - 2 cos per row) then falls every pass.
            for (int c = 0; c < k; c++) {
                UnitLengthRows.scaleToUnitLength(start, c * source.dim(), source.dim());
            }
        }
        return new RawLloyd(source, k, gemm, pool, spherical).iterate(start, iterations, tolerance);
    }

    private Outcome iterate(float[] centers, int iterations, double tolerance) {
        int[] labels = new int[rows];
        Arrays.fill(labels, -1);
        double[] sums = new double[k * dim];
        long[] sizes = new long[k];
        double[] history = new double[iterations + 1];
        DenseAssignment frame = new DenseAssignment(centers, k, dim);
        Pass pass = pass(frame, labels, sums, sizes);
        history[0] = pass.error;
        int iteration = 0;
        while (iteration < iterations && pass.changed > 0) {
            float[] updated = centers.clone();
            for (int c = 0; c < k; c++) {
                if (sizes[c] > 0) {
                    frame.centerFromScaledSum(sums, c * dim, sizes[c], updated, c * dim);
                    if (spherical) {
                        UnitLengthRows.scaleToUnitLength(updated, c * dim, dim);
                    }
                }
            }
            double previous = pass.error;
            DenseAssignment next = new DenseAssignment(updated, k, dim);
            int[] nextLabels = labels.clone();
            double[] nextSums = new double[k * dim];
            long[] nextSizes = new long[k];
            Pass nextPass = pass(next, nextLabels, nextSums, nextSizes);
            // Lloyd never raises the exact error; a rise can only be rounding: keep the better clustering.
            if (nextPass.error > previous) {
                break;
            }
            centers = updated;
            frame = next;
            labels = nextLabels;
            sums = nextSums;
            sizes = nextSizes;
            pass = nextPass;
            history[++iteration] = pass.error;
            if (previous - pass.error < tolerance * previous) {
                break;
            }
        }
        double[] clusterErrors = pass.clusterErrors.clone();
        for (int c = 0; c < k; c++) {
            clusterErrors[c] *= frame.squaredScale();
        }
        return new Outcome(centers, labels, sizes, Arrays.copyOf(history, iteration + 1), iteration, clusterErrors);
    }

    /** One labelling pass: total error (input units), labels changed, per-cluster error (scaled frame). */
    private record Pass(double error, long changed, double[] clusterErrors) {
    }

    /** Labels every row with {@code frame}; fills the clusters' sums (in the frame's scaled space) and sizes. */
    private Pass pass(DenseAssignment frame, int[] labels, double[] sums, long[] sizes) {
        int block = Math.min(BLOCK_ROWS, Math.max(1, rows));
        DenseAssignment.Block buffers = frame.newBlock(block);
        double error = 0;
        long changed = 0;
        double[] clusterErrors = new double[k];
        for (int first = 0; first < rows; first += block) {
            int n = Math.min(block, rows - first);
            source.read(first, n, buffers.rows, 0);
            frame.assign(buffers, n, gemm, pool);
            for (int i = 0; i < n; i++) {
                error += buffers.errors[i];
                clusterErrors[buffers.labels[i]] += buffers.errors[i];
                if (labels[first + i] != buffers.labels[i]) {
                    changed++;
                    labels[first + i] = buffers.labels[i];
                }
            }
            accumulate(buffers.rows, n, buffers.labels, sums, sizes);
        }
        return new Pass(error * frame.squaredScale(), changed, clusterErrors);
    }

    /** Adds the block's rows to their clusters' sums, each cluster in row order (one task per cluster). */
    private void accumulate(float[] x, int n, int[] blockLabels, double[] sums, long[] sizes) {
        int[] start = new int[k + 1];
        for (int i = 0; i < n; i++) {
            start[blockLabels[i] + 1]++;
        }
        for (int c = 0; c < k; c++) {
            start[c + 1] += start[c];
        }
        int[] order = new int[n];
        int[] fill = Arrays.copyOf(start, k);
        for (int i = 0; i < n; i++) {
            order[fill[blockLabels[i]]++] = i;
        }
        pool.run(k, c -> {
            int offset = c * dim;
            for (int p = start[c]; p < start[c + 1]; p++) {
                int base = order[p] * dim;
                for (int j = 0; j < dim; j++) {
                    sums[offset + j] += x[base + j];
                }
            }
            sizes[c] += start[c + 1] - start[c];
        });
    }
}
