package org.clostera.io.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.clostera.ClosteraException;
import org.clostera.InvalidDataException;

/**
 * One parquet file of a source: its footer, row-group row counts and resolved {@link VectorLayout}.
 * Files are opened through parquet's own {@link LocalInputFile} with a plain (non-Hadoop) configuration,
 * so Hadoop's FileSystem and security layers are never touched.
 */
final class ParquetPart {
    private final Path file;
    private final ParquetMetadata footer;
    private final VectorLayout layout;
    private final long[] groupStarts; // row index (within this file) of each row group's first row, plus the total
    private final long firstRow;      // index of this file's first row in the whole source

    private ParquetPart(Path file, ParquetMetadata footer, VectorLayout layout, long firstRow) {
        this.file = file;
        this.footer = footer;
        this.layout = layout;
        this.firstRow = firstRow;
        List<BlockMetaData> blocks = footer.getBlocks();
        groupStarts = new long[blocks.size() + 1];
        for (int g = 0; g < blocks.size(); g++) {
            groupStarts[g + 1] = groupStarts[g] + blocks.get(g).getRowCount();
        }
    }

    /** Reads the footer of {@code file} and resolves the vector columns named in {@code columns} (empty = auto). */
    static ParquetPart open(Path file, List<String> columns, long firstRow) {
        try (ParquetFileReader reader = openReader(file)) {
            ParquetMetadata footer = reader.getFooter();
            VectorLayout layout = VectorLayout.resolve(footer.getFileMetaData().getSchema(), columns, file.toString());
            return new ParquetPart(file, footer, layout, firstRow);
        } catch (IOException | RuntimeException e) {
            throw failure(file, -1, null, "cannot read the parquet footer", e);
        }
    }

    /** A reader for {@code file} with footer parsed; the caller closes it. */
    static ParquetFileReader openReader(Path file) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .useStatsFilter(false)
                .useDictionaryFilter(false)
                .useRecordFilter(false)
                .useColumnIndexFilter(false)
                .useBloomFilter(false)
                .usePageChecksumVerification(true)
                .withCodecFactory(DecompressionCodecs.INSTANCE)
                .build();
        // parquet puts the input file's toString() into its messages: make it the file's name.
        LocalInputFile input = new LocalInputFile(file) {
            @Override
            public String toString() {
                return String.valueOf(file.getFileName());
            }
        };
        return ParquetFileReader.open(input, options);
    }

    /**
     * Turns anything a dependency threw into an {@link InvalidDataException} naming the file (and row,
     * column where known); clostera's own exceptions pass through.
     */
    static ClosteraException failure(Path file, long row, String column, String doing, Throwable e) {
        if (e instanceof ClosteraException own) {
            return own;
        }
        return new InvalidDataException(doing + ": " + describeCauses(e),
                file.toString(), row, column, e);
    }

    /** The messages along the cause chain ("could not decompress page: ZSTD page cannot be ..."), deduplicated. */
    private static String describeCauses(Throwable e) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 4; t = t.getCause(), depth++) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
        }
        return text.toString().replaceAll("\\s*\\R\\s*", " "); // one line: the CLI prints it as is
    }

    Path file() {
        return file;
    }

    VectorLayout layout() {
        return layout;
    }

    long rows() {
        return groupStarts[groupStarts.length - 1];
    }

    long firstRow() {
        return firstRow;
    }

    int rowGroups() {
        return groupStarts.length - 1;
    }

    /** First row (within this file) of row group {@code g}; {@code g == rowGroups()} gives {@link #rows()}. */
    long groupStart(int g) {
        return groupStarts[g];
    }

    /** The row group holding row {@code row} (0 <= row < rows()) of this file: the last one starting at or before it. */
    int groupOf(long row) {
        int lo = 0;
        int hi = rowGroups() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (groupStarts[mid] <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * The list length every row must have if the footer's value counts are consistent with one: every
     * non-empty row group holds rows x d leaf values. Returns 0 when the counts do not agree on one d
     * (nulls, empty lists or lists of different lengths somewhere), or when the file has no rows.
     */
    int dimFromValueCounts() {
        int dim = 0;
        List<BlockMetaData> blocks = footer.getBlocks();
        for (BlockMetaData block : blocks) {
            if (block.getRowCount() == 0) {
                continue;
            }
            long values = leafChunk(block).getValueCount();
            if (values % block.getRowCount() != 0 || values / block.getRowCount() > Integer.MAX_VALUE) {
                return 0;
            }
            int d = (int) (values / block.getRowCount());
            if (dim == 0) {
                dim = d;
            } else if (d != dim) {
                return 0;
            }
        }
        return dim;
    }

    private ColumnChunkMetaData leafChunk(BlockMetaData block) {
        return chunk(block, layout.leaves().get(0));
    }

    /** The footer's metadata of {@code leaf}'s column chunk in row group {@code group}. */
    ColumnChunkMetaData chunk(int group, VectorLayout.Leaf leaf) {
        return chunk(footer.getBlocks().get(group), leaf);
    }

    private ColumnChunkMetaData chunk(BlockMetaData block, VectorLayout.Leaf leaf) {
        var path = leaf.descriptor().getPath();
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            if (java.util.Arrays.equals(chunk.getPath().toArray(), path)) {
                return chunk;
            }
        }
        throw new InvalidDataException("a row group has no chunk for the vector column", file.toString(), -1,
                leaf.name(), null);
    }
}
