package org.clostera.data;

import org.clostera.InvalidDataException;

/** A {@link VectorSource} over vectors already in memory ({@code float[][]} or row-major {@code float[]}). */
public final class ArrayVectorSource implements VectorSource {
    private final float[][] rowsArray;
    private final float[] flat;
    private final long rows;
    private final int dim;
    private final String description;

    private ArrayVectorSource(float[][] rowsArray, float[] flat, long rows, int dim, String description) {
        this.rowsArray = rowsArray;
        this.flat = flat;
        this.rows = rows;
        this.dim = dim;
        this.description = description;
    }

    /** Wraps {@code vectors} (not copied); every row must have the same length. */
    public static ArrayVectorSource of(float[][] vectors) {
        if (vectors == null || vectors.length == 0) {
            throw new InvalidDataException("no vectors: the input is empty", "float[][]", -1, null, null);
        }
        int dim = vectors[0] == null ? 0 : vectors[0].length;
        if (dim == 0) {
            throw new InvalidDataException("vectors have dimension 0", "float[][]", 0, null, null);
        }
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i] == null || vectors[i].length != dim) {
                throw new InvalidDataException("expected dimension " + dim + " but found "
                        + (vectors[i] == null ? "null" : vectors[i].length), "float[][]", i, null, null);
            }
        }
        return new ArrayVectorSource(vectors, null, vectors.length, dim, "float[][]");
    }

    /** Wraps a row-major array of {@code data.length / dim} rows (not copied). */
    public static ArrayVectorSource of(float[] data, int dim) {
        if (dim <= 0) {
            throw new InvalidDataException("dimension must be > 0, got " + dim, "float[]", -1, null, null);
        }
        if (data == null || data.length == 0) {
            throw new InvalidDataException("no vectors: the input is empty", "float[]", -1, null, null);
        }
        if (data.length % dim != 0) {
            throw new InvalidDataException("array length " + data.length + " is not a multiple of dim " + dim,
                    "float[]", -1, null, null);
        }
        return new ArrayVectorSource(null, data, data.length / dim, dim, "float[]");
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void read(long firstRow, int count, float[] dst, int dstOffset) {
        ReadBounds.checkRows(firstRow, count, rows);
        if (flat != null) {
            System.arraycopy(flat, (int) firstRow * dim, dst, dstOffset, count * dim);
        } else {
            for (int i = 0; i < count; i++) {
                System.arraycopy(rowsArray[(int) firstRow + i], 0, dst, dstOffset + i * dim, dim);
            }
        }
        FiniteCheck.requireFinite(dst, dstOffset, count, dim, firstRow, description);
    }

    /** True: {@link #read} rejects NaN and Inf, naming the row. */
    @Override
    public boolean checksFinite() {
        return true;
    }

    @Override
    public String description() {
        return description;
    }
}
