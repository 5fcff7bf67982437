package org.clostera.internal.kmeans;

import java.util.Arrays;
import org.clostera.ClosteraException;
import org.clostera.data.VectorSource;
import org.clostera.internal.linalg.Gemm;
import org.clostera.internal.parallel.WorkerPool;

/**
 * Dense Lloyd iterations on the raw vectors, streamed in fixed blocks: the optional exact finish after
 * code-space k-means ({@code rawRefinementIterations}). Code-space k-means minimises the error of the
 * decoded codes; these passes minimise the error of the vectors themselves, at the price of reading the
 * data once per iteration.
 *
 * <p>Numerics: rows and centers are shifted by the centers' mean and divided by a power of two that brings
 * the centers' coordinates near 1, so the {@code |x|^2 - 2 x.c + |c|^2} form of the matrix-product
 * distances neither cancels at large offsets nor overflows at large magnitudes; the squared error of the
 * chosen center is then recomputed exactly in double.
 *
 * <p>Deterministic: blocks of {@value #BLOCK_ROWS} rows are read in order, the products come from a
 * {@link Gemm} whose results do not depend on the thread count, and each cluster's sum is accumulated in
 * row order (one task per cluster), so labels and centers do not depend on the thread count.
 *
 * <p>Memory: one block of rows and its {@code rows x K} products, {@code K x D} doubles of sums, an int label
 * per row.
 */
public final class RawLloyd {
    /** Rows per block: the unit of reading, of the matrix product and of the sums. */
    static final int BLOCK_ROWS = 4096;

    /**
     * @param centers       {@code k x D} centers in the input space, row-major
     * @param labels        nearest center of every row (consistent with {@code centers})
     * @param sizes         rows per cluster
     * @param errorHistory  sum of squared distances of the rows to their centers: before the first update,
     *                      then after each update
     * @param iterationsRun center updates performed
     */
    public record Outcome(float[] centers, int[] labels, long[] sizes, double[] errorHistory, int iterationsRun) {
    }

    private final VectorSource source;
    private final int k;
    private final int dim;
    private final int rows;
    private final Gemm gemm;
    private final WorkerPool pool;
    private final double[] origin;
    private final double scale;

