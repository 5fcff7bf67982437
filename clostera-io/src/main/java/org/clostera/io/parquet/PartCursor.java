package org.clostera.io.parquet;

import java.io.IOException;
import java.util.List;
import org.apache.parquet.VersionParser;
import org.apache.parquet.column.impl.ColumnReaderImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.clostera.InvalidDataException;

/**
 * A forward-moving read position inside one {@link ParquetPart}: one loaded row group at a time (only the
 * vector columns), low-level column readers writing floats straight into the caller's batch array.
 * Moving backwards or jumping ahead reloads the target row group by index; rows before the target inside
 * a row group are skipped without decoding values. Not thread-safe.
 */
final class PartCursor implements AutoCloseable {
    /** Column readers want a converter; values are pulled with getFloat()/getDouble()/... instead. */
    private static final PrimitiveConverter NO_CONVERTER = new PrimitiveConverter() {
    };

    /** Tests switch this off to check the fast page decoder against parquet's own column reader. */
    static volatile boolean decodePagesDirectly = true;

    private final ParquetPart part;
    private final int dim;
    private final String fileName;
    private final List<VectorLayout.Leaf> leaves;
    private final VectorLayout layout;
    private ParquetFileReader reader;
    private VersionParser.ParsedVersion writerVersion;
    private int group = -1;
    private PageReadStore pages;
    private LeafColumn[] columns;
    private long nextRow;     // row (within the file) the column readers stand at
    private int groupsLoaded; // for tests: how many row groups were read

    PartCursor(ParquetPart part, int dim) {
        this.part = part;
        this.dim = dim;
        this.fileName = part.file().toString();
        this.layout = part.layout();
        this.leaves = layout.leaves();
    }

    ParquetPart part() {
        return part;
    }

    int groupsLoaded() {
        return groupsLoaded;
    }

    /** Reads rows {@code [row, row + count)} of this file into {@code dst} (row-major, dim floats each). */
    void read(long row, int count, float[] dst, int dstOffset) {
        seek(row);
        int done = 0;
        while (done < count) {
            long groupEnd = part.groupStart(group + 1);
            if (nextRow == groupEnd) {
                loadGroup(nextNonEmptyGroup(group + 1));
                continue;
            }
            int n = (int) Math.min(count - done, groupEnd - nextRow);
            if (layout.isList()) {
                readLists(n, dst, dstOffset + done * dim);
            } else {
                readScalars(n, dst, dstOffset + done * dim);
            }
            done += n;
        }
    }

    /** Positions the readers at {@code row} of this file (0 <= row < rows). */
    private void seek(long row) {
        int target = part.groupOf(row);
        if (target != group || row < nextRow) {
            loadGroup(target);
        }
        skip(row - nextRow);
    }

    /** Length of the first row's list: the dimension when the footer's value counts do not settle it. */
    int firstListLength() {
        loadGroup(nextNonEmptyGroup(0));
        LeafColumn column = columns[0];
        int level = column.definitionLevel();
        if (level < leaves.get(0).descriptor().getMaxDefinitionLevel()
                && !layout.missingValueReason(level).equals("null element")) {
            throw new InvalidDataException(layout.missingValueReason(level), fileName, nextRow, leaves.get(0).name(), null);
        }
        int n = 0;
        do {
            column.next();
            n++;
        } while (column.remaining() > 0 && column.repetitionLevel() != 0);
        group = -1; // the readers moved inside row 0: force a reload on the next read
        return n;
    }

    private int nextNonEmptyGroup(int from) {
        int g = from;
        while (g < part.rowGroups() && part.groupStart(g + 1) == part.groupStart(g)) {
            g++;
        }
        if (g == part.rowGroups()) {
            throw new IllegalStateException("read past the last row group of " + fileName);
        }
        return g;
    }

