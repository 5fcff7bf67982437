package org.clostera.io.csv;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.clostera.ClosteraException;
import org.clostera.InvalidParameterException;
import org.clostera.data.LabelSink;
import org.clostera.data.ReadBounds;

/**
 * Streams labels into a CSV file: a header line {@code label}, then one label per line in row order
 * ({@code \n} line ends, UTF-8). For spreadsheets and scripts that read no binary format. Written to a
 * temporary name next to the target, renamed onto it by {@link #close} once every row arrived;
 * {@link #abort} (or a close with rows missing) deletes it. Holds no N-sized array.
 */
public final class CsvLabelSink implements LabelSink {
    /** The header line's one column. */
    public static final String COLUMN = "label";

    private static final AtomicLong TEMP_IDS = new AtomicLong();

    private final Path target;
    private final Path temp;
    private final long rows;
    private final BufferedWriter writer;
    private long next;
    private boolean finished;

    private CsvLabelSink(Path target, Path temp, long rows, BufferedWriter writer) {
        this.target = target;
        this.temp = temp;
        this.rows = rows;
        this.writer = writer;
    }

    /** A sink for {@code rows} labels, ending up at {@code target}. */
    public static CsvLabelSink create(Path target, long rows) {
        if (target == null) {
            throw new InvalidParameterException("labels path is null");
        }
        if (rows < 0) {
            throw new InvalidParameterException("rows must be >= 0, got " + rows);
        }
        Path absolute = target.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + TEMP_IDS.incrementAndGet() + ".tmp");
        try {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), StandardCharsets.UTF_8), 1 << 16);
            writer.write(COLUMN);
            writer.write('\n');
            return new CsvLabelSink(absolute, temp, rows, writer);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new ClosteraException("cannot create " + target + ": " + e, e);
        }
    }

    /** The file written at {@link #close}. */
    public Path target() {
        return target;
    }

    @Override
    public String description() {
        return target.toString();
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public synchronized void accept(long firstRow, int[] labels, int offset, int count) {
        if (finished) {
            throw new IllegalStateException("label sink already closed: " + target);
        }
        if (firstRow != next) {
            throw new IllegalStateException("labels must arrive in order: expected row " + next + ", got " + firstRow);
        }
        ReadBounds.checkRows(firstRow, count, rows, target.toString());
        try {
            for (int i = 0; i < count; i++) {
                writer.write(Integer.toString(labels[offset + i]));
                writer.write('\n');
            }
        } catch (IOException e) {
            abort();
            throw new ClosteraException("cannot write " + target + ": " + e, e);
        }
        next += count;
    }

    @Override
    public synchronized void abort() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            writer.close();
        } catch (IOException ignored) {
            // Discarding anyway.
        }
        deleteQuietly(temp);
    }

    @Override
    public synchronized void close() {
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
            writer.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
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
