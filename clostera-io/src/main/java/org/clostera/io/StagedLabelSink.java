package org.clostera.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import org.clostera.ClosteraException;
import org.clostera.InvalidParameterException;
import org.clostera.data.LabelSink;
import org.clostera.data.ReadBounds;

/**
 * A label file written under a temporary name next to its target (a hidden {@code .NAME.PID-N.tmp}) and
 * renamed onto it by {@link #close} once every row arrived, in row order; {@link #abort}, a failed write or
 * a close with rows missing delete it. So the target is complete or untouched. Subclasses only encode
 * labels ({@link #writeLabels}) and finish their writer ({@link #closeWriter}).
 */
public abstract class StagedLabelSink implements LabelSink {
    private static final AtomicLong TEMP_IDS = new AtomicLong();

    private final Path target;
    private final Path temp;
    private final long rows;
    private long next;
    private boolean finished;

    /** Names the target and its temporary file; the subclass then opens its writer on {@link #temp()}. */
    protected StagedLabelSink(Path target, long rows) {
        if (target == null) {
            throw new InvalidParameterException("labels path is null");
        }
        if (rows < 0) {
            throw new InvalidParameterException("rows must be >= 0, got " + rows);
        }
        this.target = target.toAbsolutePath();
        this.temp = this.target.resolveSibling("." + this.target.getFileName() + "." + ProcessHandle.current().pid()
                + "-" + TEMP_IDS.incrementAndGet() + ".tmp");
        this.rows = rows;
    }

    /** Writes {@code count} labels from {@code labels[offset]} after the ones before (called in row order). */
    protected abstract void writeLabels(int[] labels, int offset, int count) throws IOException;

    /** Flushes and closes the writer (also called on abort, whose failure is then ignored). */
    protected abstract void closeWriter() throws IOException;

    /** The temporary file the writer goes to. */
    protected final Path temp() {
        return temp;
    }

    /** The failure of opening the writer: removes what was created and says which file could not be made. */
    protected final ClosteraException cannotCreate(Exception cause) {
        deleteQuietly(temp);
        return new ClosteraException("cannot create " + target + ": " + cause, cause);
    }

    /** The file written at {@link #close}. */
    public final Path target() {
        return target;
    }

    @Override
    public String description() {
        return target.toString();
    }

    @Override
    public final long rows() {
        return rows;
    }

    @Override
    public final synchronized void accept(long firstRow, int[] labels, int offset, int count) {
        if (finished) {
            throw new IllegalStateException("label sink already closed: " + target);
        }
        if (firstRow != next) {
            throw new IllegalStateException("labels must arrive in order: expected row " + next + ", got " + firstRow);
        }
        ReadBounds.checkRows(firstRow, count, rows, target.toString());
        try {
            writeLabels(labels, offset, count);
        } catch (IOException | RuntimeException e) {
            abort();
            throw new ClosteraException("cannot write " + target + ": " + e, e);
        }
        next += count;
    }

    @Override
    public final synchronized void abort() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            closeWriter();
        } catch (IOException | RuntimeException ignored) {
            // Discarding anyway.
        }
        deleteQuietly(temp);
    }

    @Override
    public final synchronized void close() {
        if (finished) {
            return;
        }
        if (next != rows) {
            abort();
            throw new ClosteraException("incomplete label file " + target + ": " + next + " of " + rows
                    + " labels written; nothing was saved");
        }
        finished = true;
        try {
            closeWriter();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw new ClosteraException("cannot write " + target + ": " + e, e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Best effort: a hidden .tmp file named after the target.
        }
    }
}
