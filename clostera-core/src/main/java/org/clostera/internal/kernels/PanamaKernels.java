package org.clostera.internal.kernels;

import static org.clostera.internal.kernels.PanamaConstants.DOUBLES;
import static org.clostera.internal.kernels.PanamaConstants.FLOATS;
import static org.clostera.internal.kernels.PanamaConstants.HALF_BYTES;
import static org.clostera.internal.kernels.PanamaConstants.HALF_FLOATS;
import static org.clostera.internal.kernels.PanamaConstants.HALF_INTS;
import static org.clostera.internal.kernels.PanamaConstants.INTS;
import static org.clostera.internal.kernels.PanamaConstants.LANES;
import static org.clostera.internal.kernels.PanamaConstants.SHORTS;

import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;

/**
 * {@link Kernels} on the Java Vector API ({@code jdk.incubator.vector}), bit-identical to
 * {@link ScalarKernels} wherever the exactness contract asks for it: every vector lane runs exactly the
 * scalar reference's sequence of operations for one output (one codeword, one center), so parallelism
 * comes from computing many outputs at once, never from reordering one sum.
 *
 * <p>Argmins take the lane-wise minimum, reduce it, then look for the first lane equal to it; blocks of
 * outputs are visited in ascending index order and replace the running best only when strictly smaller,
 * so ties go to the smallest index. Inputs are finite (validated upstream), so no NaN reaches a minimum;
 * sums start from {@code +0f} and therefore never produce {@code -0f}, so "equal to the minimum" is
 * unambiguous.
 *
 * <p>Constructed reflectively by {@link KernelsProvider}; the species lives in {@link PanamaConstants}.
 */
final class PanamaKernels implements Kernels {
    /** Rows of {@link #nearestCodewords} computed together: 4 rows x 4 vectors = 16 accumulators. */
    private static final int ROWS = 4;
    /** Codewords of {@link #nearestCodewords} (centers of {@link #lookupArgmin}) per register block. */
    private static final int BLOCK = 4 * LANES;
    private static final Kernels SCALAR = new ScalarKernels();

    private final String name;

    /**
     * @throws UnsupportedOperationException if the vectors are narrower than 128 bits (too few lanes to win)
     *     or {@link PanamaConstants#VECTOR_BITS_PROPERTY} asks for a size this machine does not have
     */
    public PanamaKernels() {
        int preferred = VectorShape.preferredShape().vectorBitSize();
        int bits;
        try {
            bits = PanamaConstants.vectorBitSize();
        } catch (NumberFormatException e) {
            throw new UnsupportedOperationException("-D" + PanamaConstants.VECTOR_BITS_PROPERTY + " is not a number");
        }
        if (bits < 128 || bits > preferred || Integer.bitCount(bits) != 1) {
            throw new UnsupportedOperationException("vector size " + bits + " bits (preferred " + preferred
                    + "); the Vector API kernels need a power of two >= 128 bits that the CPU supports");
        }
        name = "panama-" + FLOATS.vectorBitSize();
    }

    @Override
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------------------------------------
    // nearestCodewords: a small GEMM (rows x codewords) with register blocking, then a row-wise argmin.

    @Override
    public void nearestCodewords(float[] x, int xOffset, int xStride, int n, int width,
                                 float[] codebookT, float[] norms, int ks,
                                 int[] labels, int labelsOffset, float[] scores, int scoresOffset) {
        // The kernels hand their accumulators over through this array, not as vector arguments: a vector
        // passed to a method C2 declines to inline is boxed on the heap.
        float[] dots = new float[ROWS * BLOCK];
        float[] best = new float[ROWS];
        int[] arg = new int[ROWS];
        for (int i = 0; i < n; i += ROWS) {
            int rows = Math.min(ROWS, n - i);
            // A short last block repeats its last row, so the kernels below need no row tail.
            int x0 = xOffset + i * xStride;
            int x1 = xOffset + (i + Math.min(1, rows - 1)) * xStride;
            int x2 = xOffset + (i + Math.min(2, rows - 1)) * xStride;
            int x3 = xOffset + (i + Math.min(3, rows - 1)) * xStride;
            Arrays.fill(best, Float.POSITIVE_INFINITY);
            Arrays.fill(arg, 0);
            for (int c = 0; c < ks; c += BLOCK) {
                if (c + BLOCK <= ks) {
                    dots4x4(x, x0, x1, x2, x3, width, codebookT, ks, c, dots);
                } else {
                    dots4xTail(x, x0, x1, x2, x3, width, codebookT, ks, c, dots);
                }
                for (int r = 0; r < ROWS; r++) {
                    keepNearest(dots, r * BLOCK, norms, ks, c, best, arg, r);
                }
            }
            for (int r = 0; r < rows; r++) {
                labels[labelsOffset + i + r] = arg[r];
                if (scores != null) {
                    scores[scoresOffset + i + r] = best[r];
                }
            }
        }
    }

    /**
     * Dot products of rows x0..x3 with codewords {@code c..c + BLOCK}: 16 accumulators, 4 loads and
     * 4 broadcasts per 16 fmas. Row r's dots go to {@code dots[r * BLOCK ..]}.
     */
    private static void dots4x4(float[] x, int x0, int x1, int x2, int x3, int width,
                                float[] codebookT, int ks, int c, float[] dots) {
        FloatVector a00 = FloatVector.zero(FLOATS);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a03 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a13 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a23 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        FloatVector a33 = a00;
        for (int j = 0, w = c; j < width; j++, w += ks) {
            FloatVector w0 = FloatVector.fromArray(FLOATS, codebookT, w);
            FloatVector w1 = FloatVector.fromArray(FLOATS, codebookT, w + LANES);
            FloatVector w2 = FloatVector.fromArray(FLOATS, codebookT, w + 2 * LANES);
            FloatVector w3 = FloatVector.fromArray(FLOATS, codebookT, w + 3 * LANES);
            FloatVector b = FloatVector.broadcast(FLOATS, x[x0 + j]);
            a00 = b.fma(w0, a00);
            a01 = b.fma(w1, a01);
            a02 = b.fma(w2, a02);
            a03 = b.fma(w3, a03);
            b = FloatVector.broadcast(FLOATS, x[x1 + j]);
            a10 = b.fma(w0, a10);
            a11 = b.fma(w1, a11);
            a12 = b.fma(w2, a12);
            a13 = b.fma(w3, a13);
            b = FloatVector.broadcast(FLOATS, x[x2 + j]);
            a20 = b.fma(w0, a20);
            a21 = b.fma(w1, a21);
            a22 = b.fma(w2, a22);
            a23 = b.fma(w3, a23);
            b = FloatVector.broadcast(FLOATS, x[x3 + j]);
            a30 = b.fma(w0, a30);
            a31 = b.fma(w1, a31);
            a32 = b.fma(w2, a32);
            a33 = b.fma(w3, a33);
        }
        a00.intoArray(dots, 0);
        a01.intoArray(dots, LANES);
        a02.intoArray(dots, 2 * LANES);
        a03.intoArray(dots, 3 * LANES);
        a10.intoArray(dots, BLOCK);
        a11.intoArray(dots, BLOCK + LANES);
        a12.intoArray(dots, BLOCK + 2 * LANES);
        a13.intoArray(dots, BLOCK + 3 * LANES);
        a20.intoArray(dots, 2 * BLOCK);
        a21.intoArray(dots, 2 * BLOCK + LANES);
        a22.intoArray(dots, 2 * BLOCK + 2 * LANES);
        a23.intoArray(dots, 2 * BLOCK + 3 * LANES);
        a30.intoArray(dots, 3 * BLOCK);
        a31.intoArray(dots, 3 * BLOCK + LANES);
        a32.intoArray(dots, 3 * BLOCK + 2 * LANES);
        a33.intoArray(dots, 3 * BLOCK + 3 * LANES);
    }

