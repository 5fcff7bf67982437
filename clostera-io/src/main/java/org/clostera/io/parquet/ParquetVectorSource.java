package org.clostera.io.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.clostera.InvalidDataException;
import org.clostera.io.IoReasons;
import org.clostera.data.FiniteCheck;
import org.clostera.data.ReadBounds;
import org.clostera.data.VectorSource;
import org.clostera.io.OpenOptions;

/**
 * Vectors from a parquet file or a folder of parquet part files, streamed one row group at a time.
 *
 * <p><b>Layouts.</b> The vectors are either one list column (parquet LIST of FLOAT or DOUBLE as Spark's
 * {@code array<float>}, DuckDB's {@code FLOAT[]} and fixed {@code FLOAT[n]}, polars' {@code List} and
 * {@code Array} write them; a legacy bare {@code repeated float} works too) or several numeric scalar
 * columns (FLOAT, DOUBLE, INT32, INT64, signed or unsigned), one dimension each. Without named columns
 * the single list of FLOAT/DOUBLE is used; with no such list, every numeric scalar column in schema
 * order; two or more such lists must be told apart by name ({@link OpenOptions#withColumns}). Naming one
 * column picks that list (integer elements allowed) or that scalar column; naming several picks those
 * scalar columns in the given order.
 *
 * <p><b>Dimension.</b> Scalar layouts: the number of columns. Lists: the length of the first row's list
 * (read from the footer's value counts when they agree with one length, else from the first row); every
 * other list must have exactly that length.
 *
 * <p><b>Rejected data</b> ({@link InvalidDataException} naming the file, column and 0-based row within that
 * file): null vectors, empty lists, null elements, null scalar values, lists of a different length, NaN and
 * +-Inf (checked with {@link FiniteCheck}: clustering cannot place them, and silently dropping rows would
 * shift every label), doubles beyond float range (they become Inf). Corrupt or truncated files, unreadable
 * paths, files without rows and folders whose parts disagree in layout or dimension are rejected too.
 *
 * <p><b>Folders.</b> Every {@code *.parquet} file in the folder and, recursively, in its subfolders (the
 * {@code key=value/} partition folders Spark and DuckDB write) forms one source, in the order of their
 * paths relative to the folder (compared name by name). Bookkeeping is skipped: names starting with
 * {@code _} or {@code .} (files and folders: {@code _SUCCESS}, {@code _temporary/}, {@code .crc} siblings)
 * and {@code *.crc} files. Any other file is rejected by name rather than silently left out, so a folder
 * is read whole or not at all. Partition values live in folder names, not in the parts, and are not read.
 * Rows are numbered across the parts in that order.
 *
 * <p><b>Access.</b> {@link #supportsRandomAccess()} is false: read in increasing row order from one
 * thread. {@link #read} serves any position, but a jump backwards or far ahead reloads a row group
 * (row-group boundaries come from the footers, so only the needed row group is read);
 * {@link #readRows} reads a sorted sample in one pass and skips row groups holding no sampled row.
 * Only the current row group's vector column chunks are held in memory (compressed, plus one decoded
 * page per column); the file is never loaded whole. Pages are decoded straight into the caller's array
 * for PLAIN and dictionary encodings (data page v1 and v2); other encodings go through parquet's column
 * reader. Codecs: UNCOMPRESSED, SNAPPY, ZSTD, GZIP, LZ4_RAW.
 *
 * <p>Files are read with parquet's own local input file and plain configuration: Hadoop's FileSystem
 * and security layers (broken on JDK 23+) are never used. snappy-java and zstd-jni load native code: on
 * JDK 24+ the JVM prints a one-time warning unless started with {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class ParquetVectorSource implements VectorSource {
    private final List<ParquetPart> parts;
    private final int dim;
    private final long rows;
    private final int batchSize;
    private final String description;
    private PartCursor cursor;
    private boolean closed;
    private long groupsLoaded; // by cursors already closed

    private ParquetVectorSource(List<ParquetPart> parts, int dim, String description, int batchSize) {
        this.parts = parts;
        this.dim = dim;
        this.description = description;
        this.batchSize = batchSize;
        ParquetPart last = parts.get(parts.size() - 1);
        this.rows = last.firstRow() + last.rows();
    }

    /** Opens {@code path} (a parquet file or a folder of parts) finding the vector column automatically. */
    public static ParquetVectorSource open(Path path) {
        return open(path, OpenOptions.defaults());
    }

    /**
     * Opens {@code path}, a parquet file or a folder of parquet part files, reading the footers (and, when
     * the footers leave the dimension open, the first row). Uses {@link OpenOptions#columns()} and
     * {@link OpenOptions#batchSize()}.
     *
     * @throws InvalidDataException when the path is unreadable, a file is not valid parquet, there is no
     *                              usable vector column, there are no rows, or parts disagree
     */
    public static ParquetVectorSource open(Path path, OpenOptions options) {
        List<Path> files = partFiles(path);
        List<ParquetPart> parts = new ArrayList<>(files.size());
        long firstRow = 0;
        for (Path file : files) {
            ParquetPart part = ParquetPart.open(file, options.columns(), firstRow);
            if (!parts.isEmpty() && !part.layout().sameLayoutAs(parts.get(0).layout())) {
                throw new InvalidDataException("part files disagree: " + parts.get(0).file() + " has "
                        + parts.get(0).layout().describe() + " but " + file + " has " + part.layout().describe(),
                        file.toString(), -1, null, null);
            }
            parts.add(part);
            firstRow += part.rows();
        }
        if (firstRow == 0) {
            throw new InvalidDataException("no rows: the parquet " + (files.size() > 1 ? "files hold" : "file holds")
                    + " no vectors", path.toString(), -1, null, null);
        }
        int dim = dimension(parts);
        return new ParquetVectorSource(List.copyOf(parts), dim, path.toString(), options.batchSize());
    }

    /**
     * The parquet files behind {@code path}: itself, or the part files under a folder (recursively, sorted
     * by relative path; see the class comment for what is skipped and what is rejected).
     */
    public static List<Path> partFiles(Path path) {
        if (Files.isRegularFile(path)) {
            if (!Files.isReadable(path)) {
                throw new InvalidDataException("file is not readable", path.toString(), -1, null, null);
            }
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new InvalidDataException(Files.exists(path) ? "not a regular file or folder" : "no such file or folder",
                    path.toString(), -1, null, null);
        }
        List<Path> files = new ArrayList<>();
        try {
            collectParts(path, path, files);
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidDataException("cannot list the folder: " + IoReasons.reason(e), path.toString(), -1,
                    null, e);
        }
        if (files.isEmpty()) {
            throw new InvalidDataException("the folder holds no *.parquet files (also looked in its subfolders)",
                    path.toString(), -1, null, null);
        }
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new InvalidDataException("file is not readable", file.toString(), -1, null, null);
            }
        }
        return files;
    }

    /** Adds the part files under {@code dir} to {@code out}, depth first, each folder's entries sorted by name. */
    private static void collectParts(Path root, Path dir, List<Path> out) throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) { // links could loop
                collectParts(root, entry, out);
            } else if (name.endsWith(".parquet") && Files.isRegularFile(entry)) {
                out.add(entry);
            } else if (!name.endsWith(".crc")) {
                throw new InvalidDataException("the parquet folder holds " + root.relativize(entry)
                        + ", which is not a *.parquet part file; move it out (or name it _* or .*) so the folder"
                        + " is read whole", root.toString(), -1, null, null);
            }
        }
    }

    private static int dimension(List<ParquetPart> parts) {
        ParquetPart first = parts.stream().filter(p -> p.rows() > 0).findFirst().orElseThrow();
        if (!first.layout().isList()) {
            return first.layout().leaves().size();
        }
        int dim = first.dimFromValueCounts();
        if (dim == 0) {
            try (PartCursor cursor = new PartCursor(first, 0)) {
                dim = cursor.firstListLength();
            }
        }
        for (ParquetPart part : parts) {
            if (part == first || part.rows() == 0) {
                continue;
            }
            int partDim = part.dimFromValueCounts();
            if (partDim != 0 && partDim != dim) {
                throw new InvalidDataException("part files disagree: vectors in " + first.file() + " have dimension "
                        + dim + " but in " + part.file() + " dimension " + partDim, part.file().toString(), -1,
                        part.layout().leaves().get(0).name(), null);
            }
            // partDim == 0: some list in this part differs or is null; reading names its row.
        }
        return dim;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    /** The preferred rows per {@link #read} call, from {@link OpenOptions#batchSize()}. */
    public int batchSize() {
        return batchSize;
    }

    /** The columns the vectors are read from (one list column, or the scalar columns in dimension order). */
    public List<String> columns() {
        return parts.get(0).layout().columnNames();
    }

    /** The parquet files read, in row order. */
    public List<Path> files() {
        return parts.stream().map(ParquetPart::file).toList();
    }

    /** True: {@link #read} (and {@link #readRows}) rejects NaN and Inf, naming the file and row. */
    @Override
    public boolean checksFinite() {
        return true;
    }

    @Override
    public synchronized void read(long firstRow, int count, float[] dst, int dstOffset) {
        checkOpen();
        ReadBounds.checkRows(firstRow, count, rows);
        if (dstOffset < 0 || (long) count * dim > dst.length - (long) dstOffset) {
            throw new IndexOutOfBoundsException("dst holds " + dst.length + " floats; need " + ((long) count * dim)
                    + " from offset " + dstOffset);
        }
        long row = firstRow;
        int done = 0;
        while (done < count) {
            ParquetPart part = partOf(row);
            long inPart = row - part.firstRow();
            int n = (int) Math.min(count - done, part.rows() - inPart);
            int offset = dstOffset + done * dim;
            cursorFor(part).read(inPart, n, dst, offset);
            FiniteCheck.requireFinite(dst, offset, n, dim, inPart, part.file().toString());
            done += n;
            row += n;
        }
    }

    /**
     * Reads the given strictly increasing rows in one forward pass: row groups without a requested row are
     * never read, rows between requested ones inside a row group are skipped without decoding.
     */
    @Override
    public synchronized void readRows(long[] rowIndices, float[] dst) {
        checkOpen();
        if ((long) rowIndices.length * dim > dst.length) {
            throw new IndexOutOfBoundsException("dst holds " + dst.length + " floats; need "
                    + ((long) rowIndices.length * dim));
        }
        long previous = -1;
        for (long row : rowIndices) {
            if (row <= previous || row >= rows) {
                throw new IllegalArgumentException("row indices must be strictly increasing and < " + rows
                        + "; got " + row + " after " + previous);
            }
            previous = row;
        }
        for (int i = 0; i < rowIndices.length; ) {
            // Runs of consecutive rows are read as one batch.
            int j = i + 1;
            while (j < rowIndices.length && rowIndices[j] == rowIndices[j - 1] + 1) {
                j++;
            }
            read(rowIndices[i], j - i, dst, i * dim);
            i = j;
        }
    }

    private ParquetPart partOf(long row) {
        int lo = 0;
        int hi = parts.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (parts.get(mid).firstRow() <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return parts.get(lo); // the last part starting at or before row: empty parts before it are passed over
    }

    private PartCursor cursorFor(ParquetPart part) {
        if (cursor == null || cursor.part() != part) {
            if (cursor != null) {
                groupsLoaded += cursor.groupsLoaded();
                cursor.close();
            }
            cursor = new PartCursor(part, dim);
        }
        return cursor;
    }

    /** Row groups read so far (tests check that sampling skips row groups). */
    synchronized long rowGroupsLoaded() {
        return groupsLoaded + (cursor == null ? 0 : cursor.groupsLoaded());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("source is closed: " + description);
        }
    }

    @Override
    public boolean supportsRandomAccess() {
        return false;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (cursor != null) {
            cursor.close();
            cursor = null;
        }
    }
}
