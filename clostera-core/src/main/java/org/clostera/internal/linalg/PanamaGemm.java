package org.clostera.internal.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.clostera.internal.parallel.WorkerPool;

/**
 * Cache-blocked {@link Gemm} on the Java Vector API, for the pure-Java path (netlib's Java BLAS is not
 * cache-blocked and runs large square products at ~4 GFLOP/s). Goto-style: {@code op(B)} is packed once
 * into {@code KC x NR} column panels, each task packs {@code MC x KC} blocks of {@code op(A)} into
 * {@code MR}-row panels, and a {@code MR x NR} register-tile micro-kernel accumulates with FMA.
 *
 * <p>Tasks are fixed blocks of {@code MC} rows of C and every element of C is summed over {@code k} in
 * the same order (K blocks ascending, then ascending within a block), so results do not depend on the
 * thread count. Loaded reflectively by {@link LinearAlgebra} only when {@code jdk.incubator.vector} is
 * readable.
 */
final class PanamaGemm implements Gemm {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int VL = SPECIES.length();
    /** Register tile: MR rows by NR = 2 vectors of columns (12 accumulators). */
    private static final int MR = 6;
    private static final int NR = 2 * VL;
    /** Depth of a packed block: a KC x NR panel of B (32 KiB at NR = 32) stays in L1. */
    private static final int KC = 256;
    /** Rows per task; the packed MC x KC block of A (96 KiB) stays in L2. */
    private static final int MC = 16 * MR;
    /** Products below this many multiply-adds run on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 21;

    PanamaGemm() {
        if (VL < 4) {
            throw new UnsupportedOperationException("preferred float vector has " + VL + " lanes");
        }
    }

    @Override
    public String name() {
        return "Java Vector API blocked sgemm (" + VL * 32 + "-bit)";
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                         float beta, float[] c, int cOffset, int ldc, WorkerPool pool) {
        if (m == 0 || n == 0) {
            return;
        }
        int rowTasks = (m + MC - 1) / MC;
        boolean parallel = pool != null && pool.threads() > 1 && (long) m * n * Math.max(k, 1) >= PARALLEL_THRESHOLD;
        if (beta != 1f) {
            runTasks(parallel ? pool : null, rowTasks, t -> scaleRows(c, cOffset, ldc, t * MC,
                    Math.min(m, t * MC + MC), n, beta));
        }
        if (k == 0) {
            return;
        }
        int panels = (n + NR - 1) / NR;
        float[] packedB = new float[Math.multiplyExact(k, panels * NR)];
        int kBlocks = (k + KC - 1) / KC;
        runTasks(parallel ? pool : null, kBlocks, kb -> packB(transB, b, bOffset, ldb, n, k, kb * KC, panels, packedB));
        runTasks(parallel ? pool : null, rowTasks, t -> {
            int i0 = t * MC;
            int rows = Math.min(MC, m - i0);
            float[] packedA = new float[MC * KC];
            float[] tile = new float[MR * NR];
            for (int p0 = 0; p0 < k; p0 += KC) {
                int depth = Math.min(KC, k - p0);
                packA(transA, a, aOffset, lda, i0, rows, p0, depth, packedA);
                int bBlock = p0 * panels * NR;
                for (int jp = 0; jp < panels; jp++) {
                    int j0 = jp * NR;
                    int cols = Math.min(NR, n - j0);
                    int bPanel = bBlock + jp * depth * NR;
                    for (int ip = 0; ip * MR < rows; ip++) {
                        int r0 = ip * MR;
                        int tileRows = Math.min(MR, rows - r0);
                        int aPanel = ip * depth * MR;
                        int cStart = cOffset + (i0 + r0) * ldc + j0;
                        if (tileRows == MR && cols == NR) {
                            kernel(packedA, aPanel, packedB, bPanel, depth, c, cStart, ldc);
                        } else {
                            edgeTile(packedA, aPanel, packedB, bPanel, depth, c, cStart, ldc, tileRows, cols, tile);
                        }
                    }
                }
            }
        });
    }

    @Override
    public void accumulate(float[] dst, int dstOffset, float[] src, int srcOffset, int length) {
        int i = 0;
        for (int bound = SPECIES.loopBound(length); i < bound; i += VL) {
            FloatVector.fromArray(SPECIES, dst, dstOffset + i)
                    .add(FloatVector.fromArray(SPECIES, src, srcOffset + i))
                    .intoArray(dst, dstOffset + i);
        }
        for (; i < length; i++) {
            dst[dstOffset + i] += src[srcOffset + i];
        }
    }

    private static void runTasks(WorkerPool pool, int tasks, java.util.function.IntConsumer task) {
        if (pool == null) {
            for (int t = 0; t < tasks; t++) {
                task.accept(t);
            }
        } else {
            pool.run(tasks, task);
        }
    }

    private static void scaleRows(float[] c, int cOffset, int ldc, int from, int to, int n, float beta) {
        for (int i = from; i < to; i++) {
            int row = cOffset + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0f ? 0f : c[row + j] * beta;
            }
        }
    }

    /** Packs rows {@code p0..p0+KC} of op(B) into NR-wide column panels, zero-padded past column n. */
    private static void packB(boolean transB, float[] b, int bOffset, int ldb, int n, int k, int p0,
                              int panels, float[] packed) {
        int depth = Math.min(KC, k - p0);
        int base = p0 * panels * NR;
        for (int jp = 0; jp < panels; jp++) {
            int j0 = jp * NR;
            int cols = Math.min(NR, n - j0);
            int panel = base + jp * depth * NR;
            for (int p = 0; p < depth; p++) {
                int dst = panel + p * NR;
                if (!transB) {
                    System.arraycopy(b, bOffset + (p0 + p) * ldb + j0, packed, dst, cols);
                } else {
                    int src = bOffset + j0 * ldb + p0 + p;
                    for (int j = 0; j < cols; j++) {
                        packed[dst + j] = b[src + j * ldb];
                    }
                }
                // the tail of a partial panel stays zero (fresh array)
            }
        }
    }

