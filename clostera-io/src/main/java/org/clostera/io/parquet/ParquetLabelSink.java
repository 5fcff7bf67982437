package org.clostera.io.parquet;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.clostera.ClosteraException;
import org.clostera.InvalidParameterException;
import org.clostera.data.LabelSink;
import org.clostera.data.ReadBounds;

/**
 * Streams labels into a parquet file with one required INT32 column {@code label}, one row per input row,
 * in row order (uncompressed: labels are small next to the vectors, and readers need no codec). Written
 * through parquet's own local output file (never Hadoop's FileSystem) to a temporary name next to the
 * target, renamed onto it by {@link #close} once every row arrived; {@link #abort} (or a close with rows
 * missing) deletes it. Holds one row group in memory, never an N-sized array.
 */
public final class ParquetLabelSink implements LabelSink {
    /** Name of the label column. */
    public static final String COLUMN = "label";

    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message labels { required int32 " + COLUMN + "; }");
    private static final AtomicLong TEMP_IDS = new AtomicLong();

    private final Path target;
    private final Path temp;
    private final long rows;
    private ParquetWriter<Integer> writer;
    private long next;
    private boolean finished;

    private ParquetLabelSink(Path target, Path temp, long rows, ParquetWriter<Integer> writer) {
        this.target = target;
        this.temp = temp;
        this.rows = rows;
        this.writer = writer;
    }

    /** A sink for {@code rows} labels, ending up at {@code target}. */
    public static ParquetLabelSink create(Path target, long rows) {
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
            ParquetWriter<Integer> writer = new Builder(new LocalOutputFile(temp))
                    .withConf(new PlainParquetConfiguration())
                    .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                    .withWriteMode(ParquetFileWriter.Mode.CREATE)
                    .build();
            return new ParquetLabelSink(absolute, temp, rows, writer);
        } catch (IOException | RuntimeException e) {
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
        return target().toString();
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
                writer.write(labels[offset + i]);
            }
        } catch (IOException | RuntimeException e) {
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
        } catch (IOException | RuntimeException ignored) {
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

    private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new LabelWriteSupport();
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
            return new LabelWriteSupport();
        }
    }

    private static final class LabelWriteSupport extends WriteSupport<Integer> {
        private RecordConsumer consumer;

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(SCHEMA, new HashMap<>());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(SCHEMA, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Integer label) {
            consumer.startMessage();
            consumer.startField(COLUMN, 0);
            consumer.addInteger(label);
            consumer.endField(COLUMN, 0);
            consumer.endMessage();
        }
    }
}
