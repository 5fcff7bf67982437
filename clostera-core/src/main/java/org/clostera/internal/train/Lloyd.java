package org.clostera.internal.train;

import java.util.Arrays;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;

/**
 * Lloyd's k-means iterations for one subspace: assignment with the blocked
 * {@link Kernels#nearestCodewords} kernel, mean update from double-precision cell sums (updated in row
 * order for the rows that moved), empty cells
 * re-seeded deterministically with the points farthest from their codewords (farthest-first, so
 * duplicate points never seed two cells), early stop when no assignment changes. The result depends
 * only on the data and the initial codebook, never on the thread count: assignment is per row and the
 * update is sequential.
 */
public final class Lloyd {
    /** Rows per assignment task when the assignment is spread over threads (fixed, thread-independent). */
    static final int ASSIGN_CHUNK_ROWS = 4096;

    private Lloyd() {
    }

    /**
     * Runs up to {@code iterations} Lloyd iterations on {@code rows} sub-vectors stored contiguously
     * ({@code data[i * width + j]}), updating {@code codebook} ({@code ks x width}, row-major) in place.
     *
     * @param pool workers for the assignment step, or null to assign on the calling thread
     * @return the number of iterations run (fewer than {@code iterations} when assignments stopped changing)
     */
    public static int run(float[] data, int rows, int width, float[] codebook, int ks, int iterations,
                          Kernels kernels, WorkerPool pool) {
        float[] codebookT = new float[ks * width];
        float[] norms = new float[ks];
        int[] labels = new int[rows];
        int[] previous = new int[rows];
        double[] sums = new double[ks * width];
        int[] counts = new int[ks];
        boolean[] touched = new boolean[ks];
        float[] distances = null;
        int iteration = 0;
        while (iteration < iterations) {
            transpose(codebook, ks, width, codebookT, norms);
            int[] swap = previous;
            previous = labels;
            labels = swap;
            assign(data, rows, width, codebookT, norms, ks, labels, kernels, pool);
            iteration++;
            // Cell sums are kept up to date incrementally (only rows that moved), in row order, so late
            // iterations where few rows move cost little beyond the assignment.
            int moved = 0;
            for (int i = 0; i < rows; i++) {
                int c = labels[i];
                int old = iteration == 1 ? -1 : previous[i];
                if (c == old) {
                    continue;
                }
                moved++;
                int src = i * width;
                if (old >= 0) {
                    counts[old]--;
                    touched[old] = true;
                    int base = old * width;
                    for (int j = 0; j < width; j++) {
                        sums[base + j] -= data[src + j];
                    }
                }
                counts[c]++;
                touched[c] = true;
                int base = c * width;
                for (int j = 0; j < width; j++) {
                    sums[base + j] += data[src + j];
                }
            }
            if (moved == 0) {
                // The codebook already holds the means of these cells.
                break;
            }
            int empty = 0;
            for (int c = 0; c < ks; c++) {
                int base = c * width;
                if (counts[c] == 0) {
                    empty++;
                    // Drop rounding residue so a cell that is refilled later starts from exact zeros.
                    Arrays.fill(sums, base, base + width, 0.0);
                } else if (touched[c]) {
                    double inverse = 1.0 / counts[c];
                    for (int j = 0; j < width; j++) {
                        codebook[base + j] = (float) (sums[base + j] * inverse);
                    }
                }
                touched[c] = false;
            }
            if (empty > 0) {
                if (distances == null) {
                    distances = new float[rows];
                }
                reseedEmpty(data, rows, width, codebook, ks, labels, counts, distances);
            }
        }
        return iteration;
    }

    /** Squared-error sum of the sub-vectors against their nearest codewords (for tests and logging). */
    public static double squaredError(float[] data, int rows, int width, float[] codebook, int ks, Kernels kernels) {
        float[] codebookT = new float[ks * width];
        float[] norms = new float[ks];
        transpose(codebook, ks, width, codebookT, norms);
        int[] labels = new int[rows];
        kernels.nearestCodewords(data, 0, width, rows, width, codebookT, norms, ks, labels, 0, null, 0);
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            sum += distance(data, i * width, codebook, labels[i] * width, width);
        }
        return sum;
    }

    /** Builds the kernel's transposed codebook ({@code codebookT[j * ks + c]}) and squared norms. */
    public static void transpose(float[] codebook, int ks, int width, float[] codebookT, float[] norms) {
        for (int c = 0; c < ks; c++) {
            int base = c * width;
            float norm = 0f;
            for (int j = 0; j < width; j++) {
                float v = codebook[base + j];
                codebookT[j * ks + c] = v;
                norm = Math.fma(v, v, norm);
            }
            norms[c] = norm;
        }
    }

    private static void assign(float[] data, int rows, int width, float[] codebookT, float[] norms, int ks,
                               int[] labels, Kernels kernels, WorkerPool pool) {
        int chunks = (rows + ASSIGN_CHUNK_ROWS - 1) / ASSIGN_CHUNK_ROWS;
        if (pool == null || pool.threads() == 1 || chunks == 1) {
            kernels.nearestCodewords(data, 0, width, rows, width, codebookT, norms, ks, labels, 0, null, 0);
            return;
        }
        pool.run(chunks, chunk -> {
            int first = chunk * ASSIGN_CHUNK_ROWS;
            int n = Math.min(ASSIGN_CHUNK_ROWS, rows - first);
            kernels.nearestCodewords(data, first * width, width, n, width, codebookT, norms, ks, labels, first, null, 0);
        });
    }

    /**
     * Moves each empty cell's codeword to the row farthest from its (updated) codeword, then lowers
     * every row's distance to that new codeword, so the next empty cell goes elsewhere. Rows already
     * represented exactly (distance 0) are never used: then the cell keeps its old codeword.
     */
    private static void reseedEmpty(float[] data, int rows, int width, float[] codebook, int ks,
                                    int[] labels, int[] counts, float[] distances) {
        for (int i = 0; i < rows; i++) {
            distances[i] = distance(data, i * width, codebook, labels[i] * width, width);
        }
        for (int c = 0; c < ks; c++) {
            if (counts[c] != 0) {
                continue;
            }
            int farthest = 0;
            for (int i = 1; i < rows; i++) {
                if (distances[i] > distances[farthest]) {
                    farthest = i;
                }
            }
            if (!(distances[farthest] > 0f)) {
                return;
            }
            System.arraycopy(data, farthest * width, codebook, c * width, width);
            for (int i = 0; i < rows; i++) {
                float d = distance(data, i * width, data, farthest * width, width);
                if (d < distances[i]) {
                    distances[i] = d;
                }
            }
        }
    }

    private static float distance(float[] a, int aOffset, float[] b, int bOffset, int width) {
        float acc = 0f;
        for (int j = 0; j < width; j++) {
            float d = a[aOffset + j] - b[bOffset + j];
            acc = Math.fma(d, d, acc);
        }
        return acc;
    }
}