    private void loadGroup(int g) {
        closePages();
        try {
            if (reader == null) {
                reader = ParquetPart.openReader(part.file());
                reader.setRequestedSchema(layout.projection());
                try {
                    writerVersion = VersionParser.parse(reader.getFileMetaData().getCreatedBy());
                } catch (RuntimeException | VersionParser.VersionParseException e) {
                    writerVersion = null;
                }
            }
            pages = reader.readRowGroup(g);
            groupsLoaded++;
            if (pages == null) {
                throw new InvalidDataException("row group " + g + " is missing", fileName, part.groupStart(g), null, null);
            }
            columns = new LeafColumn[leaves.size()];
            for (int c = 0; c < columns.length; c++) {
                VectorLayout.Leaf leaf = leaves.get(c);
                var descriptor = leaf.descriptor();
                var pageReader = pages.getPageReader(descriptor);
                if (decodePagesDirectly && PageColumn.supports(part.chunk(g, leaf).getEncodings())) {
                    columns[c] = new PageColumn(pageReader, descriptor, leaf.kind());
                } else {
                    columns[c] = new ReaderColumn(new ColumnReaderImpl(descriptor, pageReader, NO_CONVERTER, writerVersion),
                            pageReader.getTotalValueCount(), leaf.kind(), descriptor.getMaxDefinitionLevel());
                }
            }
        } catch (IOException | RuntimeException e) {
            group = -1;
            throw ParquetPart.failure(part.file(), part.groupStart(g), layout.isList() ? leaves.get(0).name() : null,
                    "cannot read row group " + g, e);
        }
        group = g;
        nextRow = part.groupStart(g);
    }

    /** Skips {@code rows} rows inside the current row group. */
    private void skip(long rows) {
        if (rows == 0) {
            return;
        }
        try {
            for (LeafColumn column : columns) {
                for (long r = 0; r < rows; r++) {
                    do {
                        column.next();
                    } while (column.remaining() > 0 && column.repetitionLevel() != 0);
                }
            }
        } catch (RuntimeException e) {
            throw ParquetPart.failure(part.file(), nextRow, null, "cannot decode row group " + group, e);
        }
        nextRow += rows;
    }

    private void readLists(int count, float[] dst, int offset) {
        LeafColumn column = columns[0];
        PageColumn fastPages = column instanceof PageColumn page ? page : null;
        VectorLayout.Leaf leaf = leaves.get(0);
        int maxDef = leaf.descriptor().getMaxDefinitionLevel();
        long row = nextRow;
        try {
            for (int i = 0; i < count; i++, row++) {
                if (column.remaining() <= 0) {
                    throw new InvalidDataException("the column chunk ends before the row group's last row",
                            fileName, row, leaf.name(), null);
                }
                int base = offset + i * dim;
                if (fastPages != null && fastPages.readWholeList(dst, base, dim)) {
                    continue;
                }
                int n = 0;
                do {
                    int level = column.definitionLevel();
                    if (level != maxDef) {
                        String reason = layout.missingValueReason(level);
                        throw new InvalidDataException(reason.equals("null element")
                                ? "null element at position " + n + " (null values are rejected)"
                                : reason, fileName, row, leaf.name(), null);
                    }
                    if (n < dim) {
                        dst[base + n] = column.value();
                    }
                    n++;
                    column.next();
                } while (column.remaining() > 0 && column.repetitionLevel() != 0);
                if (n != dim) {
                    throw new InvalidDataException("list has " + n + " values but the vectors have dimension " + dim
                            + " (set by the first row); lists of different lengths are rejected",
                            fileName, row, leaf.name(), null);
                }
            }
        } catch (InvalidDataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ParquetPart.failure(part.file(), row, leaf.name(), "cannot decode row group " + group, e);
        }
        nextRow += count;
    }

    private void readScalars(int count, float[] dst, int offset) {
        for (int c = 0; c < columns.length; c++) {
            LeafColumn column = columns[c];
            VectorLayout.Leaf leaf = leaves.get(c);
            int maxDef = leaf.descriptor().getMaxDefinitionLevel();
            long row = nextRow;
            try {
                for (int i = 0; i < count; i++, row++) {
                    if (column.remaining() <= 0) {
                        throw new InvalidDataException("the column chunk ends before the row group's last row",
                                fileName, row, leaf.name(), null);
                    }
                    if (column.definitionLevel() != maxDef) {
                        throw new InvalidDataException("null value (null values are rejected)", fileName, row,
                                leaf.name(), null);
                    }
                    dst[offset + i * dim + c] = column.value();
                    column.next();
                }
            } catch (InvalidDataException e) {
                throw e;
            } catch (RuntimeException e) {
                throw ParquetPart.failure(part.file(), row, leaf.name(), "cannot decode row group " + group, e);
            }
        }
        nextRow += count;
    }

    private void closePages() {
        if (pages != null) {
            pages.close();
            pages = null;
        }
        columns = null;
        group = -1;
    }

    @Override
    public void close() {
        closePages();
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                // read-only file: nothing was written, so a failing close loses nothing
            } finally {
                reader = null;
            }
        }
    }
}
