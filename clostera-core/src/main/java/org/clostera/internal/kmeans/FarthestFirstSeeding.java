package org.clostera.internal.kmeans;

import java.util.Arrays;
import org.clostera.internal.parallel.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deterministic farthest-first seeding in code space on a {@link SeedingSample}.
 *
 * <p>The first center is the sample code nearest to the mean of the sample (never an outlier); each next
 * center is the sample code farthest from its nearest chosen center (ties: smallest sample index).
 * Centers are decoded codes, i.e. points of the coding space. Fast and seed-free, but in high dimensions
 * the tails of one wide cluster can be farther apart than two cluster centers, so it may spend several
 * centers on one cluster; {@link KMeansPlusPlusSeeding} is the robust default.
 *
 * <p>Cost: {@code sampleRows x K x M} table lookups, parallel over fixed blocks of the sample.
 */
final class FarthestFirstSeeding {
    private static final Logger LOG = LoggerFactory.getLogger(FarthestFirstSeeding.class);

    private FarthestFirstSeeding() {
    }

    /** {@code k x dim} row-major centers in the coding space. */
    static float[] seed(SeedingSample sample, int k, WorkerPool pool) {
        CodingSpaceCodebooks books = sample.books;
        int m = books.m;
        int dim = books.dim;
        int n = sample.n;

        // Mean of the decoded sample codes, from one histogram (all sample codes in "cluster" 0).
        int[] histogram = new int[m * books.ks];
        for (int i = 0; i < n * m; i += m) {
            for (int s = 0; s < m; s++) {
                histogram[s * books.ks + (sample.codes[i + s] & 0xFF)]++;
            }
        }
        float[] mean = new float[dim];
        HistogramCenters.update(histogram, new long[] {n}, books, mean, pool);

        float[] minDist = new float[n];
        float[] dist = new float[n];
        sample.distances(mean, 0, dist);
        int chosen = 0;
        for (int i = 1; i < n; i++) {
            if (dist[i] < dist[chosen]) {
                chosen = i;
            }
        }
        Arrays.fill(minDist, Float.POSITIVE_INFINITY);

        float[] blockMax = new float[sample.blocks];
        int[] blockArg = new int[sample.blocks];
        float[] centers = new float[k * dim];
        boolean warnedDuplicates = false;
        for (int c = 0; c < k; c++) {
            sample.decode(chosen, centers, c * dim);
            if (c == k - 1) {
                break;
            }
            sample.distances(centers, c * dim, dist);
            pool.run(sample.blocks, b -> {
                int from = b * SeedingSample.BLOCK_ROWS;
                int to = Math.min(n, from + SeedingSample.BLOCK_ROWS);
                float best = -1f;
                int arg = from;
                for (int i = from; i < to; i++) {
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
            for (int b = 1; b < sample.blocks; b++) {
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
}
