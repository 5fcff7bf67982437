package org.clostera.io.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.clostera.InvalidDataException;
import org.clostera.data.FiniteCheck;
import org.clostera.data.ReadBounds;
import org.clostera.data.VectorSource;

/**
 * A memory-mapped {@code .npy} file holding a 2-D C-order array {@code (rows, dim)} of float32 or float64
 * in either byte order (format versions 1.0, 2.0 and 3.0). float64 values are narrowed to float32.
 *
 * <p>The data is mapped in windows of at most 1 GiB, so files beyond 2 GiB work and every offset is a
 * {@code long}. {@link #read} uses only absolute reads on the shared mappings: it keeps no position state
 * and is safe to call from several threads at once. Every batch is checked for NaN and Inf.
 *
 * <p>{@link #open} rejects, with an {@link InvalidDataException} naming the file: a missing file, a bad
 * magic string or header, Fortran order, dtypes other than float32/float64, arrays that are not 2-D, zero
 * rows or columns, and files shorter than the header plus {@code rows * dim * itemsize} bytes.
 *
 * <p>Java 21 cannot unmap a {@code MappedByteBuffer} on demand; {@link #close} drops the mappings, which
 * the JVM unmaps when they are collected. No file handle stays open after {@link #open}.
 */
public final class NpyVectorSource implements VectorSource {
    /** Window size: a multiple of every item size, well below the 2 GiB limit of one mapping. */
    static final long DEFAULT_WINDOW_BYTES = 1L << 30;

    private final String description;
    private final NpyHeader header;
    private final long rows;
    private final int dim;
    private final int itemSize;
    private final long windowElements;
    private volatile FloatBuffer[] floatWindows;
    private volatile DoubleBuffer[] doubleWindows;

    private NpyVectorSource(String description, NpyHeader header, long rows, int dim, long windowElements,
                            FloatBuffer[] floatWindows, DoubleBuffer[] doubleWindows) {
        this.description = description;
        this.header = header;
        this.rows = rows;
        this.dim = dim;
        this.itemSize = header.dtype().itemSize();
        this.windowElements = windowElements;
        this.floatWindows = floatWindows;
        this.doubleWindows = doubleWindows;
    }

    /** Opens and maps {@code path}; see the class comment for what is rejected. */
    public static NpyVectorSource open(Path path) {
        return open(path, DEFAULT_WINDOW_BYTES);
    }

    /** As {@link #open(Path)} with a given window size (tests use small windows to cross boundaries). */
    static NpyVectorSource open(Path path, long windowBytes) {
        String source = path.toString();
        if (windowBytes <= 0 || windowBytes % 8 != 0 || windowBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("window must be a positive multiple of 8 below 2 GiB: " + windowBytes);
        }
        if (Files.isDirectory(path)) {
            throw new InvalidDataException("is a directory, not an .npy file", source, -1, null, null);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            NpyHeader header = NpyHeader.read(channel, source);
            long[] shape = header.shape();
            NpyDtype dtype = header.dtype();
            if (dtype == null || !dtype.isFloat32Or64()) {
                throw new InvalidDataException("unsupported dtype '" + header.descr()
                        + "': vectors must be float32 ('<f4', '>f4') or float64 ('<f8', '>f8')", source, -1, null,
                        null);
            }
            if (shape.length != 2) {
                throw new InvalidDataException("expected a 2-D array (rows, dim) but the shape is "
                        + NpyHeader.shapeText(shape) + " (" + shape.length + "-D)", source, -1, null, null);
            }
            if (header.fortranOrder()) {
                throw new InvalidDataException("Fortran-order arrays are not supported; save a C-order array, "
                        + "e.g. np.save(path, np.ascontiguousarray(x))", source, -1, null, null);
            }
            long rows = shape[0];
            if (rows == 0) {
                throw new InvalidDataException("no vectors: the array has 0 rows, shape "
                        + NpyHeader.shapeText(shape), source, -1, null, null);
            }
            if (shape[1] == 0 || shape[1] > Integer.MAX_VALUE - 8) {
                throw new InvalidDataException("unsupported dimension " + shape[1] + " in shape "
                        + NpyHeader.shapeText(shape), source, -1, null, null);
            }
            int dim = (int) shape[1];
            long elements = header.elementCount(source);
            long dataBytes;
            try {
                dataBytes = Math.multiplyExact(elements, dtype.itemSize());
            } catch (ArithmeticException e) {
                throw new InvalidDataException("shape " + NpyHeader.shapeText(shape) + " is too large", source, -1,
                        null, null);
            }
            long size = channel.size();
            if (size - header.dataOffset() < dataBytes) {
                long available = Math.max(0, size - header.dataOffset());
                throw new InvalidDataException("truncated .npy file: shape " + NpyHeader.shapeText(shape) + " of "
                        + dtype.descr() + " needs " + dataBytes + " data bytes after the " + header.dataOffset()
                        + "-byte header but the file has " + available + " (complete rows: "
                        + available / ((long) dim * dtype.itemSize()) + ")", source, -1, null, null);
            }
            int windows = (int) ((dataBytes + windowBytes - 1) / windowBytes);
            FloatBuffer[] floats = dtype.itemSize() == 4 ? new FloatBuffer[windows] : null;
            DoubleBuffer[] doubles = dtype.itemSize() == 8 ? new DoubleBuffer[windows] : null;
            for (int w = 0; w < windows; w++) {
                long start = w * windowBytes;
                long length = Math.min(windowBytes, dataBytes - start);
                ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, header.dataOffset() + start, length)
                        .order(dtype.order());
                if (floats != null) {
                    floats[w] = mapped.asFloatBuffer();
                } else {
                    doubles[w] = mapped.asDoubleBuffer();
                }
            }
            return new NpyVectorSource(source, header, rows, dim, windowBytes / dtype.itemSize(), floats, doubles);
        } catch (NoSuchFileException e) {
            throw new InvalidDataException("file not found", source, -1, null, e);
        } catch (IOException e) {
            throw new InvalidDataException("cannot read .npy file: " + e, source, -1, null, e);
        }
    }

    /** The parsed header (dtype, version, shape). */
    public NpyHeader header() {
        return header;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public boolean supportsRandomAccess() {
        return true;
    }

    @Override
    public String description() {
        return description;
    }

    /** True: {@link #read} rejects NaN and Inf, naming the file and row. */
    @Override
    public boolean checksFinite() {
        return true;
    }

    @Override
    public void read(long firstRow, int count, float[] dst, int dstOffset) {
        ReadBounds.checkRows(firstRow, count, rows, description);
        long total = ReadBounds.checkDestination(dst, dstOffset, count, dim);
        FloatBuffer[] floats = floatWindows;
        DoubleBuffer[] doubles = doubleWindows;
        if (floats == null && doubles == null) {
            throw new IllegalStateException("closed: " + description);
        }
        long element = firstRow * dim;
        long end = element + total;
        int out = dstOffset;
        while (element < end) {
            int window = (int) (element / windowElements);
            int index = (int) (element % windowElements);
            int length = (int) Math.min(end - element, windowElements - index);
            if (floats != null) {
                floats[window].get(index, dst, out, length);
            } else {
                DoubleBuffer buffer = doubles[window];
                for (int i = 0; i < length; i++) {
                    dst[out + i] = (float) buffer.get(index + i);
                }
            }
            element += length;
            out += length;
        }
        FiniteCheck.requireFinite(dst, dstOffset, count, dim, firstRow, description);
    }

    @Override
    public void close() {
        floatWindows = null;
        doubleWindows = null;
    }
}
