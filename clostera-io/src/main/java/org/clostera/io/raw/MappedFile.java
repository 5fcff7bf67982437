package org.clostera.io.raw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.clostera.InvalidDataException;

/**
 * A whole file mapped read-only in windows of at most 1 GiB, addressed by {@code long} byte offsets, so
 * files beyond 2 GiB work. Reads are positional (absolute), so any number of threads may read at once.
 * Values are little-endian. Reads that cross a window boundary are split, even inside one value.
 *
 * <p>The file channel is closed right after mapping; {@link #close} drops the mappings, which the JVM
 * unmaps when they are collected (Java 21 offers no supported way to unmap earlier).
 */
public final class MappedFile implements AutoCloseable {
    /** Default window: 1 GiB, a multiple of every element size, so aligned values never straddle two windows. */
    static final long DEFAULT_WINDOW_BYTES = 1L << 30;

    private final Path path;
    private final long size;
    private final long windowBytes;
    private volatile ByteBuffer[] windows; // null once closed

    private MappedFile(Path path, long size, long windowBytes, ByteBuffer[] windows) {
        this.path = path;
        this.size = size;
        this.windowBytes = windowBytes;
        this.windows = windows;
    }

    /** Maps {@code path} whole. Throws {@link InvalidDataException} naming the path when it cannot be read. */
    public static MappedFile open(Path path) {
        return open(path, DEFAULT_WINDOW_BYTES);
    }

    /** As {@link #open(Path)} with a chosen window size (tests use tiny windows to exercise boundaries). */
    static MappedFile open(Path path, long windowBytes) {
        if (!Files.isRegularFile(path)) {
            throw new InvalidDataException(Files.exists(path) ? "not a regular file" : "no such file",
                    path.toString(), -1, null, null);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            int count = (int) ((size + windowBytes - 1) / windowBytes);
            ByteBuffer[] windows = new ByteBuffer[count];
            for (int w = 0; w < count; w++) {
                long start = w * windowBytes;
                long length = Math.min(windowBytes, size - start);
                windows[w] = channel.map(FileChannel.MapMode.READ_ONLY, start, length).order(ByteOrder.LITTLE_ENDIAN);
            }
            return new MappedFile(path, size, windowBytes, windows);
        } catch (IOException | RuntimeException e) {
            throw new InvalidDataException("cannot map the file: " + e, path.toString(), -1, null, e);
        }
    }

    public Path path() {
        return path;
    }

    /** File size in bytes. */
    public long size() {
        return size;
    }

    /** The little-endian int at byte {@code offset}. */
    public int readInt(long offset) {
        ByteBuffer[] windows = windows(offset, 4);
        int w = (int) (offset / windowBytes);
        int at = (int) (offset - w * windowBytes);
        ByteBuffer window = windows[w];
        if (at + 4 <= window.limit()) {
            return window.getInt(at);
        }
        byte[] b = new byte[4];
        readBytes(offset, b, 0, 4);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    /** Copies {@code n} bytes from byte {@code offset} to {@code dst[dstOffset...]}. */
    public void readBytes(long offset, byte[] dst, int dstOffset, int n) {
        ByteBuffer[] windows = windows(offset, n);
        long position = offset;
        int done = 0;
        while (done < n) {
            int w = (int) (position / windowBytes);
            int at = (int) (position - w * windowBytes);
            int chunk = Math.min(n - done, windows[w].limit() - at);
            windows[w].get(at, dst, dstOffset + done, chunk);
            done += chunk;
            position += chunk;
        }
    }

    /** Copies {@code n} little-endian floats from byte {@code offset} to {@code dst[dstOffset...]}. */
    public void readFloats(long offset, float[] dst, int dstOffset, int n) {
        readWords(offset, n,
                (values, done, count) -> values.asFloatBuffer().get(dst, dstOffset + done, count),
                (done, bits) -> dst[dstOffset + done] = Float.intBitsToFloat(bits));
    }

    /** Copies {@code n} little-endian ints from byte {@code offset} to {@code dst[dstOffset...]}. */
    public void readInts(long offset, int[] dst, int dstOffset, int n) {
        readWords(offset, n,
                (values, done, count) -> values.asIntBuffer().get(dst, dstOffset + done, count),
                (done, bits) -> dst[dstOffset + done] = bits);
    }

    /** Copies a run of {@code count} 4-byte values, the {@code done}-th onwards, from a little-endian buffer. */
    @FunctionalInterface
    private interface WordRun {
        void copy(ByteBuffer values, int done, int count);
    }

    /** Stores the {@code done}-th 4-byte value given as int bits. */
    @FunctionalInterface
    private interface OneWord {
        void store(int done, int bits);
    }

    /**
     * Walks {@code n} 4-byte values from byte {@code offset}: each window's whole values as one run, and
     * a value split across two windows on its own.
     */
    private void readWords(long offset, int n, WordRun run, OneWord one) {
        ByteBuffer[] windows = windows(offset, 4L * n);
        long position = offset;
        int done = 0;
        while (done < n) {
            int w = (int) (position / windowBytes);
            int at = (int) (position - w * windowBytes);
            ByteBuffer window = windows[w];
            int whole = Math.min(n - done, (window.limit() - at) / 4);
            if (whole > 0) {
                run.copy(window.slice(at, whole * 4).order(ByteOrder.LITTLE_ENDIAN), done, whole);
                done += whole;
                position += whole * 4L;
            } else {
                one.store(done, readInt(position)); // one value across two windows
                done++;
                position += 4;
            }
        }
    }

    /** The mappings, after checking the range and that the file is open. */
    private ByteBuffer[] windows(long offset, long length) {
        ByteBuffer[] current = windows;
        if (current == null) {
            throw new IllegalStateException("closed: " + path);
        }
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("bytes [" + offset + ", " + (offset + length) + ") of " + size
                    + " in " + path);
        }
        return current;
    }

    /** Drops the mappings; later reads throw {@link IllegalStateException}. */
    @Override
    public void close() {
        windows = null;
    }
}