    /** Like {@link #dots4x4} for the last, partial block of codewords, one (masked) vector at a time. */
    private static void dots4xTail(float[] x, int x0, int x1, int x2, int x3, int width,
                                   float[] codebookT, int ks, int c, float[] dots) {
        for (int v = 0; c + v < ks; v += LANES) {
            VectorMask<Float> valid = FLOATS.indexInRange(c + v, ks);
            FloatVector a0 = FloatVector.zero(FLOATS);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int j = 0, w = c + v; j < width; j++, w += ks) {
                FloatVector w0 = FloatVector.fromArray(FLOATS, codebookT, w, valid);
                a0 = FloatVector.broadcast(FLOATS, x[x0 + j]).fma(w0, a0);
                a1 = FloatVector.broadcast(FLOATS, x[x1 + j]).fma(w0, a1);
                a2 = FloatVector.broadcast(FLOATS, x[x2 + j]).fma(w0, a2);
                a3 = FloatVector.broadcast(FLOATS, x[x3 + j]).fma(w0, a3);
            }
            a0.intoArray(dots, v);
            a1.intoArray(dots, BLOCK + v);
            a2.intoArray(dots, 2 * BLOCK + v);
            a3.intoArray(dots, 3 * BLOCK + v);
        }
    }

    /**
     * Scores {@code norms - 2f * dot} (the scalar reference's two roundings) of one row's block of
     * codewords starting at {@code c}; keeps the first smallest if it beats {@code best[r]}.
     */
    private static void keepNearest(float[] dots, int offset, float[] norms, int ks, int c,
                                    float[] best, int[] arg, int r) {
        int count = Math.min(BLOCK, ks - c);
        if (count == BLOCK) {
            // A whole block: scores stay in registers and the first smallest lane is found without a
            // second pass over memory (this argmin cost as much as the dot products before).
            FloatVector s0 = FloatVector.fromArray(FLOATS, norms, c)
                    .sub(FloatVector.fromArray(FLOATS, dots, offset).mul(2f));
            FloatVector s1 = FloatVector.fromArray(FLOATS, norms, c + LANES)
                    .sub(FloatVector.fromArray(FLOATS, dots, offset + LANES).mul(2f));
            FloatVector s2 = FloatVector.fromArray(FLOATS, norms, c + 2 * LANES)
                    .sub(FloatVector.fromArray(FLOATS, dots, offset + 2 * LANES).mul(2f));
            FloatVector s3 = FloatVector.fromArray(FLOATS, norms, c + 3 * LANES)
                    .sub(FloatVector.fromArray(FLOATS, dots, offset + 3 * LANES).mul(2f));
            float smallest = s0.min(s1).min(s2.min(s3)).reduceLanes(VectorOperators.MIN);
            if (smallest < best[r]) {
                best[r] = smallest;
                arg[r] = c + firstOf(s0.eq(smallest).firstTrue(), s1.eq(smallest).firstTrue(),
                        s2.eq(smallest).firstTrue(), s3.eq(smallest).firstTrue());
            }
            return;
        }
        FloatVector min = FloatVector.broadcast(FLOATS, Float.POSITIVE_INFINITY);
        for (int v = 0; v < count; v += LANES) {
            VectorMask<Float> valid = FLOATS.indexInRange(c + v, ks);
            FloatVector score = FloatVector.fromArray(FLOATS, norms, c + v, valid)
                    .sub(FloatVector.fromArray(FLOATS, dots, offset + v).mul(2f))
                    .blend(Float.POSITIVE_INFINITY, valid.not()); // lanes past ks never win
            score.intoArray(dots, offset + v);
            min = min.min(score);
        }
        float smallest = min.reduceLanes(VectorOperators.MIN);
        if (smallest < best[r]) {
            best[r] = smallest;
            for (int v = 0; ; v += LANES) {
                int lane = FloatVector.fromArray(FLOATS, dots, offset + v).eq(smallest).firstTrue();
                if (lane < LANES) {
                    arg[r] = c + v + lane;
                    return;
                }
            }
        }
    }

    /** First lane (counting across four vectors) holding a value, given each vector's first matching lane. */
    private static int firstOf(int lane0, int lane1, int lane2, int lane3) {
        return lane0 < LANES ? lane0
                : lane1 < LANES ? LANES + lane1
                : lane2 < LANES ? 2 * LANES + lane2
                : 3 * LANES + lane3;
    }

    // ---------------------------------------------------------------------------------------------
    // subspaceDistanceTable: vectorised over centers so each row of the table is stored contiguously.

    @Override
    public void subspaceDistanceTable(float[] codebookT, int ks, int width,
                                      float[] centers, int centersOffset, int centerStride, int tile,
                                      float[] table, int tableOffset, int rowStride) {
        if (tile == 1 && rowStride == 1) {
            oneCenterTable(codebookT, ks, width, centers, centersOffset, table, tableOffset);
            return;
        }
        // Transposing the centers (tile x width, small) makes component j of consecutive centers
        // contiguous, so the ks x tile outputs need no gather or scatter.
        float[] centersT = new float[width * tile];
        for (int t = 0; t < tile; t++) {
            int center = centersOffset + t * centerStride;
            for (int j = 0; j < width; j++) {
                centersT[j * tile + t] = centers[center + j];
            }
        }
        // Four codewords at a time: four independent fma chains share each load of the centers.
        int c = 0;
        for (; c + 4 <= ks; c += 4) {
            int row = tableOffset + c * rowStride;
            for (int t = 0; t < tile; t += LANES) {
                VectorMask<Float> valid = FLOATS.indexInRange(t, tile);
                FloatVector acc0 = FloatVector.zero(FLOATS);
                FloatVector acc1 = acc0;
                FloatVector acc2 = acc0;
                FloatVector acc3 = acc0;
                for (int j = 0, w = c; j < width; j++, w += ks) {
                    FloatVector center = FloatVector.fromArray(FLOATS, centersT, j * tile + t, valid);
                    FloatVector d0 = FloatVector.broadcast(FLOATS, codebookT[w]).sub(center);
                    FloatVector d1 = FloatVector.broadcast(FLOATS, codebookT[w + 1]).sub(center);
                    FloatVector d2 = FloatVector.broadcast(FLOATS, codebookT[w + 2]).sub(center);
                    FloatVector d3 = FloatVector.broadcast(FLOATS, codebookT[w + 3]).sub(center);
                    acc0 = d0.fma(d0, acc0);
                    acc1 = d1.fma(d1, acc1);
                    acc2 = d2.fma(d2, acc2);
                    acc3 = d3.fma(d3, acc3);
                }
                acc0.intoArray(table, row + t, valid);
                acc1.intoArray(table, row + rowStride + t, valid);
                acc2.intoArray(table, row + 2 * rowStride + t, valid);
                acc3.intoArray(table, row + 3 * rowStride + t, valid);
            }
        }
        for (; c < ks; c++) {
            int row = tableOffset + c * rowStride;
            for (int t = 0; t < tile; t += LANES) {
                VectorMask<Float> valid = FLOATS.indexInRange(t, tile);
                FloatVector acc = FloatVector.zero(FLOATS);
                for (int j = 0; j < width; j++) {
                    FloatVector diff = FloatVector.broadcast(FLOATS, codebookT[j * ks + c])
                            .sub(FloatVector.fromArray(FLOATS, centersT, j * tile + t, valid));
                    acc = diff.fma(diff, acc);
                }
                acc.intoArray(table, row + t, valid);
            }
        }
        if (rowStride > tile) {
            for (c = 0; c < ks; c++) {
                int row = tableOffset + c * rowStride;
                Arrays.fill(table, row + tile, row + rowStride, Float.POSITIVE_INFINITY);
            }
        }
    }

    /**
     * One center's table (k-means++ adds centers one at a time above K = 4,096): vectorised over codewords, which
     * are contiguous in {@code codebookT}, instead of over centers, where a one-lane mask made every load take the
     * checked slow path (120 us per center at M = 16, Ks = 256, a fifth of the seeding at K = 10,000). Per codeword
     * the same operations in the same order as the scalar reference.
     */
    private static void oneCenterTable(float[] codebookT, int ks, int width, float[] centers, int centersOffset,
                                       float[] table, int tableOffset) {
        int c = 0;
        for (; c + 2 * LANES <= ks; c += 2 * LANES) {
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = acc0;
            for (int j = 0, w = c; j < width; j++, w += ks) {
                FloatVector center = FloatVector.broadcast(FLOATS, centers[centersOffset + j]);
                FloatVector d0 = FloatVector.fromArray(FLOATS, codebookT, w).sub(center);
                FloatVector d1 = FloatVector.fromArray(FLOATS, codebookT, w + LANES).sub(center);
                acc0 = d0.fma(d0, acc0);
                acc1 = d1.fma(d1, acc1);
            }
            acc0.intoArray(table, tableOffset + c);
            acc1.intoArray(table, tableOffset + c + LANES);
        }
        for (; c < ks; c++) {
            float acc = 0f;
            for (int j = 0; j < width; j++) {
                float diff = codebookT[j * ks + c] - centers[centersOffset + j];
                acc = Math.fma(diff, diff, acc);
            }
            table[tableOffset + c] = acc;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // lookupArgmin: register-resident accumulators over a block of centers, two codes at a time.

    @Override
    public void lookupArgmin(byte[] codes, int codesOffset, int n, int m,
                             float[] lut, int lutOffset, int rowStride, int ks, int tile, int labelBase,
                             int[] bestLabel, float[] bestDist, int outOffset) {
        // Lanes past the tile but inside the row padding hold +Infinity and can be read unmasked: they
        // never win. `span` is the number of lanes worth reading, rounded up into the padding if possible.
        int span = Math.min(rowStride, (tile + LANES - 1) / LANES * LANES);
        // Blocks of centers in ascending order, each replacing the running best only when strictly
        // smaller: the same ties as one pass over the whole tile. Block-major order keeps the part of
        // the table a block reads (its columns) hot in cache while all codes stream past.
        int t = 0;
        for (; t + BLOCK <= span; t += BLOCK) {
            lookupArgmin4(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, t, labelBase,
                    bestLabel, bestDist, outOffset);
        }
        for (; span - t > LANES; t += 2 * LANES) {
            lookupArgmin2(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, span, t, labelBase,
                    bestLabel, bestDist, outOffset);
        }
        if (t < span) {
            lookupArgmin1(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, span, t, labelBase,
                    bestLabel, bestDist, outOffset);
        }
    }

    /**
     * Centers {@code t0..t0 + BLOCK} for two codes at a time: eight accumulators that stay in registers
     * for all m bytes, giving the CPU eight independent add chains. A lone last code is paired with itself.
     */
    private static void lookupArgmin4(byte[] codes, int codesOffset, int n, int m, float[] lut, int lutOffset,
                                      int rowStride, int ks, int t0, int labelBase, int[] bestLabel,
                                      float[] bestDist, int outOffset) {
        int subspaceStride = ks * rowStride;
        for (int i = 0; i < n; i += 2) {
            int i2 = Math.min(i + 1, n - 1);
            int code = codesOffset + i * m;
            int code2 = codesOffset + i2 * m;
            FloatVector a0 = FloatVector.zero(FLOATS);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            FloatVector b0 = a0;
            FloatVector b1 = a0;
            FloatVector b2 = a0;
            FloatVector b3 = a0;
            for (int s = 0, subspace = lutOffset + t0; s < m; s++, subspace += subspaceStride) {
                int row = subspace + (codes[code + s] & 0xFF) * rowStride;
                int row2 = subspace + (codes[code2 + s] & 0xFF) * rowStride;
                a0 = a0.add(FloatVector.fromArray(FLOATS, lut, row));
                a1 = a1.add(FloatVector.fromArray(FLOATS, lut, row + LANES));
                a2 = a2.add(FloatVector.fromArray(FLOATS, lut, row + 2 * LANES));
                a3 = a3.add(FloatVector.fromArray(FLOATS, lut, row + 3 * LANES));
                b0 = b0.add(FloatVector.fromArray(FLOATS, lut, row2));
                b1 = b1.add(FloatVector.fromArray(FLOATS, lut, row2 + LANES));
                b2 = b2.add(FloatVector.fromArray(FLOATS, lut, row2 + 2 * LANES));
                b3 = b3.add(FloatVector.fromArray(FLOATS, lut, row2 + 3 * LANES));
            }
            // Inline, not a helper taking vectors: those would be boxed if C2 declined to inline it.
            float min = a0.min(a1).min(a2.min(a3)).reduceLanes(VectorOperators.MIN);
            int out = outOffset + i;
            if (min < bestDist[out]) {
                bestDist[out] = min;
                bestLabel[out] = labelBase + t0 + firstOf(a0.eq(min).firstTrue(), a1.eq(min).firstTrue(),
                        a2.eq(min).firstTrue(), a3.eq(min).firstTrue());
            }
            min = b0.min(b1).min(b2.min(b3)).reduceLanes(VectorOperators.MIN);
            out = outOffset + i2;
            if (min < bestDist[out]) {
                bestDist[out] = min;
                bestLabel[out] = labelBase + t0 + firstOf(b0.eq(min).firstTrue(), b1.eq(min).firstTrue(),
                        b2.eq(min).firstTrue(), b3.eq(min).firstTrue());
            }
        }
    }

    /**
     * Centers {@code t0..min(span, t0 + 2 * LANES)}, more than {@code LANES} of them, for two codes at a time
     * (measured ~8% faster than one at a time for K = 24).
     */
    private static void lookupArgmin2(byte[] codes, int codesOffset, int n, int m, float[] lut, int lutOffset,
                                      int rowStride, int ks, int span, int t0, int labelBase, int[] bestLabel,
                                      float[] bestDist, int outOffset) {
        VectorMask<Float> valid = FLOATS.indexInRange(t0 + LANES, span);
        VectorMask<Float> invalid = valid.not();
        FloatVector infinity = FloatVector.broadcast(FLOATS, Float.POSITIVE_INFINITY);
        int subspaceStride = ks * rowStride;
        for (int i = 0; i < n; i += 2) {
            int i2 = Math.min(i + 1, n - 1); // a lone last code is paired with itself
            int code = codesOffset + i * m;
            int code2 = codesOffset + i2 * m;
            FloatVector a0 = FloatVector.zero(FLOATS);
            FloatVector a1 = a0;
            FloatVector b0 = a0;
            FloatVector b1 = a0;
            for (int s = 0, subspace = lutOffset + t0; s < m; s++, subspace += subspaceStride) {
                int row = subspace + (codes[code + s] & 0xFF) * rowStride;
                int row2 = subspace + (codes[code2 + s] & 0xFF) * rowStride;
                a0 = a0.add(FloatVector.fromArray(FLOATS, lut, row));
                a1 = a1.add(FloatVector.fromArray(FLOATS, lut, row + LANES, valid));
                b0 = b0.add(FloatVector.fromArray(FLOATS, lut, row2));
                b1 = b1.add(FloatVector.fromArray(FLOATS, lut, row2 + LANES, valid));
            }
            a1 = a1.blend(infinity, invalid);
            b1 = b1.blend(infinity, invalid);
            float min = a0.min(a1).reduceLanes(VectorOperators.MIN);
            int out = outOffset + i;
            if (min < bestDist[out]) {
                bestDist[out] = min;
                int lane = a0.eq(min).firstTrue();
                bestLabel[out] = labelBase + t0 + (lane < LANES ? lane : LANES + a1.eq(min).firstTrue());
            }
            min = b0.min(b1).reduceLanes(VectorOperators.MIN);
            out = outOffset + i2;
            if (min < bestDist[out]) {
                bestDist[out] = min;
                int lane = b0.eq(min).firstTrue();
                bestLabel[out] = labelBase + t0 + (lane < LANES ? lane : LANES + b1.eq(min).firstTrue());
            }
        }
    }

    /**
     * Centers {@code t0..span}, at most {@code LANES} of them, one code at a time (interleaving codes measured
     * no faster here: the loop is bound by the table loads, and the CPU overlaps consecutive codes anyway).
     */
    private static void lookupArgmin1(byte[] codes, int codesOffset, int n, int m, float[] lut, int lutOffset,
                                      int rowStride, int ks, int span, int t0, int labelBase, int[] bestLabel,
                                      float[] bestDist, int outOffset) {
        VectorMask<Float> valid = FLOATS.indexInRange(t0, span);
        VectorMask<Float> invalid = valid.not();
        FloatVector infinity = FloatVector.broadcast(FLOATS, Float.POSITIVE_INFINITY);
        int subspaceStride = ks * rowStride;
        for (int i = 0, code = codesOffset; i < n; i++, code += m) {
            FloatVector a0 = FloatVector.zero(FLOATS);
            for (int s = 0, subspace = lutOffset + t0; s < m; s++, subspace += subspaceStride) {
                int row = subspace + (codes[code + s] & 0xFF) * rowStride;
                a0 = a0.add(FloatVector.fromArray(FLOATS, lut, row, valid));
            }
            a0 = a0.blend(infinity, invalid);
            float min = a0.reduceLanes(VectorOperators.MIN);
            int out = outOffset + i;
            if (min < bestDist[out]) {
                bestDist[out] = min;
                bestLabel[out] = labelBase + t0 + a0.eq(min).firstTrue();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Gathers and scatters: scalar, with instruction-level parallelism where it is free.

    @Override
    public void lookupDistances(byte[] codes, int codesOffset, int n, int m,
                                float[] lut, int lutOffset, int rowStride, int ks, int tile,
                                float[] out, int outOffset, int outStride) {
        if (tile == 1) {
            lookupDistances1(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, out, outOffset);
            return;
        }
        float[] lanes = new float[2 * BLOCK];
        int t0 = 0;
        for (; t0 + BLOCK <= tile; t0 += BLOCK) {
            lookupDistancesWide(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, t0, out, outOffset, outStride,
                    lanes);
        }
        for (; t0 < tile; t0 += LANES) {
            lookupDistancesBlock(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, t0,
                    Math.min(LANES, tile - t0), out, outOffset, outStride, lanes);
        }
    }

    /**
     * Centers {@code t0..t0 + BLOCK} (four vectors) in four accumulators per code, two codes at a time: each lookup
     * loads half a row segment of 128 bytes, where {@link #lookupDistancesBlock} reads the same rows once per vector of
     * centers (the lower sums of pruned assignment's passes from nothing: 32 groups per call). Per lane the same sums.
     * The accumulation is {@link #lookupArgmin}'s, written out again: vectors handed to a helper are boxed whenever
     * C2 declines to inline it.
     */
    private static void lookupDistancesWide(byte[] codes, int codesOffset, int n, int m, float[] lut, int lutOffset,
                                            int rowStride, int ks, int t0, float[] out, int outOffset, int outStride,
                                            float[] lanes) {
        int subspaceStride = ks * rowStride;
        int i = 0;
        for (; i + 2 <= n; i += 2) {
            int code = codesOffset + i * m;
            int code2 = code + m;
            FloatVector a0 = FloatVector.zero(FLOATS);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            FloatVector b0 = a0;
            FloatVector b1 = a0;
            FloatVector b2 = a0;
            FloatVector b3 = a0;
            for (int s = 0, subspace = lutOffset + t0; s < m; s++, subspace += subspaceStride) {
                int x = subspace + (codes[code + s] & 0xFF) * rowStride;
                int y = subspace + (codes[code2 + s] & 0xFF) * rowStride;
                a0 = a0.add(FloatVector.fromArray(FLOATS, lut, x));
                a1 = a1.add(FloatVector.fromArray(FLOATS, lut, x + LANES));
                a2 = a2.add(FloatVector.fromArray(FLOATS, lut, x + 2 * LANES));
                a3 = a3.add(FloatVector.fromArray(FLOATS, lut, x + 3 * LANES));
                b0 = b0.add(FloatVector.fromArray(FLOATS, lut, y));
                b1 = b1.add(FloatVector.fromArray(FLOATS, lut, y + LANES));
                b2 = b2.add(FloatVector.fromArray(FLOATS, lut, y + 2 * LANES));
                b3 = b3.add(FloatVector.fromArray(FLOATS, lut, y + 3 * LANES));
            }
            a0.intoArray(lanes, 0);
            a1.intoArray(lanes, LANES);
            a2.intoArray(lanes, 2 * LANES);
            a3.intoArray(lanes, 3 * LANES);
            b0.intoArray(lanes, BLOCK);
            b1.intoArray(lanes, BLOCK + LANES);
            b2.intoArray(lanes, BLOCK + 2 * LANES);
            b3.intoArray(lanes, BLOCK + 3 * LANES);
            for (int t = 0, o = outOffset + t0 * outStride + i; t < BLOCK; t++, o += outStride) {
                out[o] = lanes[t];
                out[o + 1] = lanes[BLOCK + t];
            }
        }
        for (int v = 0; i < n && v < BLOCK; v += LANES) { // a lone last code
            lookupDistancesBlock(codes, codesOffset + i * m, 1, m, lut, lutOffset, rowStride, ks, t0 + v, LANES, out,
                    outOffset + i, outStride, lanes);
        }
    }

    /**
     * Centers {@code t0..t0 + count} ({@code count <= LANES}) in the lanes of one accumulator per code, two
     * codes at a time. Whole-vector loads where the row (with its padding) is wide enough, masked otherwise.
     */
    private static void lookupDistancesBlock(byte[] codes, int codesOffset, int n, int m, float[] lut,
                                             int lutOffset, int rowStride, int ks, int t0, int count,
                                             float[] out, int outOffset, int outStride, float[] lanes) {
        VectorMask<Float> valid = t0 + LANES <= rowStride ? FLOATS.maskAll(true) : FLOATS.indexInRange(0, count);
        int subspaceStride = ks * rowStride;
        int i = 0;
        for (; i + 2 <= n; i += 2) {
            int code = codesOffset + i * m;
            int code2 = code + m;
            FloatVector a = FloatVector.zero(FLOATS);
            FloatVector b = a;
            for (int s = 0, subspace = lutOffset + t0; s < m; s++, subspace += subspaceStride) {
                a = a.add(FloatVector.fromArray(FLOATS, lut, subspace + (codes[code + s] & 0xFF) * rowStride, valid));
                b = b.add(FloatVector.fromArray(FLOATS, lut, subspace + (codes[code2 + s] & 0xFF) * rowStride, valid));
            }
            a.intoArray(lanes, 0);
            b.intoArray(lanes, LANES);
            for (int t = 0, o = outOffset + t0 * outStride + i; t < count; t++, o += outStride) {
                out[o] = lanes[t];
                out[o + 1] = lanes[LANES + t];
            }
        }
        if (i < n) {
            int code = codesOffset + i * m;
            FloatVector a = FloatVector.zero(FLOATS);
            for (int s = 0, subspace = lutOffset + t0; s < m; s++, subspace += subspaceStride) {
                a = a.add(FloatVector.fromArray(FLOATS, lut, subspace + (codes[code + s] & 0xFF) * rowStride, valid));
            }
            a.intoArray(lanes, 0);
            for (int t = 0, o = outOffset + t0 * outStride + i; t < count; t++, o += outStride) {
                out[o] = lanes[t];
            }
        }
    }

    /**
     * One center. Each sum is a serial chain of m dependent adds, and a gather would need its indices built
     * one byte at a time from codes m bytes apart; four interleaved codes give the CPU four independent chains.
     */
    private static void lookupDistances1(byte[] codes, int codesOffset, int n, int m, float[] lut, int lutOffset,
                                         int rowStride, int ks, float[] out, int outOffset) {
        if (rowStride == 1) {
            lookupDistancesPacked(codes, codesOffset, n, m, lut, lutOffset, ks, out, outOffset);
            return;
        }
        int subspaceStride = ks * rowStride;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            int c0 = codesOffset + i * m;
            int c1 = c0 + m;
            int c2 = c1 + m;
            int c3 = c2 + m;
            float d0 = 0f;
            float d1 = 0f;
            float d2 = 0f;
            float d3 = 0f;
            for (int s = 0, row = lutOffset; s < m; s++, row += subspaceStride) {
                d0 += lut[row + (codes[c0 + s] & 0xFF) * rowStride];
                d1 += lut[row + (codes[c1 + s] & 0xFF) * rowStride];
                d2 += lut[row + (codes[c2 + s] & 0xFF) * rowStride];
                d3 += lut[row + (codes[c3 + s] & 0xFF) * rowStride];
            }
            out[outOffset + i] = d0;
            out[outOffset + i + 1] = d1;
            out[outOffset + i + 2] = d2;
            out[outOffset + i + 3] = d3;
        }
        SCALAR.lookupDistances(codes, codesOffset + i * m, n - i, m, lut, lutOffset, rowStride, ks, 1,
                out, outOffset + i, 0);
    }

    /**
     * One center whose rows are one float each (the table of k-means++ seeding): no multiply per lookup, and eight
     * interleaved codes, eight independent chains of adds. Each sum is still the scalar reference's, in order.
     */
    private static void lookupDistancesPacked(byte[] codes, int codesOffset, int n, int m, float[] lut, int lutOffset,
                                              int ks, float[] out, int outOffset) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            int c0 = codesOffset + i * m;
            float d0 = 0f;
            float d1 = 0f;
            float d2 = 0f;
            float d3 = 0f;
            float d4 = 0f;
            float d5 = 0f;
            float d6 = 0f;
            float d7 = 0f;
            for (int s = 0, row = lutOffset; s < m; s++, row += ks) {
                int c = c0 + s;
                d0 += lut[row + (codes[c] & 0xFF)];
                d1 += lut[row + (codes[c + m] & 0xFF)];
                d2 += lut[row + (codes[c + 2 * m] & 0xFF)];
                d3 += lut[row + (codes[c + 3 * m] & 0xFF)];
                d4 += lut[row + (codes[c + 4 * m] & 0xFF)];
                d5 += lut[row + (codes[c + 5 * m] & 0xFF)];
                d6 += lut[row + (codes[c + 6 * m] & 0xFF)];
                d7 += lut[row + (codes[c + 7 * m] & 0xFF)];
            }
            int o = outOffset + i;
            out[o] = d0;
            out[o + 1] = d1;
            out[o + 2] = d2;
            out[o + 3] = d3;
            out[o + 4] = d4;
            out[o + 5] = d5;
            out[o + 6] = d6;
            out[o + 7] = d7;
        }
        SCALAR.lookupDistances(codes, codesOffset + i * m, n - i, m, lut, lutOffset, 1, ks, 1, out, outOffset + i, 0);
    }

    @Override
    public void lookupMinSums(byte[] codes, int codesOffset, int n, int m, float[] lut, int lutOffset, int rowStride,
                              int ks, int tile, float[] minDist, int minOffset, double[] sums, int sumsOffset) {
        double[] lanes = new double[LANES];
        int t0 = 0;
        // Two blocks of lanes per pass over the codes: the second block's loads hit the cache lines the first one
        // just read (a row of up to 2 x LANES centers), instead of a second pass reading them again from L2.
        for (; tile - t0 > LANES; t0 += 2 * LANES) {
            lookupMinSumsPair(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, t0,
                    Math.min(LANES, tile - t0 - LANES), minDist, minOffset, sums, sumsOffset, lanes);
        }
        if (t0 < tile) {
            lookupMinSumsBlock(codes, codesOffset, n, m, lut, lutOffset, rowStride, ks, t0, tile - t0, minDist,
                    minOffset, sums, sumsOffset, lanes);
        }
    }

    /**
     * {@link #lookupMinSumsBlock} for the {@code LANES + count} centers from {@code t0} (the second block holding
     * {@code count}), four codes at a time: per lane the same sums in the same row order.
     */
    private static void lookupMinSumsPair(byte[] codes, int codesOffset, int n, int m, float[] lut, int lutOffset,
                                          int rowStride, int ks, int t0, int count, float[] minDist, int minOffset,
                                          double[] sums, int sumsOffset, double[] lanes) {
        VectorMask<Float> valid = t0 + 2 * LANES <= rowStride ? FLOATS.maskAll(true) : FLOATS.indexInRange(0, count);
        int subspaceStride = ks * rowStride;
        DoubleVector low0 = DoubleVector.zero(DOUBLES);
        DoubleVector high0 = low0;
        DoubleVector low1 = low0;
        DoubleVector high1 = low0;
        int i = 0;
        // Four codes at a time, as lookupMinSumsBlock: more independent table reads in flight.
        for (; i + 4 <= n; i += 4) {
            int c0 = codesOffset + i * m;
            int c1 = c0 + m;
            int c2 = c1 + m;
            int c3 = c2 + m;
            FloatVector a0 = FloatVector.zero(FLOATS);
            FloatVector a1 = a0;
            FloatVector b0 = a0;
            FloatVector b1 = a0;
            FloatVector c0v = a0;
            FloatVector c1v = a0;
            FloatVector d0 = a0;
            FloatVector d1 = a0;
            for (int s = 0, subspace = lutOffset + t0; s < m; s++, subspace += subspaceStride) {
                int ra = subspace + (codes[c0 + s] & 0xFF) * rowStride;
                int rb = subspace + (codes[c1 + s] & 0xFF) * rowStride;
                int rc = subspace + (codes[c2 + s] & 0xFF) * rowStride;
                int rd = subspace + (codes[c3 + s] & 0xFF) * rowStride;
                a0 = a0.add(FloatVector.fromArray(FLOATS, lut, ra));
                a1 = a1.add(FloatVector.fromArray(FLOATS, lut, ra + LANES, valid));
                b0 = b0.add(FloatVector.fromArray(FLOATS, lut, rb));
                b1 = b1.add(FloatVector.fromArray(FLOATS, lut, rb + LANES, valid));
                c0v = c0v.add(FloatVector.fromArray(FLOATS, lut, rc));
                c1v = c1v.add(FloatVector.fromArray(FLOATS, lut, rc + LANES, valid));
                d0 = d0.add(FloatVector.fromArray(FLOATS, lut, rd));
                d1 = d1.add(FloatVector.fromArray(FLOATS, lut, rd + LANES, valid));
            }
            float own = minDist[minOffset + i];
            a0 = a0.min(own);
            a1 = a1.min(own);
            low0 = low0.add(a0.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high0 = high0.add(a0.convertShape(VectorOperators.F2D, DOUBLES, 1));
            low1 = low1.add(a1.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high1 = high1.add(a1.convertShape(VectorOperators.F2D, DOUBLES, 1));
            own = minDist[minOffset + i + 1];
            b0 = b0.min(own);
            b1 = b1.min(own);
            low0 = low0.add(b0.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high0 = high0.add(b0.convertShape(VectorOperators.F2D, DOUBLES, 1));
            low1 = low1.add(b1.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high1 = high1.add(b1.convertShape(VectorOperators.F2D, DOUBLES, 1));
            own = minDist[minOffset + i + 2];
            c0v = c0v.min(own);
            c1v = c1v.min(own);
            low0 = low0.add(c0v.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high0 = high0.add(c0v.convertShape(VectorOperators.F2D, DOUBLES, 1));
            low1 = low1.add(c1v.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high1 = high1.add(c1v.convertShape(VectorOperators.F2D, DOUBLES, 1));
            own = minDist[minOffset + i + 3];
            d0 = d0.min(own);
            d1 = d1.min(own);
            low0 = low0.add(d0.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high0 = high0.add(d0.convertShape(VectorOperators.F2D, DOUBLES, 1));
            low1 = low1.add(d1.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high1 = high1.add(d1.convertShape(VectorOperators.F2D, DOUBLES, 1));
        }
        for (; i < n; i++) {
            int c0 = codesOffset + i * m;
            FloatVector a0 = FloatVector.zero(FLOATS);
            FloatVector a1 = a0;
            for (int s = 0, subspace = lutOffset + t0; s < m; s++, subspace += subspaceStride) {
                int ra = subspace + (codes[c0 + s] & 0xFF) * rowStride;
                a0 = a0.add(FloatVector.fromArray(FLOATS, lut, ra));
                a1 = a1.add(FloatVector.fromArray(FLOATS, lut, ra + LANES, valid));
            }
            float own = minDist[minOffset + i];
            a0 = a0.min(own);
            a1 = a1.min(own);
            low0 = low0.add(a0.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high0 = high0.add(a0.convertShape(VectorOperators.F2D, DOUBLES, 1));
            low1 = low1.add(a1.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high1 = high1.add(a1.convertShape(VectorOperators.F2D, DOUBLES, 1));
        }
        low0.intoArray(lanes, 0);
        high0.intoArray(lanes, DOUBLES.length());
        System.arraycopy(lanes, 0, sums, sumsOffset + t0, LANES);
        low1.intoArray(lanes, 0);
        high1.intoArray(lanes, DOUBLES.length());
        System.arraycopy(lanes, 0, sums, sumsOffset + t0 + LANES, count);
    }

    /**
     * Centers {@code t0..t0 + count} in the lanes of one float accumulator per code (two codes at a time); each
     * lane's minimum with the code's {@code minDist} is widened to double (exact) and added to two double
     * accumulators holding the lower and upper halves of the lanes, in row order: per lane the scalar
     * reference's sum. Nothing per code leaves the registers.
     */
    private static void lookupMinSumsBlock(byte[] codes, int codesOffset, int n, int m, float[] lut, int lutOffset,
                                           int rowStride, int ks, int t0, int count, float[] minDist, int minOffset,
                                           double[] sums, int sumsOffset, double[] lanes) {
        VectorMask<Float> valid = t0 + LANES <= rowStride ? FLOATS.maskAll(true) : FLOATS.indexInRange(0, count);
        int subspaceStride = ks * rowStride;
        DoubleVector low = DoubleVector.zero(DOUBLES);
        DoubleVector high = low;
        int i = 0;
        // Four codes at a time: the table rows are random L2 reads, and four independent chains keep more of
        // them in flight than two (the sums are still added to the accumulators in row order).
        for (; i + 4 <= n; i += 4) {
            int c0 = codesOffset + i * m;
            int c1 = c0 + m;
            int c2 = c1 + m;
            int c3 = c2 + m;
            FloatVector a = FloatVector.zero(FLOATS);
            FloatVector b = a;
            FloatVector c = a;
            FloatVector d = a;
            for (int s = 0, subspace = lutOffset + t0; s < m; s++, subspace += subspaceStride) {
                a = a.add(FloatVector.fromArray(FLOATS, lut, subspace + (codes[c0 + s] & 0xFF) * rowStride, valid));
                b = b.add(FloatVector.fromArray(FLOATS, lut, subspace + (codes[c1 + s] & 0xFF) * rowStride, valid));
                c = c.add(FloatVector.fromArray(FLOATS, lut, subspace + (codes[c2 + s] & 0xFF) * rowStride, valid));
                d = d.add(FloatVector.fromArray(FLOATS, lut, subspace + (codes[c3 + s] & 0xFF) * rowStride, valid));
            }
            a = a.min(minDist[minOffset + i]);
            b = b.min(minDist[minOffset + i + 1]);
            c = c.min(minDist[minOffset + i + 2]);
            d = d.min(minDist[minOffset + i + 3]);
            low = low.add(a.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high = high.add(a.convertShape(VectorOperators.F2D, DOUBLES, 1));
            low = low.add(b.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high = high.add(b.convertShape(VectorOperators.F2D, DOUBLES, 1));
            low = low.add(c.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high = high.add(c.convertShape(VectorOperators.F2D, DOUBLES, 1));
            low = low.add(d.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high = high.add(d.convertShape(VectorOperators.F2D, DOUBLES, 1));
        }
        for (; i < n; i++) {
            int code = codesOffset + i * m;
            FloatVector a = FloatVector.zero(FLOATS);
            for (int s = 0, subspace = lutOffset + t0; s < m; s++, subspace += subspaceStride) {
                a = a.add(FloatVector.fromArray(FLOATS, lut, subspace + (codes[code + s] & 0xFF) * rowStride, valid));
            }
            a = a.min(minDist[minOffset + i]);
            low = low.add(a.convertShape(VectorOperators.F2D, DOUBLES, 0));
            high = high.add(a.convertShape(VectorOperators.F2D, DOUBLES, 1));
        }
        low.intoArray(lanes, 0);
        high.intoArray(lanes, DOUBLES.length());
        System.arraycopy(lanes, 0, sums, sumsOffset + t0, count);
    }

    /**
     * Blocks of as many centers as one vector has bytes (32 on 256-bit machines), two codes at a time: each
     * subspace's row segment is two half-vector byte loads, each zero-extended into one 16-bit accumulator (the sums
     * fit 15 bits, so signed 16-bit minima are exact). Two half loads beat one full load whose upper half must be
     * moved down before it widens: 29 vs 36 ns per code against a 32-center group (M = 16, one thread, 256-bit).
     * The tables are a quarter of the float ones, and a byte row segment is half a cache line where the float kernel
     * reads two lines. Codes are read where they are ({@code rows}), so a pruned pass gathers none for this filter.
     */
    @Override
    public void quantizedMinima(byte[] codes, int[] rows, int rowsOffset, int n, int m, byte[] qlut, int qOffset,
                                int width, int ks, int[] out, int outOffset) {
        int subspaceStride = ks * width;
        int half = HALF_BYTES.length();
        for (int t0 = 0; t0 < width; t0 += 2 * half) {
            for (int i = 0; i < n; i += 2) {
                int i2 = Math.min(i + 1, n - 1); // a lone last code is paired with itself
                int code = rows[rowsOffset + i] * m;
                int code2 = rows[rowsOffset + i2] * m;
                ShortVector a0 = ShortVector.zero(SHORTS);
                ShortVector a1 = a0;
                ShortVector b0 = a0;
                ShortVector b1 = a0;
                for (int s = 0, subspace = qOffset + t0; s < m; s++, subspace += subspaceStride) {
                    int x = subspace + (codes[code + s] & 0xFF) * width;
                    int y = subspace + (codes[code2 + s] & 0xFF) * width;
                    a0 = a0.add(widened(qlut, x));
                    a1 = a1.add(widened(qlut, x + half));
                    b0 = b0.add(widened(qlut, y));
                    b1 = b1.add(widened(qlut, y + half));
                }
                int min = a0.min(a1).reduceLanes(VectorOperators.MIN);
                int min2 = b0.min(b1).reduceLanes(VectorOperators.MIN);
                if (t0 == 0) {
                    out[outOffset + i] = min;
                    out[outOffset + i2] = min2;
                } else {
                    out[outOffset + i] = Math.min(out[outOffset + i], min);
                    out[outOffset + i2] = Math.min(out[outOffset + i2], min2);
                }
            }
        }
    }

    /** {@code HALF_BYTES.length()} unsigned bytes from {@code qlut[offset]}, as 16-bit lanes. */
    private static ShortVector widened(byte[] qlut, int offset) {
        return (ShortVector) ByteVector.fromArray(HALF_BYTES, qlut, offset)
                .convertShape(VectorOperators.ZERO_EXTEND_B2S, SHORTS, 0);
    }

    /**
     * One float compare and one int compare per lane, the lanes' decays picked from one vector of the
     * {@link #BOUND_TAGS} decays by their tags (a lane permute); the selected lanes come out of the masks' bits,
     * which every x86 vector ISA extracts in one instruction (a compress would need AVX-512). Pruned assignment
     * calls this for every group and code, and most lanes are not selected. Vectors of fewer lanes than tags
     * cannot hold the decays: the scalar reference runs then.
     */
    @Override
    public int selectNotAbove(float[] bounds, int boundsOffset, float[] limits, float[] decays, int decaysOffset,
                              int[] owner, int skipOwner, int n, int[] out) {
        if (LANES < BOUND_TAGS) {
            return SCALAR.selectNotAbove(bounds, boundsOffset, limits, decays, decaysOffset, owner, skipOwner, n, out);
        }
        FloatVector decay = FloatVector.fromArray(FLOATS, decays, decaysOffset, FLOATS.indexInRange(0, BOUND_TAGS));
        IntVector skip = IntVector.broadcast(INTS, skipOwner);
        int count = 0;
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            IntVector bits = FloatVector.fromArray(FLOATS, bounds, boundsOffset + i).reinterpretAsInts();
            FloatVector value = bits.and(~BOUND_TAG_MASK).reinterpretAsFloats();
            FloatVector laneDecay = decay.rearrange(bits.and(BOUND_TAG_MASK).toShuffle().cast(FLOATS));
            long cleared = value.compare(VectorOperators.GT, FloatVector.fromArray(FLOATS, limits, i).add(laneDecay))
                    .toLong();
            long others = IntVector.fromArray(INTS, owner, i).compare(VectorOperators.NE, skip).toLong();
            for (long rest = others & ~cleared; rest != 0; rest &= rest - 1) {
                out[count++] = i + Long.numberOfTrailingZeros(rest);
            }
        }
        for (; i < n; i++) {
            float stored = bounds[boundsOffset + i];
            if (owner[i] != skipOwner
                    && !(Kernels.boundValue(stored) > limits[i] + decays[decaysOffset + Kernels.boundTag(stored)])) {
                out[count++] = i;
            }
        }
        return count;
    }

    /**
     * Scalar: a vector scatter of increments loses updates when two lanes hit the same bin, and the Vector
     * API has no conflict detection; the loop is bound by memory increments, not arithmetic.
     */
    @Override
    public void histogram(byte[] codes, int codesOffset, int n, int m, int ks,
                          int[] labels, int labelsOffset, int[] histogram) {
        SCALAR.histogram(codes, codesOffset, n, m, ks, labels, labelsOffset, histogram);
    }

    // ---------------------------------------------------------------------------------------------
    // Reductions: lane-wise partial sums (allowed to differ from the scalar ones in the last bits).

    @Override
    public float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = acc0;
        int j = 0;
        for (; j + 2 * LANES <= length; j += 2 * LANES) {
            FloatVector d0 = FloatVector.fromArray(FLOATS, a, aOffset + j)
                    .sub(FloatVector.fromArray(FLOATS, b, bOffset + j));
            FloatVector d1 = FloatVector.fromArray(FLOATS, a, aOffset + j + LANES)
                    .sub(FloatVector.fromArray(FLOATS, b, bOffset + j + LANES));
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
        }
        if (j + LANES <= length) {
            FloatVector d0 = FloatVector.fromArray(FLOATS, a, aOffset + j)
                    .sub(FloatVector.fromArray(FLOATS, b, bOffset + j));
            acc0 = d0.fma(d0, acc0);
            j += LANES;
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; j < length; j++) {
            float diff = a[aOffset + j] - b[bOffset + j];
            sum = Math.fma(diff, diff, sum);
        }
        return sum;
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = acc0;
        int j = 0;
        for (; j + 2 * LANES <= length; j += 2 * LANES) {
            acc0 = FloatVector.fromArray(FLOATS, a, aOffset + j)
                    .fma(FloatVector.fromArray(FLOATS, b, bOffset + j), acc0);
            acc1 = FloatVector.fromArray(FLOATS, a, aOffset + j + LANES)
                    .fma(FloatVector.fromArray(FLOATS, b, bOffset + j + LANES), acc1);
        }
        if (j + LANES <= length) {
            acc0 = FloatVector.fromArray(FLOATS, a, aOffset + j)
                    .fma(FloatVector.fromArray(FLOATS, b, bOffset + j), acc0);
            j += LANES;
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; j < length; j++) {
            sum = Math.fma(a[aOffset + j], b[bOffset + j], sum);
        }
        return sum;
    }

    /**
     * Half a vector of minima at a time, widened to a full vector of doubles (exact): the division and square
     * root are IEEE in every lane, as in the scalar reference. The float rounding down is done on the bits:
     * {@code nextDown} of a float {@code f > y >= 0} is the float whose bits are one less (also from
     * {@code +Infinity} to {@code Float.MAX_VALUE}).
     */
    @Override
    public void shiftedLowerBounds(float[] minima, int minimaOffset, int n, double absolute, double divisor,
                                   double shift, int tag, float[] out, int outOffset) {
        int lanes = DOUBLES.length();
        int i = 0;
        // Below 256-bit vectors the half-width floats would be 64-bit vectors, which C2 may not compile (the
        // Java fallback is far slower than the scalar loop): the scalar reference does all of it then.
        int vectorEnd = FLOATS.vectorBitSize() >= 256 ? n - lanes : -1;
        for (; i <= vectorEnd; i += lanes) {
            FloatVector min = FloatVector.fromArray(HALF_FLOATS, minima, minimaOffset + i).min(Float.MAX_VALUE);
            DoubleVector x = ((DoubleVector) min.convertShape(VectorOperators.F2D, DOUBLES, 0))
                    .sub(absolute).div(divisor);
            DoubleVector bound = x.sqrt().blend(0, x.compare(VectorOperators.GT, 0).not());
            DoubleVector y = bound.add(shift).mul(ScalarKernels.LOWER_BOUND_SCALE);
            FloatVector f = (FloatVector) y.convertShape(VectorOperators.D2F, HALF_FLOATS, 0);
            VectorMask<Double> above = ((DoubleVector) f.convertShape(VectorOperators.F2D, DOUBLES, 0))
                    .compare(VectorOperators.GT, y);
            f.reinterpretAsInts().sub(1, above.cast(HALF_INTS)).and(~BOUND_TAG_MASK).or(tag).reinterpretAsFloats()
                    .intoArray(out, outOffset + i);
        }
        SCALAR.shiftedLowerBounds(minima, minimaOffset + i, n - i, absolute, divisor, shift, tag, out, outOffset + i);
    }
}
