package org.clostera.data;

import org.clostera.InvalidDataException;

/**
 * The rows of another source scaled to unit Euclidean length, for the cosine metric. The length is computed
 * in double from the row as read (with a power-of-two prescale, so tiny and huge rows alike); an all-zero
 * row has no direction and is refused with an {@link InvalidDataException} naming the source and row.
 */
public final class UnitLengthRows implements VectorSource {
    private final VectorSource rows;

    private UnitLengthRows(VectorSource rows) {
        this.rows = rows;
    }

    /** {@code source}'s rows at unit length ({@code source} itself if it already is such a view). */
    public static VectorSource of(VectorSource source) {
        return source instanceof UnitLengthRows ? source : new UnitLengthRows(source);
    }

    @Override
    public long rows() {
        return rows.rows();
    }

    @Override
    public int dim() {
        return rows.dim();
    }

    @Override
    public void read(long firstRow, int count, float[] dst, int dstOffset) {
        rows.read(firstRow, count, dst, dstOffset);
        normalise(dst, dstOffset, count, firstRow);
    }

    @Override
    public void readRows(long[] rowIndices, float[] dst) {
        rows.readRows(rowIndices, dst);
        int dim = dim();
        for (int i = 0; i < rowIndices.length; i++) {
            normalise(dst, i * dim, 1, rowIndices[i]);
        }
    }

    private void normalise(float[] dst, int offset, int count, long firstRow) {
        int dim = dim();
        for (int i = 0; i < count; i++) {
            int base = offset + i * dim;
            if (!scaleToUnitLength(dst, base, dim) && isZero(dst, base, dim)) {
                throw new InvalidDataException("the cosine metric needs rows of nonzero length; this row is all"
                        + " zeros", rows.description(), firstRow + i, null, null);
            }
        }
    }

    /**
     * Scales {@code v[offset, offset + dim)} to unit Euclidean length, computed in double after a power-of-two
     * prescale (so tiny and huge vectors alike); returns false, leaving it alone, when it is zero or not finite.
     */
    public static boolean scaleToUnitLength(float[] v, int offset, int dim) {
        double largest = 0;
        for (int j = 0; j < dim; j++) {
            largest = Math.max(largest, Math.abs((double) v[offset + j]));
        }
        if (largest == 0 || !Double.isFinite(largest)) {
            return false; // non-finite: left for the finite checks, which name it
        }
        double scale = Math.scalb(1.0, -Math.getExponent(largest));
        double norm = 0;
        for (int j = 0; j < dim; j++) {
            double x = v[offset + j] * scale;
            norm += x * x;
        }
        double inverse = scale / Math.sqrt(norm);
        for (int j = 0; j < dim; j++) {
            v[offset + j] = (float) (v[offset + j] * inverse);
        }
        return true;
    }

    private static boolean isZero(float[] v, int offset, int dim) {
        for (int j = 0; j < dim; j++) {
            if (v[offset + j] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean checksFinite() {
        return rows.checksFinite();
    }

    @Override
    public boolean supportsRandomAccess() {
        return rows.supportsRandomAccess();
    }

    @Override
    public String description() {
        return rows.description();
    }

    @Override
    public void close() {
        rows.close();
    }
}
