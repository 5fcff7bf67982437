package org.clostera.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
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
import org.clostera.data.VectorSource;

/**
 * Copies a {@link VectorSource} into an uncompressed parquet file with one {@code LIST<FLOAT>} column
 * {@code vector} (the layout Spark's {@code array<float>} and DuckDB's {@code FLOAT[]} use), streaming
 * batches, written to a temporary name and renamed. For the scale check's parquet variant.
 */
public final class ParquetVectorsWriter {
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message vectors { required group vector (LIST) { repeated group list { required float element; } } }");

    private ParquetVectorsWriter() {
    }

    /** Writes every row of {@code source} to {@code target}. */
    public static void write(VectorSource source, Path target) {
        Path temp = target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".tmp");
        int dim = source.dim();
        int batch = (int) Math.max(1, Math.min(source.rows(), (16 << 20) / (4L * dim)));
        float[] buffer = new float[batch * dim];
        try {
            Files.deleteIfExists(temp);
            try (ParquetWriter<float[]> writer = new Builder(new LocalOutputFile(temp))
                    .withConf(new PlainParquetConfiguration())
                    .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withRowGroupSize(128L << 20)
                    .build()) {
                float[] row = new float[dim];
                for (long first = 0; first < source.rows(); first += batch) {
                    int n = (int) Math.min(batch, source.rows() - first);
                    source.read(first, n, buffer, 0);
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(buffer, i * dim, row, 0, dim);
                        writer.write(row);
                    }
                }
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Reporting the write failure matters more.
            }
            throw new ClosteraException("cannot write " + target + ": " + e, e);
        }
    }

    private static final class Builder extends ParquetWriter.Builder<float[], Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<float[]> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new VectorWriteSupport();
        }

        @Override
        protected WriteSupport<float[]> getWriteSupport(org.apache.parquet.conf.ParquetConfiguration conf) {
            return new VectorWriteSupport();
        }
    }

    private static final class VectorWriteSupport extends WriteSupport<float[]> {
        private RecordConsumer consumer;

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(SCHEMA, new HashMap<>());
        }

        @Override
        public WriteContext init(org.apache.parquet.conf.ParquetConfiguration configuration) {
            return new WriteContext(SCHEMA, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(float[] vector) {
            consumer.startMessage();
            consumer.startField("vector", 0);
            consumer.startGroup();
            consumer.startField("list", 0);
            for (float v : vector) {
                consumer.startGroup();
                consumer.startField("element", 0);
                consumer.addFloat(v);
                consumer.endField("element", 0);
                consumer.endGroup();
            }
            consumer.endField("list", 0);
            consumer.endGroup();
            consumer.endField("vector", 0);
            consumer.endMessage();
        }
    }
}
