package org.clostera.io.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
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
import org.clostera.io.StagedLabelSink;

/**
 * Streams labels into a parquet file with one required INT32 column {@code label}, one row per input row,
 * in row order (uncompressed: labels are small next to the vectors, and readers need no codec). Written
 * through parquet's own local output file (never Hadoop's FileSystem) to a temporary name next to the
 * target, renamed onto it by {@link #close} once every row arrived; {@link #abort} (or a close with rows
 * missing) deletes it. Holds one row group in memory, never an N-sized array.
 */
public final class ParquetLabelSink extends StagedLabelSink {
    /** Name of the label column. */
    public static final String COLUMN = "label";

    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message labels { required int32 " + COLUMN + "; }");

    private final ParquetWriter<Integer> writer;

    private ParquetLabelSink(Path target, long rows) {
        super(target, rows);
        try {
            writer = new Builder(new LocalOutputFile(temp()))
                    .withConf(new PlainParquetConfiguration())
                    .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                    .withWriteMode(ParquetFileWriter.Mode.CREATE)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw cannotCreate(e);
        }
    }

    /** A sink for {@code rows} labels, ending up at {@code target}. */
    public static ParquetLabelSink create(Path target, long rows) {
        return new ParquetLabelSink(target, rows);
    }

    @Override
    protected void writeLabels(int[] labels, int offset, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            writer.write(labels[offset + i]);
        }
    }

    @Override
    protected void closeWriter() throws IOException {
        writer.close();
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
