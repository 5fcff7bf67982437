package org.clostera;

/**
 * The input data is unusable: wrong dimension, NaN/Inf values, empty, truncated or corrupt files,
 * unsupported dtypes. {@link #source()}, {@link #row()} and {@link #column()} locate the problem
 * where known and are already part of the message.
 */
public class InvalidDataException extends ClosteraException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long row;
    private final String column;

    public InvalidDataException(String message) {
        this(message, null, -1, null, null);
    }

    public InvalidDataException(String message, Throwable cause) {
        this(message, null, -1, null, cause);
    }

    /**
     * @param source file or object the data came from, or null
     * @param row    0-based row index, or -1 when unknown
     * @param column column name, or null
     */
    public InvalidDataException(String message, String source, long row, String column, Throwable cause) {
        super(locate(message, source, row, column), cause);
        this.source = source;
        this.row = row;
        this.column = column;
    }

    private static String locate(String message, String source, long row, String column) {
        StringBuilder where = new StringBuilder();
        if (source != null) {
            where.append(source);
        }
        if (column != null) {
            where.append(where.length() > 0 ? ", " : "").append("column '").append(column).append('\'');
        }
        if (row >= 0) {
            where.append(where.length() > 0 ? ", " : "").append("row ").append(row);
        }
        return where.length() == 0 ? message : where + ": " + message;
    }

    /** The file or object the bad data came from, or null. */
    public String source() {
        return source;
    }

    /** The 0-based row of the bad data, or -1 when unknown. */
    public long row() {
        return row;
    }

    /** The column of the bad data, or null. */
    public String column() {
        return column;
    }
}