    private RawLloyd(VectorSource source, float[] centers, int k, Gemm gemm, WorkerPool pool) {
        this.source = source;
        this.k = k;
        this.dim = source.dim();
        this.rows = (int) source.rows();
        this.gemm = gemm;
        this.pool = pool;
        this.origin = new double[dim];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < dim; j++) {
                origin[j] += centers[c * dim + j];
            }
        }
        double largest = 0;
        for (int j = 0; j < dim; j++) {
            origin[j] /= k;
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < dim; j++) {
                largest = Math.max(largest, Math.abs(centers[c * dim + j] - origin[j]));
            }
        }
        // A power of two, so scaling is exact; 1 when all centers coincide.
        this.scale = largest > 0 && Double.isFinite(largest) ? Math.scalb(1.0, Math.getExponent(largest)) : 1.0;
    }

    /**
     * Runs assign, then (update, assign) up to {@code iterations} times from {@code centers} ({@code k x D},
     * input space); stops early when no label changes or the error improves by less than {@code tolerance}
     * (relative).
     */
    public static Outcome run(VectorSource source, float[] centers, int k, int iterations, double tolerance,
                              Gemm gemm, WorkerPool pool) {
        if (source.rows() > CodeSpaceKMeans.MAX_LABEL_ROWS) {
            throw new ClosteraException("raw refinement keeps one label per row in memory: " + source.rows()
                    + " rows exceed " + CodeSpaceKMeans.MAX_LABEL_ROWS);
        }
        return new RawLloyd(source, centers, k, gemm, pool).iterate(centers, iterations, tolerance);
    }

    private Outcome iterate(float[] start, int iterations, double tolerance) {
        float[] scaled = toScaled(start);
        int[] labels = new int[rows];
        Arrays.fill(labels, -1);
        double[] sums = new double[k * dim];
        long[] sizes = new long[k];
        double[] history = new double[iterations + 1];
        Pass pass = pass(scaled, labels, sums, sizes);
        history[0] = pass.error;
        int iteration = 0;
        while (iteration < iterations && pass.changed > 0) {
            for (int c = 0; c < k; c++) {
                if (sizes[c] > 0) {
                    for (int j = 0; j < dim; j++) {
                        scaled[c * dim + j] = (float) (sums[c * dim + j] / sizes[c]);
                    }
                }
            }
            double previous = pass.error;
            pass = pass(scaled, labels, sums, sizes);
            history[++iteration] = pass.error;
            if (previous - pass.error < tolerance * previous) {
                break;
            }
        }
        return new Outcome(fromScaled(scaled), labels, sizes, Arrays.copyOf(history, iteration + 1), iteration);
    }

    private record Pass(double error, long changed) {
    }

    /** Assigns every row to its nearest center; fills the clusters' sums and sizes (scaled space). */
    private Pass pass(float[] centers, int[] labels, double[] sums, long[] sizes) {
        Arrays.fill(sums, 0);
        Arrays.fill(sizes, 0);
        double[] centerNorms = new double[k];
        for (int c = 0; c < k; c++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += (double) centers[c * dim + j] * centers[c * dim + j];
            }
            centerNorms[c] = norm;
        }
        int block = Math.min(BLOCK_ROWS, Math.max(1, rows));
        float[] x = new float[block * dim];
        float[] products = new float[block * k];
        double[] rowError = new double[block];
        int[] blockLabels = new int[block];
        double error = 0;
        long changed = 0;
        for (int first = 0; first < rows; first += block) {
            int n = Math.min(block, rows - first);
            source.read(first, n, x, 0);
            scaleRows(x, n);
            gemm.multiply(false, true, n, k, dim, x, 0, dim, centers, 0, dim, 0f, products, 0, k, pool);
            int tasks = (n + 255) / 256;
            pool.run(tasks, t -> {
                int to = Math.min(n, (t + 1) * 256);
                for (int i = t * 256; i < to; i++) {
                    nearest(x, i, centers, centerNorms, products, blockLabels, rowError);
                }
            });
            for (int i = 0; i < n; i++) {
                error += rowError[i];
                if (labels[first + i] != blockLabels[i]) {
                    changed++;
                    labels[first + i] = blockLabels[i];
                }
            }
            accumulate(x, n, blockLabels, sums, sizes);
        }
        return new Pass(error * scale * scale, changed);
    }

    /** Label and exact squared error of row {@code i} of the block. */
    private void nearest(float[] x, int i, float[] centers, double[] centerNorms, float[] products, int[] outLabel,
                         double[] outError) {
        int base = i * dim;
        double norm = 0;
        for (int j = 0; j < dim; j++) {
            norm += (double) x[base + j] * x[base + j];
        }
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double d = norm - 2.0 * products[i * k + c] + centerNorms[c];
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        double exact = 0;
        for (int j = 0; j < dim; j++) {
            double diff = (double) x[base + j] - centers[best * dim + j];
            exact += diff * diff;
        }
        outLabel[i] = best;
        outError[i] = exact;
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

    private void scaleRows(float[] x, int n) {
        double inverse = 1 / scale;
        for (int i = 0; i < n; i++) {
            int base = i * dim;
            for (int j = 0; j < dim; j++) {
                x[base + j] = (float) ((x[base + j] - origin[j]) * inverse);
            }
        }
    }

    private float[] toScaled(float[] centers) {
        float[] out = new float[k * dim];
        double inverse = 1 / scale;
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((centers[i] - origin[i % dim]) * inverse);
        }
        return out;
    }

    private float[] fromScaled(float[] centers) {
        float[] out = new float[k * dim];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (centers[i] * scale + origin[i % dim]);
        }
        return out;
    }
}
