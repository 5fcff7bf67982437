package org.clostera.io;

import java.util.List;
import java.util.Objects;
import org.clostera.InvalidParameterException;

/**
 * How {@link VectorSources#open} reads a file: which columns form the vectors (parquet), the dimension of
 * headerless raw float32 files, and the preferred number of rows per read batch. Immutable; start from
 * {@link #defaults()} and derive with the {@code with...} methods.
 */
public final class OpenOptions {
    /** Default rows per batch: large enough to amortise per-call overhead, small enough for any dim. */
    public static final int DEFAULT_BATCH_SIZE = 4096;

    private static final OpenOptions DEFAULTS = new OpenOptions(List.of(), 0, DEFAULT_BATCH_SIZE);

    private final List<String> columns;
    private final int dim;
    private final int batchSize;

    private OpenOptions(List<String> columns, int dim, int batchSize) {
        this.columns = columns;
        this.dim = dim;
        this.batchSize = batchSize;
    }

    /** No columns named (found automatically), no dim (raw files then fail), batch size {@value #DEFAULT_BATCH_SIZE}. */
    public static OpenOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The parquet columns holding the vectors: one name selects a list column (or a single numeric
     * column as a 1-d vector); several names select numeric scalar columns, one dimension each, in the
     * given order. Empty = find automatically.
     */
    public OpenOptions withColumns(List<String> names) {
        Objects.requireNonNull(names, "names");
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new InvalidParameterException("column names must not be blank: " + names);
            }
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new InvalidParameterException("column names must be distinct: " + names);
        }
        return new OpenOptions(List.copyOf(names), dim, batchSize);
    }

    /** Same as {@link #withColumns(List)}. */
    public OpenOptions withColumns(String... names) {
        return withColumns(List.of(names));
    }

    /** The dimension of headerless raw float32 files ({@code .f32}, {@code .bin}, {@code .raw}); must be > 0. */
    public OpenOptions withDim(int dim) {
        if (dim <= 0) {
            throw new InvalidParameterException("dim must be > 0, got " + dim);
        }
        return new OpenOptions(columns, dim, batchSize);
    }

    /** Preferred rows per read batch for streaming consumers; must be > 0. */
    public OpenOptions withBatchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new InvalidParameterException("batchSize must be > 0, got " + batchSize);
        }
        return new OpenOptions(columns, dim, batchSize);
    }

    /** The named columns; empty when the vector column is to be found automatically. */
    public List<String> columns() {
        return columns;
    }

    /** The raw-file dimension, or 0 when not given. */
    public int dim() {
        return dim;
    }

    /** Preferred rows per read batch. */
    public int batchSize() {
        return batchSize;
    }

    @Override
    public String toString() {
        return "OpenOptions[columns=" + columns + ", dim=" + dim + ", batchSize=" + batchSize + "]";
    }
}
