package org.clostera.io.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.clostera.ClosteraException;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.data.PersistentCodeStore;
import org.clostera.data.ReadBounds;
import org.clostera.io.IoReasons;
import org.clostera.io.OutputFileException;

/**
 * {@code N x M} codes in a memory-mapped file, so codes beyond the heap (or beyond 2^31 bytes) work. The
 * file has a 32-byte header followed by the codes, row-major:
 *
 * <pre>
 * offset  size  field
 * 0       8     magic "CLSTCODE"
 * 8       4     format version (1), little-endian
 * 12      4     M (bytes per code)
 * 16      8     N (rows)
 * 24      8     reserved (0)
 * 32      N x M codes
 * </pre>
 *
 * <p>Three kinds: {@link #createTemporary temporary} (a spill file, deleted on {@link #close}, and at JVM
 * exit if still open), {@link #createPersistent persistent} (written under a temporary name next to the
 * target, renamed onto it by {@link #commit}; deleted when closed without a commit), and
 * {@link #open opened} read-only from an existing file (header and size validated).
 *
 * <p>The data is mapped in windows of whole rows, each at most {@value #MAX_WINDOW_BYTES} bytes, with
 * {@code long} offsets. Reads and writes use absolute bulk operations on the shared mappings (no position
 * state), so disjoint ranges may be read and written from several threads at once. Java 21 cannot unmap
 * on demand: {@link #close} drops the mappings (the JVM unmaps them when collected; a deleted file's
 * space is freed then).
 */
public final class MappedFileCodeStore implements PersistentCodeStore {
    /** Header size; the codes start here. */
    public static final int HEADER_BYTES = 32;
    /** Format version written and read. */
    public static final int VERSION = 1;
    /** Largest window mapped at once. */
    static final long MAX_WINDOW_BYTES = 1L << 30;

    private static final byte[] MAGIC = {'C', 'L', 'S', 'T', 'C', 'O', 'D', 'E'};
    private static final AtomicLong TEMP_IDS = new AtomicLong();

    private final Path file;
    private final Path target;
    private final boolean temporary;
    private final boolean writable;
    private final long rows;
    private final int codeBytes;
    private final long rowsPerWindow;
    private volatile MappedByteBuffer[] windows;
    private volatile boolean committed;
    private volatile boolean closed;

    private MappedFileCodeStore(Path file, Path target, boolean temporary, boolean writable, long rows,
                                int codeBytes, long rowsPerWindow, MappedByteBuffer[] windows) {
        this.file = file;
        this.target = target;
        this.temporary = temporary;
        this.writable = writable;
        this.rows = rows;
        this.codeBytes = codeBytes;
        this.rowsPerWindow = rowsPerWindow;
        this.windows = windows;
    }

    /** A spill file for {@code rows x codeBytes} codes in {@code directory}, deleted on close. */
    public static MappedFileCodeStore createTemporary(Path directory, long rows, int codeBytes) {
        return createTemporary(directory, rows, codeBytes, MAX_WINDOW_BYTES);
    }

