package org.clostera.internal.kmeans;

import java.util.Arrays;
import org.clostera.data.CodeStore;
import org.clostera.data.RowSampler;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deterministic farthest-first seeding in code space on a bounded sample of codes.
 *
 * <p>The sample is {@link RowSampler#sample} of {@code max(sampleRows, 4k)} rows (all rows when N is
 * smaller), so the seed only matters when N exceeds the sample. The first center is the sample code
 * nearest to the mean of the sample (robust: never an outlier); each next center is the sample code
 * farthest from its nearest chosen center (ties: smallest sample index). Centers are decoded codes,
 * i.e. points of the coding space. Farthest-first is nested: with the same sample, the first K centers
 * for K' > K are the centers for K.
 *
 * <p>Cost: {@code sampleRows x K x M} table lookups, parallel over fixed blocks of the sample.
 */
final class FarthestFirstSeeding {
    /** Sample rows per parallel task. */
    private static final int BLOCK_ROWS = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(FarthestFirstSeeding.class);

    private FarthestFirstSeeding() {
    }

    /** {@code k x dim} row-major centers in the coding space. */
    static float[] seed(CodeStore codes, CodingSpaceCodebooks books, int k, int sampleRows, long seed,
                        Kernels kernels, WorkerPool pool, String source) {
        int m = books.m;
        int ks = books.ks;
        int dim = books.dim;
        long wanted = Math.max(sampleRows, 4L * k);
        long[] rows = RowSampler.sample(codes.rows(), (int) Math.min(wanted, (Integer.MAX_VALUE - 16) / m), seed);
        int n = rows.length;
        byte[] sample = readRows(codes, rows, m);
        for (int i = 0; i < n; i++) {
            books.requireValidCodes(sample, i * m, 1, rows[i], source);
        }

        // Mean of the decoded sample codes, from one histogram (all sample codes in "cluster" 0).
        int[] histogram = new int[m * ks];
        kernels.histogram(sample, 0, n, m, ks, new int[n], 0, histogram);
        float[] mean = new float[dim];
        HistogramCenters.update(histogram, new long[] {n}, books, mean, pool);

        int blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
        float[] minDist = new float[n];
        float[] dist = new float[n];
        float[] blockMax = new float[blocks];
        int[] blockArg = new int[blocks];
        float[] lut = new float[m * ks];

        // First center: the sample code nearest to the mean.
        buildTable(books, mean, 0, kernels, lut);
        pool.run(blocks, b -> {
            int from = b * BLOCK_ROWS;
            int len = Math.min(BLOCK_ROWS, n - from);
            kernels.lookupDistances(sample, from * m, len, m, lut, ks, dist, from);
        });
        int first = 0;
        for (int i = 1; i < n; i++) {
            if (dist[i] < dist[first]) {
                first = i;
            }
        }
        Arrays.fill(minDist, Float.POSITIVE_INFINITY);

        float[] centers = new float[k * dim];
        int chosen = first;
        boolean warnedDuplicates = false;
        for (int c = 0; c < k; c++) {
            books.decode(sample, chosen * m, centers, c * dim);
            if (c == k - 1) {
                break;
            }
            buildTable(books, centers, c * dim, kernels, lut);
            pool.run(blocks, b -> {
                int from = b * BLOCK_ROWS;
                int len = Math.min(BLOCK_ROWS, n - from);
                kernels.lookupDistances(sample, from * m, len, m, lut, ks, dist, from);
                float best = -1f;
                int arg = from;
                for (int i = from; i < from + len; i++) {
                    float d = Math.min(minDist[i], dist[i]);
                    minDist[i] = d;
                    if (d > best) {
                        best = d;
                        arg = i;
                    }
                }
                blockMax[b] = best;
                blockArg[b] = arg;
            });
            int bestBlock = 0;
            for (int b = 1; b < blocks; b++) {
                if (blockMax[b] > blockMax[bestBlock]) {
                    bestBlock = b;
                }
            }
            chosen = blockArg[bestBlock];
            if (blockMax[bestBlock] <= 0f && !warnedDuplicates) {
                warnedDuplicates = true;
                LOG.warn("seeding: the {}-row sample has only {} distinct codes but k = {}; the remaining centers"
                        + " duplicate existing ones and their clusters will be empty", n, c + 1, k);
            }
        }
        return centers;
    }

    /** Distance table of one center ({@code centers[offset..+dim)}) laid out {@code lut[s * ks + c]}. */
    static void buildTable(CodingSpaceCodebooks books, float[] centers, int offset, Kernels kernels, float[] lut) {
        for (int s = 0; s < books.m; s++) {
            kernels.subspaceDistanceTable(books.codebooksT[s], books.ks, books.layout.width(s),
                    centers, offset + books.layout.offset(s), books.dim, 1, lut, s * books.ks);
        }
    }

    /** Reads sorted rows, one read per run of consecutive rows. */
    static byte[] readRows(CodeStore codes, long[] rows, int m) {
        byte[] out = new byte[Math.multiplyExact(rows.length, m)];
        int i = 0;
        while (i < rows.length) {
            int j = i + 1;
            while (j < rows.length && rows[j] == rows[j - 1] + 1 && j - i < AssignmentPass.CHUNK_ROWS) {
                j++;
            }
            codes.read(rows[i], j - i, out, i * m);
            i = j;
        }
        return out;
    }
}
