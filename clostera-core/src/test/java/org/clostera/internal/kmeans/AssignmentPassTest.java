package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.clostera.data.HeapCodeStore;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;
import org.clostera.quantize.SubspaceLayout;
import org.junit.jupiter.api.Test;

class AssignmentPassTest {

    /**
     * Incrementally maintained histograms equal histograms counted from scratch, pass after pass, with per-worker
     * delta buffers and with atomic updates of the totals (3 threads); a new pass counting known labels agrees too.
     */
    @Test
    void incrementalHistogramsMatchRecount() {
        for (long workerBytes : new long[] {AssignmentPass.MAX_WORKER_HISTOGRAM_BYTES, 0}) {
            incrementalHistogramsMatchRecount(workerBytes);
        }
    }

    private static void incrementalHistogramsMatchRecount(long workerBytes) {
        int n = AssignmentPass.CHUNK_ROWS + 1000;
        int m = 5;
        int ks = 12;
        int dim = 13;
        int k = 9;
        SplittableRandom random = new SplittableRandom(8);
        SubspaceLayout layout = SubspaceLayout.of(dim, m);
        float[][] books = new float[m][];
        for (int s = 0; s < m; s++) {
            books[s] = new float[ks * layout.width(s)];
            for (int i = 0; i < books[s].length; i++) {
                books[s][i] = (float) random.nextGaussian();
            }
        }
        PQEncoder encoder = PQEncoder.fromCodebooks(layout, ks, books, 1);
        byte[] bytes = new byte[n * m];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(ks);
        }
        HeapCodeStore codes = HeapCodeStore.copyOf(bytes, m);
        CodingSpaceCodebooks cb = CodingSpaceCodebooks.of(encoder);
        Kernels kernels = KernelsProvider.get();
        try (WorkerPool pool = new WorkerPool(3)) {
            AssignmentPass pass = new AssignmentPass(codes, cb, k, kernels, pool, true, "test", null, workerBytes);
            RowLabels labels = new RowLabels(n, -1);
            for (int round = 0; round < 4; round++) {
                float[] centers = new float[k * dim];
                for (int i = 0; i < centers.length; i++) {
                    centers[i] = (float) random.nextGaussian();
                }
                CenterLookupTables tables = CenterLookupTables.build(cb, centers, k, 1 << 20, kernels, pool);
                int[] before = labels.toArray();
                AssignmentPass.Outcome outcome = pass.run(tables, labels, round == 0);
                int[] recount = new int[k * m * ks];
                int[] after = labels.toArray();
                KernelsProvider.scalar().histogram(bytes, 0, n, m, ks, after, 0, recount);
                assertThat(outcome.histogram()).isEqualTo(recount);
                long changed = 0;
                for (int i = 0; i < n; i++) {
                    if (before[i] != after[i]) {
                        changed++;
                    }
                }
                assertThat(outcome.changed()).isEqualTo(changed);
                // Random centers each round: many labels move, so the incremental path is exercised.
                assertThat(changed).isGreaterThan(n / 10);
            }
            AssignmentPass counting = new AssignmentPass(codes, cb, k, kernels, pool, true, "test", null, workerBytes);
            int[] recount = new int[k * m * ks];
            KernelsProvider.scalar().histogram(bytes, 0, n, m, ks, labels.toArray(), 0, recount);
            assertThat(counting.countHistograms(labels)).isEqualTo(recount);
        }
    }
}