    /** Packs op(A)[i0..i0+rows, p0..p0+depth] into MR-row panels, zero-padded past the last row. */
    private static void packA(boolean transA, float[] a, int aOffset, int lda, int i0, int rows, int p0,
                              int depth, float[] packed) {
        int panels = (rows + MR - 1) / MR;
        for (int ip = 0; ip < panels; ip++) {
            int panel = ip * depth * MR;
            for (int r = 0; r < MR; r++) {
                int row = ip * MR + r;
                if (row >= rows) {
                    for (int p = 0; p < depth; p++) {
                        packed[panel + p * MR + r] = 0f;
                    }
                } else if (!transA) {
                    int src = aOffset + (i0 + row) * lda + p0;
                    for (int p = 0; p < depth; p++) {
                        packed[panel + p * MR + r] = a[src + p];
                    }
                } else {
                    int src = aOffset + p0 * lda + i0 + row;
                    for (int p = 0; p < depth; p++) {
                        packed[panel + p * MR + r] = a[src + p * lda];
                    }
                }
            }
        }
    }

    private static void edgeTile(float[] pa, int aPanel, float[] pb, int bPanel, int depth,
                                 float[] c, int cStart, int ldc, int rows, int cols, float[] tile) {
        java.util.Arrays.fill(tile, 0f);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(c, cStart + r * ldc, tile, r * NR, cols);
        }
        kernel(pa, aPanel, pb, bPanel, depth, tile, 0, NR);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * NR, c, cStart + r * ldc, cols);
        }
    }

    /** C[0..MR, 0..NR] += Apanel (MR x depth) * Bpanel (depth x NR). */
    private static void kernel(float[] pa, int aPanel, float[] pb, int bPanel, int depth,
                               float[] c, int c0, int ldc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        FloatVector acc00 = FloatVector.fromArray(SPECIES, c, c0);
        FloatVector acc01 = FloatVector.fromArray(SPECIES, c, c0 + VL);
        FloatVector acc10 = FloatVector.fromArray(SPECIES, c, c1);
        FloatVector acc11 = FloatVector.fromArray(SPECIES, c, c1 + VL);
        FloatVector acc20 = FloatVector.fromArray(SPECIES, c, c2);
        FloatVector acc21 = FloatVector.fromArray(SPECIES, c, c2 + VL);
        FloatVector acc30 = FloatVector.fromArray(SPECIES, c, c3);
        FloatVector acc31 = FloatVector.fromArray(SPECIES, c, c3 + VL);
        FloatVector acc40 = FloatVector.fromArray(SPECIES, c, c4);
        FloatVector acc41 = FloatVector.fromArray(SPECIES, c, c4 + VL);
        FloatVector acc50 = FloatVector.fromArray(SPECIES, c, c5);
        FloatVector acc51 = FloatVector.fromArray(SPECIES, c, c5 + VL);
        int ao = aPanel;
        int bo = bPanel;
        for (int p = 0; p < depth; p++, ao += MR, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, pb, bo);
            FloatVector b1 = FloatVector.fromArray(SPECIES, pb, bo + VL);
            FloatVector x = FloatVector.broadcast(SPECIES, pa[ao]);
            acc00 = x.fma(b0, acc00);
            acc01 = x.fma(b1, acc01);
            x = FloatVector.broadcast(SPECIES, pa[ao + 1]);
            acc10 = x.fma(b0, acc10);
            acc11 = x.fma(b1, acc11);
            x = FloatVector.broadcast(SPECIES, pa[ao + 2]);
            acc20 = x.fma(b0, acc20);
            acc21 = x.fma(b1, acc21);
            x = FloatVector.broadcast(SPECIES, pa[ao + 3]);
            acc30 = x.fma(b0, acc30);
            acc31 = x.fma(b1, acc31);
            x = FloatVector.broadcast(SPECIES, pa[ao + 4]);
            acc40 = x.fma(b0, acc40);
            acc41 = x.fma(b1, acc41);
            x = FloatVector.broadcast(SPECIES, pa[ao + 5]);
            acc50 = x.fma(b0, acc50);
            acc51 = x.fma(b1, acc51);
        }
        acc00.intoArray(c, c0);
        acc01.intoArray(c, c0 + VL);
        acc10.intoArray(c, c1);
        acc11.intoArray(c, c1 + VL);
        acc20.intoArray(c, c2);
        acc21.intoArray(c, c2 + VL);
        acc30.intoArray(c, c3);
        acc31.intoArray(c, c3 + VL);
        acc40.intoArray(c, c4);
        acc41.intoArray(c, c4 + VL);
        acc50.intoArray(c, c5);
        acc51.intoArray(c, c5 + VL);
    }
}
