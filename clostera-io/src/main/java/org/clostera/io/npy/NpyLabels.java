package org.clostera.io.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.clostera.InvalidDataException;

/**
 * Reads and writes label arrays as {@code .npy}: integers of shape {@code (n,)} (or {@code (n, 1)}).
 * Reading accepts signed and unsigned integers of 1, 2, 4 or 8 bytes in either byte order (numpy's
 * default {@code '<i8'} included) as long as every value fits in an {@code int}; writing produces
 * {@code '<i4'}.
 */
public final class NpyLabels {
    private static final int CHUNK_BYTES = 1 << 20;
    private static final long MAX_LABELS = Integer.MAX_VALUE - 8;

    private NpyLabels() {
    }

    /**
     * Reads all labels of {@code path}. Throws {@link InvalidDataException} naming the file (and the row
     * for a value outside the {@code int} range) for a missing, corrupt or truncated file, a non-integer
     * dtype, a shape other than {@code (n,)} / {@code (n, 1)}, or no labels at all.
     */
    public static int[] read(Path path) {
        String source = path.toString();
        if (Files.isDirectory(path)) {
            throw new InvalidDataException("is a directory, not an .npy file", source, -1, null, null);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            NpyHeader header = NpyHeader.read(channel, source);
            NpyDtype dtype = header.dtype();
            long[] shape = header.shape();
            if (dtype == null || !dtype.isInteger()) {
                throw new InvalidDataException("unsupported dtype '" + header.descr()
                        + "' for labels: expected integers such as '<i4' or '<i8'", source, -1, null, null);
            }
            if (!(shape.length == 1 || (shape.length == 2 && shape[1] == 1))) {
                throw new InvalidDataException("labels must be a 1-D array (n,) but the shape is "
                        + NpyHeader.shapeText(shape), source, -1, null, null);
            }
            long n = shape[0];
            if (n == 0) {
                throw new InvalidDataException("no labels: the array is empty", source, -1, null, null);
            }
            if (n > MAX_LABELS) {
                throw new InvalidDataException(n + " labels do not fit in one Java array", source, -1, null, null);
            }
            long dataBytes = n * dtype.itemSize();
            long available = channel.size() - header.dataOffset();
            if (available < dataBytes) {
                throw new InvalidDataException("truncated .npy file: " + n + " labels of " + dtype.descr()
                        + " need " + dataBytes + " data bytes but the file has " + Math.max(0, available), source,
                        -1, null, null);
            }
            return readValues(channel, header.dataOffset(), (int) n, dtype, source);
        } catch (NoSuchFileException e) {
            throw new InvalidDataException("file not found", source, -1, null, e);
        } catch (IOException e) {
            throw new InvalidDataException("cannot read .npy file: " + e, source, -1, null, e);
        }
    }

    private static int[] readValues(FileChannel channel, long offset, int n, NpyDtype dtype, String source)
            throws IOException {
        int[] labels = new int[n];
        int itemSize = dtype.itemSize();
        int perChunk = CHUNK_BYTES / itemSize;
        ByteBuffer buffer = ByteBuffer.allocate(perChunk * itemSize).order(dtype.order());
        boolean unsigned = dtype.kind() == 'u';
        for (int first = 0; first < n; first += perChunk) {
            int count = Math.min(perChunk, n - first);
            buffer.clear();
            NpyHeader.readFully(channel, buffer, offset + (long) first * itemSize, (long) count * itemSize);
            buffer.flip();
            for (int i = 0; i < count; i++) {
                long v = switch (itemSize) {
                    case 1 -> unsigned ? buffer.get() & 0xffL : buffer.get();
                    case 2 -> unsigned ? buffer.getShort() & 0xffffL : buffer.getShort();
                    case 4 -> unsigned ? buffer.getInt() & 0xffffffffL : buffer.getInt();
                    default -> buffer.getLong();
                };
                boolean fits = unsigned && itemSize == 8 ? v >= 0 && v <= Integer.MAX_VALUE
                        : v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
                if (!fits) {
                    throw new InvalidDataException("label " + (unsigned && v < 0 ? Long.toUnsignedString(v) : v)
                            + " does not fit in a 32-bit int", source, first + i, null, null);
                }
                labels[first + i] = (int) v;
            }
        }
        return labels;
    }

    /** Writes {@code labels} as a {@code '<i4'} array of shape {@code (n,)}, atomically (temp file + rename). */
    public static void write(Path path, int[] labels) {
        try (NpyWriter writer = NpyWriter.createInt32(path, labels.length)) {
            writer.appendInts(labels, 0, labels.length);
        }
    }
}
