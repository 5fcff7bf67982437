package org.clostera.internal.autok;

import org.clostera.internal.kernels.AlignedFloats;
import org.clostera.internal.parallel.WorkerPool;

/**
 * Scores one set of centers on the sample codes in a single O(n K M) pass of asymmetric distances:
 * centroid silhouette, Davies-Bouldin, inertia and BIC. Distances come from tables of up to
 * {@link CodeSpaceGeometry#MAX_BATCH} centers each (the same values as one table per center, in a third of
 * the passes over the codes). Rows are processed in fixed blocks whose partial sums are combined in block
 * order, so the scores do not depend on the thread count.
 */
final class CodeSpaceScorer {
    /** Rows per task; fixed so the reduction order never depends on the thread count. */
    static final int BLOCK_ROWS = 512;

    private final CodeSpaceGeometry geometry;
    private final byte[] codes;
    private final int rows;

    CodeSpaceScorer(CodeSpaceGeometry geometry, byte[] codes, int rows) {
        this.geometry = geometry;
        this.codes = codes;
        this.rows = rows;
    }

    /** Per-block partial sums. */
    private static final class Partial {
        final long[] counts;
        final double[] sumSquares;
        final double[] sumDistances;
        final float[] distances;
        double silhouette;
        double silhouetteSquares;

        Partial(int k, float[] distances) {
            this.distances = distances;
            counts = new long[k];
            sumSquares = new double[k];
            sumDistances = new double[k];
        }
    }

    /** Sum of squared distances of the sample to one point (e.g. the sample mean: the scatter at K = 1). */
    double sumSquaresTo(float[] point, WorkerPool pool) {
        float[] lut = geometry.lookupTable(point, 0);
        int m = geometry.codeBytes();
        int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        double[] partial = new double[blocks];
        pool.run(blocks, b -> {
            int first = b * BLOCK_ROWS;
            int n = Math.min(BLOCK_ROWS, rows - first);
            float[] dist = new float[n];
            geometry.kernels().lookupDistances(codes, first * m, n, m, lut, geometry.codebookSize(), dist, 0);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += dist[i];
            }
            partial[b] = sum;
        });
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    /** Scores {@code k} centers (row-major {@code k x D} in the coding space). */
    ClusterScores score(float[] centers, int k, WorkerPool pool) {
        int m = geometry.codeBytes();
        int ks = geometry.codebookSize();
        // Centers in groups of MAX_BATCH, one multi-center table each: one pass over a block's codes per group.
        int batch = CodeSpaceGeometry.MAX_BATCH;
        int groups = (k + batch - 1) / batch;
        int groupFloats = m * ks * batch;
        AlignedFloats tables = AlignedFloats.allocate(Math.multiplyExact(groups, groupFloats));
        float[] table = tables.array();
        pool.run(groups, g -> {
            int count = Math.min(batch, k - g * batch);
            geometry.lookupTables(centers, g * batch * geometry.dim(), count, table,
                    tables.offset() + g * groupFloats, CodeSpaceGeometry.tableStride(count));
        });
        int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        Partial[] partials = new Partial[blocks];
        pool.run(blocks, b -> {
            int first = b * BLOCK_ROWS;
            int n = Math.min(BLOCK_ROWS, rows - first);
            float[] dist = new float[k * BLOCK_ROWS];
            for (int g = 0; g < groups; g++) {
                int count = Math.min(batch, k - g * batch);
                geometry.kernels().lookupDistances(codes, first * m, n, m, table, tables.offset() + g * groupFloats,
                        CodeSpaceGeometry.tableStride(count), ks, count, dist, g * batch * BLOCK_ROWS, BLOCK_ROWS);
            }
            Partial p = new Partial(k, dist);
            for (int i = 0; i < n; i++) {
                float best = Float.POSITIVE_INFINITY;
                float second = Float.POSITIVE_INFINITY;
                int bestLabel = 0;
                for (int c = 0; c < k; c++) {
                    float d = dist[c * BLOCK_ROWS + i];
                    if (d < best) {
                        second = best;
                        best = d;
                        bestLabel = c;
                    } else if (d < second) {
                        second = d;
                    }
                }
                double a = Math.sqrt(Math.max(0f, best));
                double bDist = Math.sqrt(Math.max(0f, second));
                double denominator = Math.max(a, bDist);
                double s = denominator > 0 ? (bDist - a) / denominator : 0.0;
                p.silhouette += s;
                p.silhouetteSquares += s * s;
                p.counts[bestLabel]++;
                p.sumSquares[bestLabel] += best;
                p.sumDistances[bestLabel] += a;
            }
            partials[b] = p;
        });
        long[] counts = new long[k];
        double[] sumSquares = new double[k];
        double[] sumDistances = new double[k];
        double silhouette = 0;
        double silhouetteSquares = 0;
        for (Partial p : partials) {
            silhouetteSquares += p.silhouetteSquares;
            for (int c = 0; c < k; c++) {
                counts[c] += p.counts[c];
                sumSquares[c] += p.sumSquares[c];
                sumDistances[c] += p.sumDistances[c];
            }
            silhouette += p.silhouette;
        }
        double sse = 0;
        int nonEmpty = 0;
        for (int c = 0; c < k; c++) {
            sse += sumSquares[c];
            if (counts[c] > 0) {
                nonEmpty++;
            }
        }
        double daviesBouldin = daviesBouldin(centers, k, counts, sumDistances);
        double bic = bic(partials, counts, sse, nonEmpty, pool);
        double meanSilhouette = silhouette / rows;
        double variance = Math.max(0, silhouetteSquares / rows - meanSilhouette * meanSilhouette);
        double standardError = Math.sqrt(variance / rows);
        return new ClusterScores(k, nonEmpty, rows, sse, meanSilhouette, standardError, daviesBouldin, bic, counts);
    }

