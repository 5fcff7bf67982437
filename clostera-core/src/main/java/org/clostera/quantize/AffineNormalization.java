package org.clostera.quantize;

import java.util.Arrays;
import org.clostera.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The map from the input space to the space the encoders quantize: {@code z = (x - mean) / scale},
 * with the global mean and a power-of-two scale learned from the training sample. Codebooks, code-space
 * centers, distance tables and k-means inertia then work on numbers near 1 whatever the data's magnitude
 * or offset: float32 squared distances of raw data overflow from |x| ~ 1e19, vanish below ~1e-19 and lose
 * every digit of the spread when the data sit far from 0 ({@code |x|^2 - 2 x.c + |c|^2} cancels).
 *
 * <p>The mean and the spread are accumulated in double (values near {@link Float#MAX_VALUE} do not overflow);
 * the mean is then rounded to float, as it is applied. The scale is a power of two, so scaling is exact
 * and a squared distance in the normalised space times {@code scale^2} ({@link #squaredScale()}) is the
 * same distance in the input space. Applying it costs one fused multiply-add per value in float
 * ({@code x / scale - mean / scale}, exact before its one rounding, so it never overflows in between even
 * when {@code x - mean} exceeds the float range), which the JIT vectorises; only scales beyond the float
 * exponent range (data whose spread is below 2^-127) take a double path.
 *
 * <p>The mean comes from the training sample rather than a pass over all rows: the encoders only need
 * the offset removed to a small fraction of the spread (a 32768-row sample leaves an error of
 * ~0.006 standard deviations), and an extra pass would double the reads of the whole input.
 */
public final class AffineNormalization {
    /** No normalisation (mean 0, scale 1): what encoders saved before format version 2 used. */
    public static final AffineNormalization IDENTITY = new AffineNormalization(null, 1.0);

    private static final Logger LOG = LoggerFactory.getLogger(AffineNormalization.class);

    /** The mean (float values), or null for a zero mean. */
    private final float[] mean;
    /** {@code -mean / scale}, exact in float: the addend of the forward fused multiply-add. */
    private final float[] shift;
    private final double scale;
    private final double inverseScale;
    /** Whether scale and 1 / scale are floats (exponent within [-127, 127]): the float path applies. */
    private final boolean floatPath;

    private AffineNormalization(float[] mean, double scale) {
        this.mean = mean;
        this.scale = scale;
        this.inverseScale = 1.0 / scale;
        int exponent = Math.getExponent(scale);
        this.floatPath = exponent >= -127 && exponent <= 127;
        if (mean == null) {
            this.shift = null;
        } else {
            this.shift = new float[mean.length];
            for (int j = 0; j < mean.length; j++) {
                shift[j] = (float) (-mean[j] * inverseScale);
            }
        }
    }

    /**
     * A normalisation with the given mean (length D; rounded to float, as it is applied) and scale (a positive
     * power of two with a finite inverse).
     */
    public static AffineNormalization of(double[] mean, double scale) {
        if (mean == null) {
            throw new InvalidParameterException("mean is null");
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j])) {
                throw new InvalidParameterException("mean at dimension " + j + " is not finite: " + mean[j]);
            }
        }
        if (!isPowerOfTwo(scale) || !Double.isFinite(1.0 / scale)) {
            throw new InvalidParameterException("scale must be a positive power of two, got " + scale);
        }
        float[] rounded = new float[mean.length];
        boolean zero = true;
        for (int j = 0; j < mean.length; j++) {
            rounded[j] = (float) mean[j];
            zero &= rounded[j] == 0;
        }
        return zero && scale == 1.0 ? IDENTITY : new AffineNormalization(zero ? null : rounded, scale);
    }

    /**
     * Learns the mean and scale of {@code rows} row-major rows of {@code dim} floats: the mean per
     * dimension, and the largest power of two not above the root mean square deviation per value
     * ({@code sqrt(sum |x - mean|^2 / (rows x D))}), so normalised values have a spread in [1, 2). When
     * every row equals the mean (zero variance) the scale is 1 and one warning line says so.
     */
    public static AffineNormalization learn(float[] rowMajor, int rows, int dim) {
        if (rows < 1 || dim < 1 || rowMajor.length < (long) rows * dim) {
            throw new InvalidParameterException("cannot learn a normalisation from " + rows + " rows of dimension "
                    + dim + " in " + rowMajor.length + " floats");
        }
        double[] mean = new double[dim];
        for (int i = 0; i < rows; i++) {
            int base = i * dim;
            for (int j = 0; j < dim; j++) {
                mean[j] += rowMajor[base + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= rows;
        }
        // Per-row partial sums keep the total accurate for large samples; |x - mean|^2 <= (2 x 3.4e38)^2
        // is far inside the double range.
        double total = 0;
        for (int i = 0; i < rows; i++) {
            int base = i * dim;
            double row = 0;
            for (int j = 0; j < dim; j++) {
                double d = rowMajor[base + j] - mean[j];
                row += d * d;
            }
            total += row;
        }
        double rms = Math.sqrt(total / ((double) rows * dim));
        double scale;
        if (rms > 0) {
            scale = Math.scalb(1.0, Math.getExponent(rms));
        } else {
            LOG.warn("all {} training rows are equal (zero variance): every row gets the same code, so the data "
                    + "holds a single cluster", rows);
            scale = 1.0;
        }
        return of(mean, scale);
    }

    /** Whether this is the identity (mean 0, scale 1): encoders then skip it. */
    public boolean isIdentity() {
        return this == IDENTITY;
    }

    /** The mean per dimension (float values), length D (zeros when none was learned; {@code dim} sizes that case). */
    public double[] mean(int dim) {
        double[] out = new double[dim];
        for (int j = 0; mean != null && j < dim; j++) {
            out[j] = mean[j];
        }
        return out;
    }

    /** The scale, a positive power of two. */
    public double scale() {
        return scale;
    }

    /** {@code scale^2}: multiplies a squared distance (or inertia) of the normalised space into input units. */
    public double squaredScale() {
        return scale * scale;
    }

    /**
     * {@code out[outOffset + i] = (in[inOffset + i] - mean) / scale} for {@code rows} rows of {@code dim}
     * ({@code out} may be {@code in} at the same offset).
     */
    public void apply(float[] in, int inOffset, int rows, int dim, float[] out, int outOffset) {
        if (isIdentity()) {
            if (in != out || inOffset != outOffset) {
                System.arraycopy(in, inOffset, out, outOffset, rows * dim);
            }
            return;
        }
        if (floatPath) {
            // Row by row through a zero-based scratch: C2 vectorises a loop whose arrays share one index, not
            // one that reads a row at an offset next to the shift at 0 (the arrays might alias). Measured 3-4x.
            float inv = (float) inverseScale;
            float[] add = shift == null ? new float[dim] : shift;
            float[] row = new float[dim];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(in, inOffset + r * dim, row, 0, dim);
                forward(row, inv, add, dim);
                System.arraycopy(row, 0, out, outOffset + r * dim, dim);
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            int src = inOffset + r * dim;
            int dst = outOffset + r * dim;
            for (int j = 0; j < dim; j++) {
                out[dst + j] = (float) ((in[src + j] - (mean == null ? 0 : mean[j])) * inverseScale);
            }
        }
    }

    /** {@link #apply} in place on {@code rows} rows from {@code offset}. */
    public void applyInPlace(float[] data, int offset, int rows, int dim) {
        apply(data, offset, rows, dim, data, offset);
    }

    /**
     * The inverse, in place: {@code data = data x scale + mean}, in double, clamped to the float range
     * (a reconstruction of values next to {@link Float#MAX_VALUE} may round just past it).
     */
    public void invertInPlace(float[] data, int offset, int rows, int dim) {
        if (isIdentity()) {
            return;
        }
        float max = Float.MAX_VALUE;
        if (floatPath) {
            // One rounding of the exact z * scale + mean: no overflow in between, Inf only past the range.
            float s = (float) scale;
            float[] mu = mean == null ? new float[dim] : mean;
            float[] row = new float[dim];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(data, offset + r * dim, row, 0, dim);
                inverse(row, s, mu, dim);
                System.arraycopy(row, 0, data, offset + r * dim, dim);
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            int base = offset + r * dim;
            for (int j = 0; j < dim; j++) {
                double v = data[base + j] * scale + (mean == null ? 0 : mean[j]);
                data[base + j] = (float) Math.max(-max, Math.min(max, v));
            }
        }
    }

    /** {@code row = x / scale - mean / scale}: exact, then one rounding. */
    private static void forward(float[] row, float inverseScale, float[] shift, int dim) {
        for (int j = 0; j < dim; j++) {
            row[j] = Math.fma(row[j], inverseScale, shift[j]);
        }
    }

    /** {@code row = z x scale + mean}: exact, then one rounding, clamped to the float range. */
    private static void inverse(float[] row, float scale, float[] mean, int dim) {
        float max = Float.MAX_VALUE;
        for (int j = 0; j < dim; j++) {
            row[j] = Math.max(-max, Math.min(max, Math.fma(row[j], scale, mean[j])));
        }
    }

    private static boolean isPowerOfTwo(double v) {
        return v > 0 && Double.isFinite(v) && v == Math.scalb(1.0, Math.getExponent(v));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AffineNormalization other && other.scale == scale
                && Arrays.equals(other.mean, mean);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(scale) + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return isIdentity() ? "AffineNormalization[identity]"
                : "AffineNormalization[scale=2^" + Math.getExponent(scale) + (mean == null ? ", mean 0]" : "]");
    }
}
