package org.clostera.internal.kernels;

/**
 * The hot loops of clostera. Two implementations: {@link ScalarKernels} (portable, the reference) and
 * {@code PanamaKernels} (Vector API). Algorithm code obtains one through {@link KernelsProvider#get()}
 * and never imports {@code jdk.incubator.vector}.
 *
 * <p><b>Exactness contract.</b> The argmin kernels ({@link #nearestCodewords}, {@link #lookupArgmin})
 * and {@link #subspaceDistanceTable} must give bit-identical results in every implementation, so the
 * arithmetic order is part of the contract: every sum is accumulated in ascending index order starting
 * from {@code 0f}, products are fused ({@link Math#fma}), and ties go to the smallest index. Only
 * {@link #squaredDistance} and {@link #dot} may differ in the last bits (lane-wise partial sums).
 *
 * <p>Codes are unsigned bytes: code value {@code c} is {@code codes[i] & 0xFF}.
 */
public interface Kernels {

    /** A short name for logs and benchmarks ("scalar", "panama-512", ...). */
    String name();

    /**
     * Nearest codeword of one subspace for {@code n} sub-vectors.
     *
     * <p>Sub-vector {@code i} is {@code x[xOffset + i * xStride + j]}, {@code j < width}. The codebook is
     * transposed: component {@code j} of codeword {@code c} is {@code codebookT[j * ks + c]};
     * {@code norms[c]} is its squared norm. For each {@code i} the kernel computes, for every {@code c},
     * {@code dot = fma(x_j, codebookT[j * ks + c], dot)} for {@code j = 0..width-1} from {@code 0f}, then
     * {@code score = norms[c] - 2f * dot}, and writes the first {@code c} with the smallest score to
     * {@code labels[labelsOffset + i]}. If {@code scores} is not null the smallest score goes to
     * {@code scores[scoresOffset + i]} (add {@code |x|^2} for the squared distance).
     */
    void nearestCodewords(float[] x, int xOffset, int xStride, int n, int width,
                          float[] codebookT, float[] norms, int ks,
                          int[] labels, int labelsOffset, float[] scores, int scoresOffset);

    /**
     * Asymmetric distance table of one subspace against a tile of {@code tile} centers:
     * {@code table[tableOffset + c * rowStride + t] = sum_j (codebookT[j * ks + c] - centers[centersOffset + t * centerStride + j])^2}
     * for {@code c < ks}, {@code t < tile}, summed over {@code j = 0..width-1} in order from {@code 0f}
     * with {@code acc = fma(diff, diff, acc)}. The padding {@code tile <= t < rowStride} of each row is set
     * to {@code +Infinity}, which is what {@link #lookupArgmin} expects there.
     *
     * @param rowStride floats from one table row (codeword) to the next, {@code >= tile}
     */
    void subspaceDistanceTable(float[] codebookT, int ks, int width,
                               float[] centers, int centersOffset, int centerStride, int tile,
                               float[] table, int tableOffset, int rowStride);

    /**
     * Fused lookup-accumulate-argmin over {@code n} codes of {@code m} bytes
     * ({@code codes[codesOffset + i * m + s]}) against a tile of {@code tile} centers whose table is
     * laid out {@code lut[lutOffset + (s * ks + code) * rowStride + t]}.
     *
     * <p>For each code, {@code d_t = sum_s lut[lutOffset + (s * ks + code_s) * rowStride + t]} accumulated
     * over {@code s = 0..m-1} in order from {@code 0f}; let {@code t*} be the first smallest {@code d_t}. If
     * {@code d_t* < bestDist[outOffset + i]} (strictly), the kernel sets {@code bestDist[outOffset + i] = d_t*}
     * and {@code bestLabel[outOffset + i] = labelBase + t*}. Callers start with {@code +Infinity} and
     * present tiles in ascending label order, so ties resolve to the smallest label.
     *
     * <p>Row padding {@code tile <= t < rowStride} must hold {@code +Infinity} (as
     * {@link #subspaceDistanceTable} writes it): a vector kernel may then read whole vectors past
     * {@code tile} without masks, and a padded center can never be the smallest. Rows of whole cache lines
     * (a {@code rowStride} of a multiple of 16 floats from a 64-byte aligned {@code lutOffset}) keep every
     * vector load inside one cache line, which is worth ~30% on AVX-512 machines.
     */
    void lookupArgmin(byte[] codes, int codesOffset, int n, int m,
                      float[] lut, int lutOffset, int rowStride, int ks, int tile, int labelBase,
                      int[] bestLabel, float[] bestDist, int outOffset);

    /**
     * Distances of {@code n} codes to one center: {@code out[outOffset + i] = sum_s lut[s * ks + code_s]}
     * over {@code s = 0..m-1} in order from {@code 0f}.
     */
    default void lookupDistances(byte[] codes, int codesOffset, int n, int m, float[] lut, int ks,
                                 float[] out, int outOffset) {
        lookupDistances(codes, codesOffset, n, m, lut, 0, 1, ks, 1, out, outOffset, n);
    }

    /**
     * Distances of {@code n} codes to each of a tile of {@code tile} centers, laid out as for
     * {@link #lookupArgmin}: {@code out[outOffset + t * outStride + i] =
     * sum_s lut[lutOffset + (s * ks + code_s) * rowStride + t]} over {@code s = 0..m-1} in order from
     * {@code 0f}, for {@code t < tile}. Row padding is read but never written out, so it may hold anything.
     */
    void lookupDistances(byte[] codes, int codesOffset, int n, int m,
                         float[] lut, int lutOffset, int rowStride, int ks, int tile,
                         float[] out, int outOffset, int outStride);

