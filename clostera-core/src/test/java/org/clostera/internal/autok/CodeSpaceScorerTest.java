package org.clostera.internal.autok;

import static org.assertj.core.api.Assertions.assertThat;

import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.Test;

/** The scorer's multi-center tables against one lookup table per center. */
class CodeSpaceScorerTest {

    @Test
    void batchedTablesGiveTheScoresOfOneTablePerCenter() {
        // 4750 rows: 10 scorer blocks, the last one partial; 26 dimensions in 6 subspaces of uneven widths.
        Blobs blobs = Blobs.generate(10, 250, 26, 1.5, 11L);
        PQEncoder encoder = SampleVectorsEncoder.of(blobs.data, blobs.rows, blobs.dim, 6, 64);
        byte[] codes = new byte[blobs.rows * encoder.subquantizers()];
        encoder.encode(blobs.data, blobs.rows, codes);
        CodeSpaceGeometry geometry = new CodeSpaceGeometry(encoder);
        CodeSpaceScorer scorer = new CodeSpaceScorer(geometry, codes, blobs.rows);
        try (WorkerPool pool = new WorkerPool(2)) {
            // One partial group, one full group, a full group and a partial one.
            for (int k : new int[] {3, 16, 21}) {
                float[] centers = KMeansPlusPlusSeeding.seed(geometry, codes, blobs.rows, k, 3, k, pool);
                ClusterScores scores = scorer.score(centers, k, pool);
                double[] reference = reference(geometry, codes, blobs.rows, centers, k);
                assertThat(scores.sumSquares()).as("SSE, k=%d", k).isEqualTo(reference[0]);
                assertThat(scores.centroidSilhouette()).as("silhouette, k=%d", k).isEqualTo(reference[1]);
                assertThat(scores.silhouetteStandardError()).as("standard error, k=%d", k).isEqualTo(reference[2]);
                assertThat(scores.nonEmpty()).isEqualTo((int) reference[3]);
                assertThat(scores.centroidSilhouette()).isBetween(0.0, 1.0);
            }
        }
    }

    /**
     * SSE, mean centroid silhouette, its standard error and the non-empty clusters, from one lookup table per
     * center and sums per scorer block added in block order (the scorer's definition).
     */
    private static double[] reference(CodeSpaceGeometry geometry, byte[] codes, int rows, float[] centers, int k) {
        int m = geometry.codeBytes();
        float[][] dist = new float[k][rows];
        for (int c = 0; c < k; c++) {
            geometry.kernels().lookupDistances(codes, 0, rows, m, geometry.lookupTable(centers, c),
                    geometry.codebookSize(), dist[c], 0);
        }
        int blocks = (rows + CodeSpaceScorer.BLOCK_ROWS - 1) / CodeSpaceScorer.BLOCK_ROWS;
        double[][] sumSquares = new double[blocks][k];
        long[] counts = new long[k];
        double silhouette = 0;
        double silhouetteSquares = 0;
        for (int b = 0; b < blocks; b++) {
            double s = 0;
            double squares = 0;
            for (int i = b * CodeSpaceScorer.BLOCK_ROWS; i < Math.min(rows, (b + 1) * CodeSpaceScorer.BLOCK_ROWS); i++) {
                float best = Float.POSITIVE_INFINITY;
                float second = Float.POSITIVE_INFINITY;
                int label = 0;
                for (int c = 0; c < k; c++) {
                    if (dist[c][i] < best) {
                        second = best;
                        best = dist[c][i];
                        label = c;
                    } else if (dist[c][i] < second) {
                        second = dist[c][i];
                    }
                }
                double a = Math.sqrt(Math.max(0f, best));
                double bDist = Math.sqrt(Math.max(0f, second));
                double denominator = Math.max(a, bDist);
                double value = denominator > 0 ? (bDist - a) / denominator : 0.0;
                s += value;
                squares += value * value;
                counts[label]++;
                sumSquares[b][label] += best;
            }
            silhouette += s;
            silhouetteSquares += squares;
        }
        double sse = 0;
        int nonEmpty = 0;
        for (int c = 0; c < k; c++) {
            double cluster = 0;
            for (int b = 0; b < blocks; b++) {
                cluster += sumSquares[b][c];
            }
            sse += cluster;
            nonEmpty += counts[c] > 0 ? 1 : 0;
        }
        double mean = silhouette / rows;
        double variance = Math.max(0, silhouetteSquares / rows - mean * mean);
        return new double[] {sse, mean, Math.sqrt(variance / rows), nonEmpty};
    }
}