    private double daviesBouldin(float[] centers, int k, long[] counts, double[] sumDistances) {
        int dim = geometry.dim();
        int clusters = 0;
        double total = 0;
        for (int i = 0; i < k; i++) {
            if (counts[i] == 0) {
                continue;
            }
            clusters++;
            double scatterI = sumDistances[i] / counts[i];
            double worst = 0;
            for (int j = 0; j < k; j++) {
                if (j == i || counts[j] == 0) {
                    continue;
                }
                double separation = Math.sqrt(squaredDistance(centers, i * dim, j * dim, dim));
                double ratio = (scatterI + sumDistances[j] / counts[j]) / separation;
                worst = Math.max(worst, ratio);
            }
            total += worst;
        }
        return clusters < 2 ? Double.NaN : total / clusters;
    }

    /**
     * Plain double sum in index order: the vector kernel's squaredDistance may differ in the last bits
     * between its interpreted and compiled forms, and the report must be reproducible.
     */
    private static double squaredDistance(float[] centers, int a, int b, int dim) {
        double sum = 0;
        for (int j = 0; j < dim; j++) {
            double diff = (double) centers[a + j] - centers[b + j];
            sum += diff * diff;
        }
        return sum;
    }

    /**
     * BIC of the spherical Gaussian mixture the clustering describes: weights {@code n_c / n}, the
     * centers, one variance per dimension shared by all clusters {@code s2 = SSE / (D (n - K))} (the
     * X-means estimate), scored with the <em>mixture</em> log-likelihood
     * {@code sum_i ln sum_c (n_c / n) N(x_i | c, s2 I)} rather than the classification likelihood of the
     * hard assignment, which keeps rewarding splits of a single Gaussian (its SSE always shrinks) when
     * clusters hold many points. Returns {@code ln L - p / 2 ln n} with {@code p = (K - 1) + K D + 1}
     * over the non-empty clusters; larger is better.
     */
    private double bic(Partial[] partials, long[] counts, double sse, int nonEmpty, WorkerPool pool) {
        double n = rows;
        double d = geometry.dim();
        if (rows <= nonEmpty) {
            return Double.NaN;
        }
        double variance = Math.max(sse / (d * (n - nonEmpty)), Double.MIN_NORMAL);
        int k = counts.length;
        double[] logWeights = new double[k];
        for (int c = 0; c < k; c++) {
            logWeights[c] = counts[c] > 0 ? Math.log(counts[c] / n) : Double.NEGATIVE_INFINITY;
        }
        double halfInverseVariance = 0.5 / variance;
        double[] blockSums = new double[partials.length];
        pool.run(partials.length, b -> {
            float[] dist = partials[b].distances;
            int size = Math.min(BLOCK_ROWS, rows - b * BLOCK_ROWS);
            double sum = 0;
            double[] terms = new double[k];
            for (int i = 0; i < size; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    terms[c] = logWeights[c] - dist[c * BLOCK_ROWS + i] * halfInverseVariance;
                    max = Math.max(max, terms[c]);
                }
                double acc = 0;
                for (int c = 0; c < k; c++) {
                    acc += Math.exp(terms[c] - max);
                }
                sum += max + Math.log(acc);
            }
            blockSums[b] = sum;
        });
        double logLikelihood = -n * d / 2 * Math.log(2 * Math.PI * variance);
        for (double blockSum : blockSums) {
            logLikelihood += blockSum;
        }
        double parameters = (nonEmpty - 1) + nonEmpty * d + 1;
        return logLikelihood - parameters / 2 * Math.log(n);
    }
}