    /**
     * k-means++ potentials of a tile of candidate centers, laid out as for {@link #lookupDistances}: for
     * {@code t < tile}, {@code sums[sumsOffset + t] = sum_i min(minDist[minOffset + i], d_t(i))} over
     * {@code i = 0..n-1} in order, added in double from {@code 0.0}, where {@code d_t(i)} is the float sum
     * {@link #lookupDistances} computes. Bit-identical in every implementation. Row padding is read, never
     * summed.
     */
    void lookupMinSums(byte[] codes, int codesOffset, int n, int m, float[] lut, int lutOffset, int rowStride, int ks,
                       int tile, float[] minDist, int minOffset, double[] sums, int sumsOffset);

    /**
     * Smallest quantized table sum of each of {@code n} codes over a group of {@code width} centers: code {@code i}
     * is {@code codes[rows[rowsOffset + i] * m ..]} (rows are read in place, so a pass never gathers the codes it
     * filters), and for {@code i < n}, {@code out[outOffset + i] = min over t < width of sum_s (qlut[qOffset +
     * (s * ks + code_s) * width + t] & 0xFF)} over {@code s = 0..m-1}. Integer sums, so every implementation gives
     * the same values. {@code width} is a multiple of {@value #QUANTIZED_WIDTH_ALIGNMENT}, and every sum must fit
     * 15 bits ({@code m x} the largest entry {@code <= 32767}): vector implementations add in 16-bit lanes.
     */
    void quantizedMinima(byte[] codes, int[] rows, int rowsOffset, int n, int m, byte[] qlut, int qOffset, int width,
                         int ks, int[] out, int outOffset);

    /** Group widths {@link #quantizedMinima} accepts are multiples of this (one 256-bit vector of bytes). */
    int QUANTIZED_WIDTH_ALIGNMENT = 32;

    /**
     * Per-cluster code histograms: for {@code i < n}, {@code s < m}:
     * {@code histogram[(labels[labelsOffset + i] * m + s) * ks + code_is] += 1}.
     */
    void histogram(byte[] codes, int codesOffset, int n, int m, int ks,
                   int[] labels, int labelsOffset, int[] histogram);

    /**
     * Low bits of a stored pruning bound that hold its tag: {@link #shiftedLowerBounds} writes a tag there and
     * {@link #selectNotAbove} reads it. A stored bound's value is {@link #boundValue}, its float with these bits clear:
     * at most the float the formula gave (a non-negative float only falls when bits of its mantissa are cleared), so
     * still a lower bound, smaller by at most {@code 2^-20} of itself.
     */
    int BOUND_TAG_BITS = 3;
    /** Distinct tags: {@code 2^BOUND_TAG_BITS}. */
    int BOUND_TAGS = 1 << BOUND_TAG_BITS;
    /** The tag bits of a stored bound's raw float bits. */
    int BOUND_TAG_MASK = BOUND_TAGS - 1;

    /** The value of a stored bound: its float with the {@link #BOUND_TAG_BITS} tag bits clear. */
    static float boundValue(float stored) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(stored) & ~BOUND_TAG_MASK);
    }

    /** The tag of a stored bound ({@link #shiftedLowerBounds}). */
    static int boundTag(float stored) {
        return Float.floatToRawIntBits(stored) & BOUND_TAG_MASK;
    }

    /** {@code bound} with its {@link #BOUND_TAG_BITS} low bits replaced by {@code tag}. */
    static float taggedBound(float bound, int tag) {
        return Float.intBitsToFloat((Float.floatToRawIntBits(bound) & ~BOUND_TAG_MASK) | tag);
    }

    /**
     * The rows a bound does not clear: for {@code i < n} in ascending order, writes {@code i} to
     * {@code out[count++]} when {@code owner[i] != skipOwner} and not
     * {@code boundValue(b) > limits[i] + decays[decaysOffset + boundTag(b)]} for {@code b = bounds[boundsOffset + i]}
     * (the sum rounded to float once, as Java adds two floats); returns {@code count}. {@code decays} holds
     * {@link #BOUND_TAGS} floats from {@code decaysOffset}, one per tag. Every implementation selects the same rows
     * (a float add and compare).
     */
    int selectNotAbove(float[] bounds, int boundsOffset, float[] limits, float[] decays, int decaysOffset,
                       int[] owner, int skipOwner, int n, int[] out);

    /** Squared Euclidean distance of {@code a[aOffset..+length)} and {@code b[bOffset..+length)}. */
    float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int length);

    /** Dot product of {@code a[aOffset..+length)} and {@code b[bOffset..+length)}. */
    float dot(float[] a, int aOffset, float[] b, int bOffset, int length);

    /**
     * Stored pruning bounds from the computed group minima of {@code n} codes, in bulk (the per-code formula of
     * pruned assignment's {@code TableSumRounding}): for {@code i < n}, in double,
     * {@code x = (min(minima[minimaOffset + i], Float.MAX_VALUE) - absolute) / divisor},
     * {@code b = x > 0 ? sqrt(x) : 0}, {@code f} is the largest float {@code <= (b + shift) * (1 - 2^-50)}, and
     * {@code out[outOffset + i]} is {@code f} with its {@link #BOUND_TAG_BITS} low bits replaced by {@code tag}
     * ({@code 0 <= tag < BOUND_TAGS}). Every operation is one correctly rounded IEEE operation, so every
     * implementation gives the same floats. Inputs: minima {@code >= 0} or {@code +Infinity}, {@code shift >= 0}.
     */
    void shiftedLowerBounds(float[] minima, int minimaOffset, int n, double absolute, double divisor, double shift,
                            int tag, float[] out, int outOffset);
}