    static MappedFileCodeStore createTemporary(Path directory, long rows, int codeBytes, long windowBytes) {
        requireShape(rows, codeBytes);
        Path dir = directory.toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new InvalidParameterException("spill directory " + dir + " does not exist or is not a directory");
        }
        Path file = dir.resolve("clostera-codes-" + ProcessHandle.current().pid() + "-" + TEMP_IDS.incrementAndGet()
                + ".tmp");
        return create(file, null, rows, codeBytes, windowBytes);
    }

    /**
     * A store that becomes the code file {@code target} at {@link #commit}: written under a temporary name
     * in the same directory; deleted when closed without a commit.
     */
    public static MappedFileCodeStore createPersistent(Path target, long rows, int codeBytes) {
        return createPersistent(target, rows, codeBytes, MAX_WINDOW_BYTES);
    }

    static MappedFileCodeStore createPersistent(Path target, long rows, int codeBytes, long windowBytes) {
        requireShape(rows, codeBytes);
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InvalidParameterException("cannot write codes to " + target + ": directory " + dir
                    + " does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw new InvalidParameterException("cannot write codes to " + target + ": it is a directory");
        }
        Path temp = dir.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + TEMP_IDS.incrementAndGet() + ".tmp");
        return create(temp, absolute, rows, codeBytes, windowBytes);
    }

    private static MappedFileCodeStore create(Path file, Path target, long rows, int codeBytes, long windowBytes) {
        long rowsPerWindow = rowsPerWindow(codeBytes, windowBytes);
        Path shown = shownPath(file, target);
        long bytes = rows > (Long.MAX_VALUE - HEADER_BYTES) / codeBytes ? Long.MAX_VALUE : HEADER_BYTES + rows * codeBytes;
        requireSpace(file.getParent(), shown, bytes);
        TempFiles.register(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            header.put(MAGIC).putInt(VERSION).putInt(codeBytes).putLong(rows).putLong(0L).flip();
            while (header.hasRemaining()) {
                channel.write(header, header.position());
            }
            MappedByteBuffer[] windows = map(channel, FileChannel.MapMode.READ_WRITE, rows, codeBytes, rowsPerWindow);
            return new MappedFileCodeStore(file, target, target == null, true, rows, codeBytes, rowsPerWindow, windows);
        } catch (IOException | RuntimeException e) {
            TempFiles.delete(file);
            if (e instanceof ClosteraException ce) {
                throw ce;
            }
            throw new OutputFileException(shown, IoReasons.reason(e), e);
        }
    }

    /** What messages call the store's file: the target, or the spill folder (never a temporary name). */
    private static Path shownPath(Path file, Path target) {
        return target != null ? target : file.getParent();
    }

    /**
     * Refuses to start when the folder's file system has less free space than the file needs: writes
     * through a mapping cannot report a full disk (the JVM gets SIGBUS), so it is checked up front.
     */
    private static void requireSpace(Path dir, Path shown, long bytes) {
        long usable;
        try {
            usable = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return; // Unknown: the write-time check below still turns a fault into a clear message.
        }
        if (usable < bytes) {
            throw new OutputFileException(shown, "disk full: the codes need " + bytes + " bytes but only "
                    + usable + " are free there (free some space or choose another folder)", null);
        }
    }

    /** The error for a fault during a mapped access (the JVM reports SIGBUS as an InternalError). */
    private OutputFileException mappedFault(InternalError e) {
        return new OutputFileException(shownPath(file, target), "the mapped file could not be "
                + (writable ? "written (disk full?)" : "read (was it truncated?)"), e);
    }

    /**
     * Opens a code file written by a committed persistent store, read-only. A missing file, a bad magic,
     * an unknown version, a corrupt header or a size other than {@code 32 + N x M} bytes gives an
     * {@link InvalidDataException} naming the file.
     */
    public static MappedFileCodeStore open(Path path) {
        return open(path, MAX_WINDOW_BYTES);
    }

    static MappedFileCodeStore open(Path path, long windowBytes) {
        String source = path.toString();
        if (Files.isDirectory(path)) {
            throw new InvalidDataException("is a directory, not a code file", source, -1, null, null);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < HEADER_BYTES) {
                throw new InvalidDataException("truncated code file: " + size + " bytes, shorter than the "
                        + HEADER_BYTES + "-byte header", source, -1, null, null);
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining()) {
                if (channel.read(header, header.position()) < 0) {
                    break;
                }
            }
            header.flip();
            byte[] magic = new byte[MAGIC.length];
            header.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new InvalidDataException("not a clostera code file (bad magic)", source, -1, null, null);
            }
            int version = header.getInt();
            if (version != VERSION) {
                throw new InvalidDataException("unsupported code file version " + version + " (this build reads "
                        + VERSION + ")", source, -1, null, null);
            }
            int codeBytes = header.getInt();
            long rows = header.getLong();
            if (codeBytes < 1 || rows < 0) {
                throw new InvalidDataException("corrupt header: N = " + rows + ", M = " + codeBytes, source, -1, null,
                        null);
            }
            long expected;
            try {
                expected = Math.addExact(HEADER_BYTES, Math.multiplyExact(rows, codeBytes));
            } catch (ArithmeticException e) {
                throw new InvalidDataException("corrupt header: N = " + rows + ", M = " + codeBytes, source, -1, null,
                        null);
            }
            if (size != expected) {
                throw new InvalidDataException((size < expected ? "truncated" : "trailing data in") + " code file: "
                        + size + " bytes, expected " + expected + " for N = " + rows + " codes of M = " + codeBytes
                        + " bytes (complete rows: " + (size - HEADER_BYTES) / codeBytes + ")", source, -1, null, null);
            }
            long rowsPerWindow = rowsPerWindow(codeBytes, windowBytes);
            MappedByteBuffer[] windows = map(channel, FileChannel.MapMode.READ_ONLY, rows, codeBytes, rowsPerWindow);
            return new MappedFileCodeStore(path, path, false, false, rows, codeBytes, rowsPerWindow, windows);
        } catch (NoSuchFileException e) {
            throw new InvalidDataException("code file not found", source, -1, null, e);
        } catch (IOException e) {
            throw new InvalidDataException("cannot read code file: " + e, source, -1, null, e);
        }
    }

    private static long rowsPerWindow(int codeBytes, long windowBytes) {
        return Math.max(1, windowBytes / codeBytes);
    }

    private static MappedByteBuffer[] map(FileChannel channel, FileChannel.MapMode mode, long rows, int codeBytes,
                                          long rowsPerWindow) throws IOException {
        int count = (int) ((rows + rowsPerWindow - 1) / rowsPerWindow);
        MappedByteBuffer[] windows = new MappedByteBuffer[count];
        for (int w = 0; w < count; w++) {
            long firstRow = w * rowsPerWindow;
            long length = Math.min(rowsPerWindow, rows - firstRow) * codeBytes;
            // Mapping READ_WRITE beyond the end grows the file (sparse: no disk use until written).
            windows[w] = channel.map(mode, HEADER_BYTES + firstRow * codeBytes, length);
        }
        return windows;
    }

    private static void requireShape(long rows, int codeBytes) {
        if (rows < 0 || codeBytes <= 0) {
            throw new InvalidParameterException("code store needs rows >= 0 and codeBytes > 0, got " + rows + " x "
                    + codeBytes);
        }
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int codeBytes() {
        return codeBytes;
    }

    /** The file holding the codes now (a temporary name until {@link #commit}). */
    public Path file() {
        return committed ? target : file;
    }

    @Override
    public Path target() {
        return target;
    }

    @Override
    public void read(long firstRow, int count, byte[] dst, int dstOffset) {
        ReadBounds.checkRows(firstRow, count, rows, file.toString());
        MappedByteBuffer[] w = mapped();
        long row = firstRow;
        int remaining = count;
        int out = dstOffset;
        while (remaining > 0) {
            int window = (int) (row / rowsPerWindow);
            long inWindow = row - window * rowsPerWindow;
            int n = (int) Math.min(remaining, rowsPerWindow - inWindow);
            try {
                w[window].get((int) (inWindow * codeBytes), dst, out, n * codeBytes);
            } catch (InternalError e) {
                throw mappedFault(e);
            }
            row += n;
            remaining -= n;
            out += n * codeBytes;
        }
    }

    @Override
    public void write(long firstRow, int count, byte[] src, int srcOffset) {
        if (!writable) {
            throw new UnsupportedOperationException("code file " + file + " is open read-only");
        }
        if (committed) {
            throw new IllegalStateException("codes already committed to " + target);
        }
        ReadBounds.checkRows(firstRow, count, rows, file.toString());
        MappedByteBuffer[] w = mapped();
        long row = firstRow;
        int remaining = count;
        int in = srcOffset;
        while (remaining > 0) {
            int window = (int) (row / rowsPerWindow);
            long inWindow = row - window * rowsPerWindow;
            int n = (int) Math.min(remaining, rowsPerWindow - inWindow);
            try {
                w[window].put((int) (inWindow * codeBytes), src, in, n * codeBytes);
            } catch (InternalError e) {
                throw mappedFault(e);
            }
            row += n;
            remaining -= n;
            in += n * codeBytes;
        }
    }

    /**
     * Flushes the codes to disk and renames the file onto {@link #target()}; the store stays readable. Only
     * for persistent stores; does nothing the second time.
     */
    @Override
    public synchronized void commit() {
        if (temporary || !writable) {
            throw new IllegalStateException(temporary ? "a temporary code store cannot be committed"
                    : "code file " + file + " is open read-only");
        }
        if (committed) {
            return;
        }
        MappedByteBuffer[] w = mapped();
        try {
            for (MappedByteBuffer window : w) {
                window.force();
            }
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new OutputFileException(target, IoReasons.reason(e), e);
        } catch (InternalError e) {
            throw mappedFault(e);
        }
        committed = true;
        TempFiles.forget(file);
    }

    /** Whether {@link #commit} moved the codes onto the target. */
    public boolean committed() {
        return committed;
    }

    /** Drops the mappings; deletes the file unless it was committed or opened. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        windows = null;
        if (writable && !committed) {
            TempFiles.delete(file);
        }
    }

    private MappedByteBuffer[] mapped() {
        MappedByteBuffer[] w = windows;
        if (w == null) {
            throw new IllegalStateException("code store is closed: " + file);
        }
        return w;
    }

    @Override
    public String toString() {
        return "MappedFileCodeStore[" + file() + ", " + rows + " x " + codeBytes
                + (temporary ? ", temporary" : writable ? ", persistent" : ", read-only") + "]";
    }
}
