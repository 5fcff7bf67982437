package org.clostera.io.npy;

import java.nio.file.Path;
import org.clostera.InvalidParameterException;
import org.clostera.data.LabelSink;

/**
 * Streams labels into an int32 {@code .npy} file of shape {@code (rows,)} through {@link NpyWriter}:
 * written to a temporary name, renamed onto the target by {@link #close} once every row arrived, deleted
 * by {@link #abort} (or by {@link #close} when rows are missing). Holds no N-sized array.
 */
public final class NpyLabelSink implements LabelSink {
    private final NpyWriter writer;
    private final long rows;
    private long next;

    private NpyLabelSink(NpyWriter writer, long rows) {
        this.writer = writer;
        this.rows = rows;
    }

    /** A sink for {@code rows} labels, ending up at {@code target}. */
    public static NpyLabelSink create(Path target, long rows) {
        if (target == null) {
            throw new InvalidParameterException("labels path is null");
        }
        return new NpyLabelSink(NpyWriter.createInt32(target, rows), rows);
    }

    /** The file written at {@link #close}. */
    public Path target() {
        return writer.target();
    }

    @Override
    public String description() {
        return target().toString();
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public synchronized void accept(long firstRow, int[] labels, int offset, int count) {
        if (firstRow != next) {
            throw new IllegalStateException("labels must arrive in order: expected row " + next + ", got " + firstRow);
        }
        writer.writeInts(firstRow, labels, offset, count);
        next += count;
    }

    @Override
    public void abort() {
        writer.abort();
    }

    @Override
    public void close() {
        writer.close();
    }
}
