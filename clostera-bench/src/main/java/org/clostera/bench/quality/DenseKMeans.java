package org.clostera.bench.quality;

import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.clostera.internal.parallel.WorkerPool;

/**
 * Plain dense k-means on the raw floats, the reference the sweep compares with: greedy k-means++ seeding
 * (as scikit-learn: {@code 2 + ln K} candidates per step drawn with probability proportional to the squared
 * distance, the one that lowers the potential most is kept), then Lloyd iterations until no row changes
 * cluster (at most {@link #MAX_ITERATIONS}); an emptied cluster takes the row farthest from its center.
 * One initialisation. Distances are sums of squared differences (no cancellation), means are summed in
 * double in row order; rows are processed in fixed blocks, so the result is the same for any thread count.
 */
final class DenseKMeans {
    static final int MAX_ITERATIONS = 300;
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int BLOCK_ROWS = 1024;

    /** Labels and the number of Lloyd iterations run. */
    record Result(int[] labels, int iterations) {
    }

    private final float[] data;
    private final int rows;
    private final int dim;
    private final WorkerPool pool;

    private DenseKMeans(float[] data, int dim, WorkerPool pool) {
        this.data = data;
        this.dim = dim;
        this.rows = data.length / dim;
        this.pool = pool;
    }

    static Result fit(float[] data, int dim, int k, long seed, int threads) {
        try (WorkerPool pool = new WorkerPool(threads)) {
            return new DenseKMeans(data, dim, pool).run(k, seed);
        }
    }

    private Result run(int k, long seed) {
        float[] centers = seed(k, new SplittableRandom(seed));
        int[] labels = new int[rows];
        Arrays.fill(labels, -1);
        float[] distances = new float[rows];
        int iteration = 0;
        while (iteration < MAX_ITERATIONS) {
            iteration++;
            int changed = assign(centers, k, labels, distances);
            if (changed == 0) {
                break;
            }
            update(centers, k, labels, distances);
        }
        return new Result(labels, iteration);
    }

    /** Greedy k-means++. */
    private float[] seed(int k, SplittableRandom random) {
        float[] centers = new float[k * dim];
        int trials = 2 + (int) Math.log(k);
        int first = random.nextInt(rows);
        System.arraycopy(data, first * dim, centers, 0, dim);
        float[] closest = distancesTo(first);
        double potential = sum(closest);
        float[] candidateDistances = new float[rows];
        for (int c = 1; c < k; c++) {
            int best = -1;
            double bestPotential = Double.POSITIVE_INFINITY;
            float[] bestDistances = null;
            for (int t = 0; t < trials; t++) {
                int candidate = sampleProportional(closest, potential, random);
                float[] d = distancesTo(candidate);
                double candidatePotential = 0;
                for (int i = 0; i < rows; i++) {
                    d[i] = Math.min(d[i], closest[i]);
                    candidatePotential += d[i];
                }
                if (candidatePotential < bestPotential) {
                    bestPotential = candidatePotential;
                    best = candidate;
                    bestDistances = d;
                }
            }
            System.arraycopy(data, best * dim, centers, c * dim, dim);
            closest = bestDistances;
            potential = bestPotential;
        }
        return centers;
    }

    private int sampleProportional(float[] weights, double total, SplittableRandom random) {
        double target = random.nextDouble() * total;
        double running = 0;
        for (int i = 0; i < rows; i++) {
            running += weights[i];
            if (running > target) {
                return i;
            }
        }
        // Rounding: the last row with a positive weight.
        for (int i = rows - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        return random.nextInt(rows);
    }

    private float[] distancesTo(int row) {
        float[] out = new float[rows];
        int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        pool.run(blocks, b -> {
            int end = Math.min(rows, (b + 1) * BLOCK_ROWS);
            for (int i = b * BLOCK_ROWS; i < end; i++) {
                out[i] = squaredDistance(data, i * dim, data, row * dim, dim);
            }
        });
        return out;
    }

    /** Nearest center of every row (ties to the lower index); returns how many rows changed. */
    private int assign(float[] centers, int k, int[] labels, float[] distances) {
        int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        int[] changedPerBlock = new int[blocks];
        pool.run(blocks, b -> {
            int end = Math.min(rows, (b + 1) * BLOCK_ROWS);
            int changed = 0;
            for (int i = b * BLOCK_ROWS; i < end; i++) {
                int best = 0;
                float bestDistance = Float.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    float d = squaredDistance(data, i * dim, centers, c * dim, dim);
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = c;
                    }
                }
                changed += labels[i] != best ? 1 : 0;
                labels[i] = best;
                distances[i] = bestDistance;
            }
            changedPerBlock[b] = changed;
        });
        return Arrays.stream(changedPerBlock).sum();
    }

    /** Means in double, in row order; an empty cluster takes the row farthest from its center. */
    private void update(float[] centers, int k, int[] labels, float[] distances) {
        double[] sums = new double[k * dim];
        long[] counts = new long[k];
        for (int i = 0; i < rows; i++) {
            int c = labels[i];
            counts[c]++;
            int base = c * dim;
            int row = i * dim;
            for (int d = 0; d < dim; d++) {
                sums[base + d] += data[row + d];
            }
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                int farthest = 0;
                for (int i = 1; i < rows; i++) {
                    if (distances[i] > distances[farthest]) {
                        farthest = i;
                    }
                }
                System.arraycopy(data, farthest * dim, centers, c * dim, dim);
                distances[farthest] = 0;
                continue;
            }
            for (int d = 0; d < dim; d++) {
                centers[c * dim + d] = (float) (sums[c * dim + d] / counts[c]);
            }
        }
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    static float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int dim) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int d = 0;
        int bound = SPECIES.loopBound(dim);
        for (; d < bound; d += SPECIES.length()) {
            FloatVector diff = FloatVector.fromArray(SPECIES, a, aOffset + d)
                    .sub(FloatVector.fromArray(SPECIES, b, bOffset + d));
            acc = diff.fma(diff, acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; d < dim; d++) {
            float diff = a[aOffset + d] - b[bOffset + d];
            s += diff * diff;
        }
        return s;
    }
}
