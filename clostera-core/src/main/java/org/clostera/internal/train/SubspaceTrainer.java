package org.clostera.internal.train;

import java.util.concurrent.atomic.AtomicInteger;
import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.internal.ParameterChecks;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.SubspaceLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains PQ codebooks, one independent k-means per subspace: {@link PcaQuantileInit} (unless a warm
 * start is given) followed by {@link Lloyd} iterations. Used by {@code PQEncoder} on the input space
 * and by OPQ on rotated samples (with warm starts from the previous round). The result depends on the
 * sample, the parameters and the seed only, never on the thread count.
 */
public final class SubspaceTrainer {
    /** Progress stage name reported while training. */
    public static final String STAGE = "pq-train";

    private static final Logger LOG = LoggerFactory.getLogger(SubspaceTrainer.class);

    private SubspaceTrainer() {
    }

    /**
     * Trains one codebook per subspace.
     *
     * @param sample     training rows, row-major, {@code layout.dim()} columns (at least {@code rows} rows)
     * @param rows       number of training rows, at least {@code ks}
     * @param layout     the subspaces
     * @param ks         codewords per subspace, 2..256
     * @param iterations maximum Lloyd iterations per subspace (0 keeps the initial codebooks)
     * @param warmStart  null, or initial codebooks {@code [M][ks * width]} (not modified); skips initialisation
     * @param seed       seed of the deterministic initialisation
     * @param pool       worker threads
     * @return codebooks {@code [M][ks * width(s)]}, codeword {@code c} of subspace {@code s} at {@code c * width}
     */
    public static float[][] train(float[] sample, int rows, SubspaceLayout layout, int ks, int iterations,
                                  float[][] warmStart, long seed, WorkerPool pool) {
        return train(sample, rows, layout, ks, iterations, warmStart, seed, pool, ProgressListener.NONE);
    }

    /** As {@link #train(float[], int, SubspaceLayout, int, int, float[][], long, WorkerPool)}, reporting
     *  progress (stage {@value #STAGE}, one unit per subspace). */
    public static float[][] train(float[] sample, int rows, SubspaceLayout layout, int ks, int iterations,
                                  float[][] warmStart, long seed, WorkerPool pool, ProgressListener listener) {
        validate(sample, rows, layout, ks, iterations, warmStart);
        int m = layout.subspaces();
        int dim = layout.dim();
        Kernels kernels = KernelsProvider.get();
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        float[][] codebooks = new float[m][];
        int[] iterationsRun = new int[m];
        AtomicInteger done = new AtomicInteger();
        progress.onStageStart(STAGE, m);
        long start = System.nanoTime();

        // Enough subspaces to keep every thread busy: one subspace per task. Otherwise subspaces run one
        // after another with the assignment of each spread over the threads. Same result either way.
        boolean perSubspace = m >= pool.threads();
        java.util.function.IntConsumer trainOne = s -> {
            int width = layout.width(s);
            float[] data = extractSubspace(sample, rows, dim, layout.offset(s), width);
            float[] codebook = warmStart != null
                    ? warmStart[s].clone()
                    : PcaQuantileInit.init(data, rows, width, ks, subspaceSeed(seed, s));
            iterationsRun[s] = Lloyd.run(data, rows, width, codebook, ks, iterations, kernels,
                    perSubspace ? null : pool);
            codebooks[s] = codebook;
            progress.onProgress(STAGE, done.incrementAndGet(), m);
        };
        if (perSubspace) {
            pool.run(m, trainOne);
        } else {
            for (int s = 0; s < m; s++) {
                trainOne.accept(s);
            }
        }
        progress.onStageEnd(STAGE);
        if (LOG.isDebugEnabled()) {
            int maxIterations = 0;
            long total = 0;
            for (int it : iterationsRun) {
                maxIterations = Math.max(maxIterations, it);
                total += it;
            }
            LOG.debug("trained {} subspace codebooks (Ks={}, {} rows) in {} ms; Lloyd iterations mean {} max {}",
                    m, ks, rows, (System.nanoTime() - start) / 1_000_000, (double) total / m, maxIterations);
        }
        return codebooks;
    }

    /** A per-subspace seed derived from the fit seed (distinct, well mixed streams per subspace). */
    static long subspaceSeed(long seed, int subspace) {
        long z = seed + 0x9E3779B97F4A7C15L * (subspace + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Copies one subspace's columns into a contiguous {@code rows x width} array (cache-friendly Lloyd). */
    static float[] extractSubspace(float[] sample, int rows, int dim, int offset, int width) {
        float[] data = new float[Math.multiplyExact(rows, width)];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(sample, i * dim + offset, data, i * width, width);
        }
        return data;
    }

    private static void validate(float[] sample, int rows, SubspaceLayout layout, int ks, int iterations,
                                 float[][] warmStart) {
        if (layout == null) {
            throw new InvalidParameterException("subspace layout is null");
        }
        ParameterChecks.codebookSize(ks);
        if (iterations < 0) {
            throw new InvalidParameterException("iterations must be >= 0, got " + iterations);
        }
        if (rows < ks) {
            throw new InvalidParameterException("training needs at least codebookSize Ks = " + ks
                    + " rows, got " + rows + " rows; use a smaller codebookSize or more data");
        }
        if (sample == null || (long) sample.length < (long) rows * layout.dim()) {
            throw new InvalidParameterException("training sample holds " + (sample == null ? 0 : sample.length)
                    + " floats, fewer than rows x dim = " + rows + " x " + layout.dim());
        }
        if (warmStart != null) {
            if (warmStart.length != layout.subspaces()) {
                throw new InvalidParameterException("warm start has " + warmStart.length
                        + " codebooks, expected M = " + layout.subspaces());
            }
            for (int s = 0; s < warmStart.length; s++) {
                int expected = ks * layout.width(s);
                if (warmStart[s] == null || warmStart[s].length != expected) {
                    throw new InvalidParameterException("warm-start codebook " + s + " has "
                            + (warmStart[s] == null ? "no" : String.valueOf(warmStart[s].length))
                            + " floats, expected Ks x width = " + ks + " x " + layout.width(s));
                }
            }
        }
    }
}
