package org.clostera.internal.kmeans;

import org.clostera.internal.linalg.Gemm;
import org.clostera.internal.parallel.WorkerPool;

/**
 * Exact nearest center of raw vectors, for the dense passes after code-space k-means ({@link RawLloyd}) and
 * for predictions with the centers those passes produced. The label of a row is the argmin, over the
 * centers, of the squared distance computed in double in coordinate order (lowest index on ties): a
 * function of the row and the centers only, so a prediction gives the fit's label for the same row
 * whatever block it comes in, thread count or BLAS library.
 *
 * <p>Speed comes from a matrix product per block ({@code |x|^2 - 2 x.c + |c|^2} in float, BLAS); it only
 * chooses the candidates. A center is a candidate when its product distance, less its rounding bound, is
 * not above the best product distance plus its bound; the float dot product of {@code n} terms is off by at
 * most {@code gamma_n |x| |c|} ({@code gamma_n = n u / (1 - n u)}, any summation order, Higham 2002, 3.1),
 * taken twice as margin. Usually one candidate is left and its exact distance is the row's error.
 *
 * <p>Numerics: rows and centers are shifted by the centers' mean and divided by a power of two that brings
 * the centers' coordinates near 1, so the product form neither cancels at large offsets nor overflows at
 * large magnitudes. The frame is computed from the centers alone.
 */
public final class DenseAssignment {
    /** Rows per matrix product of {@link #assignAll}: bounds the {@code rows x K} products. */
    public static final int BLOCK_ROWS = 4096;
    private static final double UNIT_ROUNDOFF = 0x1p-24;

    private final int k;
    private final int dim;
    private final double[] origin;
    private final double scale;
    private final float[] scaledCenters;
    private final double[] centerNorms;
    /** {@code 2 gamma_dim |c|}: a center's product distance is off by at most this times {@code |x|}. */
    private final double[] centerMargins;

    /** @param centers {@code k x dim} centers in the input space, row-major */
    public DenseAssignment(float[] centers, int k, int dim) {
        this.k = k;
        this.dim = dim;
        this.origin = new double[dim];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < dim; j++) {
                origin[j] += centers[c * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            origin[j] /= k;
        }
        double largest = 0;
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < dim; j++) {
                largest = Math.max(largest, Math.abs(centers[c * dim + j] - origin[j]));
            }
        }
        // A power of two, so scaling is exact; 1 when all centers coincide.
        this.scale = largest > 0 && Double.isFinite(largest) ? Math.scalb(1.0, Math.getExponent(largest)) : 1.0;
        this.scaledCenters = new float[k * dim];
        double inverse = 1 / scale;
        for (int i = 0; i < scaledCenters.length; i++) {
            scaledCenters[i] = (float) ((centers[i] - origin[i % dim]) * inverse);
        }
        double gamma = dim * UNIT_ROUNDOFF / (1 - dim * UNIT_ROUNDOFF);
        this.centerNorms = new double[k];
        this.centerMargins = new double[k];
        for (int c = 0; c < k; c++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += (double) scaledCenters[c * dim + j] * scaledCenters[c * dim + j];
            }
            centerNorms[c] = norm;
            // Twice the bound of the float product, plus the rounding of the double sums around it.
            centerMargins[c] = 4 * gamma * Math.sqrt(norm) + 1e-12;
        }
    }

    public int k() {
        return k;
    }

    /** Squared distances come out in the scaled frame: multiply by this to get input units. */
    public double squaredScale() {
        return scale * scale;
    }

    /** Scratch for blocks of up to {@code rows} rows (one per concurrent caller). */
    Block newBlock(int rows) {
        return new Block(rows);
    }

    /**
     * Labels {@code n} rows held in {@code block.rows} (input space, row-major; scaled in place) and stores
     * each row's exact squared distance to its center (scaled frame) in {@code block.errors}.
     */
    void assign(Block block, int n, Gemm gemm, WorkerPool pool) {
        float[] x = block.rows;
        double inverse = 1 / scale;
        for (int i = 0; i < n; i++) {
            int base = i * dim;
            for (int j = 0; j < dim; j++) {
                x[base + j] = (float) ((x[base + j] - origin[j]) * inverse);
            }
        }
        gemm.multiply(false, true, n, k, dim, x, 0, dim, scaledCenters, 0, dim, 0f, block.products, 0, k, pool);
        int tasks = (n + 255) / 256;
        pool.run(tasks, t -> {
            int to = Math.min(n, (t + 1) * 256);
            for (int i = t * 256; i < to; i++) {
                nearest(x, i, block.products, block.labels, block.errors);
            }
        });
    }

    /**
     * Labels the first {@code n} rows of {@code rows} (input space, row-major; not modified) into
     * {@code out[outOffset, outOffset + n)}, {@value #BLOCK_ROWS} rows per matrix product. The labels do not
     * depend on the blocking.
     */
    public void assignAll(float[] rows, int n, int[] out, int outOffset, Gemm gemm, WorkerPool pool) {
        Block block = newBlock(Math.max(1, Math.min(BLOCK_ROWS, n)));
        for (int first = 0; first < n; first += BLOCK_ROWS) {
            int count = Math.min(BLOCK_ROWS, n - first);
            System.arraycopy(rows, first * dim, block.rows, 0, count * dim);
            assign(block, count, gemm, pool);
            System.arraycopy(block.labels, 0, out, outOffset + first, count);
        }
    }

    private void nearest(float[] x, int i, float[] products, int[] outLabel, double[] outError) {
        int base = i * dim;
        double norm = 0;
        for (int j = 0; j < dim; j++) {
            norm += (double) x[base + j] * x[base + j];
        }
        double rowNorm = Math.sqrt(norm);
        int row = i * k;
        double ceiling = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double upper = norm - 2.0 * products[row + c] + centerNorms[c] + centerMargins[c] * rowNorm;
            ceiling = Math.min(ceiling, upper);
        }
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double lower = norm - 2.0 * products[row + c] + centerNorms[c] - centerMargins[c] * rowNorm;
            if (lower <= ceiling) {
                double exact = exactDistance(x, base, c);
                if (exact < bestDistance) {
                    bestDistance = exact;
                    best = c;
                }
            }
        }
        if (best < 0) {
            // Non-finite products (cannot happen for finite rows in the scaled frame): fall back to the scan.
            for (int c = 0; c < k; c++) {
                double exact = exactDistance(x, base, c);
                if (best < 0 || exact < bestDistance) {
                    bestDistance = exact;
                    best = c;
                }
            }
        }
        outLabel[i] = best;
        outError[i] = bestDistance;
    }

    private double exactDistance(float[] x, int base, int c) {
        int offset = c * dim;
        double sum = 0;
        for (int j = 0; j < dim; j++) {
            double diff = (double) x[base + j] - scaledCenters[offset + j];
            sum += diff * diff;
        }
        return sum;
    }

    /**
     * Input-space center of a cluster from the sum of its members' scaled rows: {@code origin + scale * sum / n},
     * rounded to float once.
     */
    public void centerFromScaledSum(double[] sums, int offset, long members, float[] out, int outOffset) {
        for (int j = 0; j < dim; j++) {
            out[outOffset + j] = (float) (origin[j] + scale * (sums[offset + j] / members));
        }
    }

    /** Buffers of one block: its rows (scaled in place by {@link #assign}), products, labels and errors. */
    final class Block {
        final float[] rows;
        final float[] products;
        final int[] labels;
        final double[] errors;

        private Block(int capacity) {
            this.rows = new float[capacity * dim];
            this.products = new float[capacity * k];
            this.labels = new int[capacity];
            this.errors = new double[capacity];
        }
    }
}
