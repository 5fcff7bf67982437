package org.clostera.io.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.clostera.InvalidDataException;

/**
 * The header of an {@code .npy} file (format versions 1.0, 2.0 and 3.0): dtype descriptor, memory
 * order, shape and the byte offset where the data starts. {@link #read} parses and validates one;
 * {@link #encode} writes one byte-for-byte as numpy 2.x does (64-byte alignment, spare space for
 * growing the first axis, version 1.0 unless the header needs 2.0).
 *
 * @param majorVersion  format major version (1, 2 or 3)
 * @param minorVersion  format minor version (0)
 * @param descr         the {@code 'descr'} text; a structured dtype appears as its Python repr-ish text
 * @param dtype         the parsed descriptor, or null when {@code descr} is not a simple dtype
 * @param fortranOrder  the {@code 'fortran_order'} flag
 * @param shape         the {@code 'shape'} tuple (may be empty for a scalar)
 * @param dataOffset    byte offset of the first element
 */
public record NpyHeader(int majorVersion, int minorVersion, String descr, NpyDtype dtype, boolean fortranOrder,
                        long[] shape, long dataOffset) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ARRAY_ALIGN = 64;
    /** numpy pads headers so the first axis can grow to this many digits in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Refuse absurd header lengths from corrupt files before allocating a buffer for them. */
    private static final int MAX_HEADER_BYTES = 16 << 20;

    public NpyHeader {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements: the product of the shape, or throws for a product beyond {@code long}. */
    public long elementCount(String source) {
        long n = 1;
        for (long s : shape) {
            try {
                n = Math.multiplyExact(n, s);
            } catch (ArithmeticException e) {
                throw new InvalidDataException("shape " + shapeText(shape) + " has too many elements", source,
                        -1, null, null);
            }
        }
        return n;
    }

    /** Human-readable shape in Python tuple syntax, e.g. {@code (5, 3)} or {@code (7,)}. */
    public static String shapeText(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /**
     * Reads and validates the header at the start of {@code channel}. Throws {@link InvalidDataException}
     * naming {@code source} for a bad magic string, an unknown version, a header cut short or a header
     * that is not a dict with 'descr', 'fortran_order' and 'shape'. It does not judge the dtype, order or
     * shape: callers do, with messages fit for their use.
     */
    public static NpyHeader read(FileChannel channel, String source) {
        try {
            long size = channel.size();
            ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, prefix, 0, Math.min(12, size));
            if (size < 10 || !Arrays.equals(Arrays.copyOf(prefix.array(), 6), MAGIC)) {
                throw new InvalidDataException("not an .npy file: missing the \\x93NUMPY magic string", source, -1,
                        null, null);
            }
            int major = prefix.get(6) & 0xff;
            int minor = prefix.get(7) & 0xff;
            long headerLength;
            int lengthBytes;
            if (major == 1) {
                headerLength = prefix.getShort(8) & 0xffff;
                lengthBytes = 2;
            } else if (major == 2 || major == 3) {
                if (size < 12) {
                    throw truncatedHeader(source, size);
                }
                headerLength = prefix.getInt(8) & 0xffffffffL;
                lengthBytes = 4;
            } else {
                throw new InvalidDataException("unsupported .npy format version " + major + "." + minor
                        + " (supported: 1.0, 2.0, 3.0)", source, -1, null, null);
            }
            long headerStart = 8 + lengthBytes;
            long dataOffset = headerStart + headerLength;
            if (headerLength > MAX_HEADER_BYTES) {
                throw new InvalidDataException("implausible .npy header length " + headerLength + " bytes", source,
                        -1, null, null);
            }
            if (dataOffset > size) {
                throw truncatedHeader(source, size);
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, headerStart, headerLength);
            // Version 1 and 2 headers are latin-1; version 3 allows utf-8 (field names only).
            String text = new String(headerBytes.array(), major == 3 ? StandardCharsets.UTF_8
                    : StandardCharsets.ISO_8859_1);
            return parseDict(text, major, minor, dataOffset, source);
        } catch (IOException e) {
            throw new InvalidDataException("cannot read .npy header: " + e.getMessage(), source, -1, null, e);
        }
    }

    private static NpyHeader parseDict(String text, int major, int minor, long dataOffset, String source) {
        Object parsed;
        try {
            parsed = PythonLiteralParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidDataException("malformed .npy header: " + e.getMessage(), source, -1, null, e);
        }
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw new InvalidDataException("malformed .npy header: not a dict", source, -1, null, null);
        }
        Object descrValue = dict.get("descr");
        Object fortranValue = dict.get("fortran_order");
        Object shapeValue = dict.get("shape");
        if (descrValue == null || !(fortranValue instanceof Boolean fortran) || !(shapeValue instanceof List<?> dims)) {
            throw new InvalidDataException("malformed .npy header: needs 'descr', 'fortran_order' (bool) and "
                    + "'shape' (tuple), got " + text.strip(), source, -1, null, null);
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0) {
                throw new InvalidDataException("malformed .npy header: bad shape " + shapeValue, source, -1, null,
                        null);
            }
            shape[i] = d;
        }
        String descr = descrValue instanceof String s ? s : pythonText(descrValue);
        NpyDtype dtype = descrValue instanceof String s ? NpyDtype.parse(s) : null;
        return new NpyHeader(major, minor, descr, dtype, fortran, shape, dataOffset);
    }

    /**
     * The header bytes numpy 2.x writes for a C-order array of {@code dtype} and {@code shape}: the magic,
     * version 1.0 (2.0 if the header does not fit in 65535 bytes), the dict padded with spaces and a
     * newline to a multiple of 64 bytes, leaving room to grow the first axis in place.
     */
    public static byte[] encode(NpyDtype dtype, long[] shape) {
        StringBuilder dict = new StringBuilder();
        dict.append("{'descr': '").append(dtype.descr()).append("', 'fortran_order': False, 'shape': ")
                .append(shapeText(shape)).append(", }");
        if (shape.length > 0) {
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int hlen = text.length + 1; // + the final newline
        // Version 1.0 stores the header length in 16 bits; numpy falls back to 2.0 when it does not fit.
        int major = hlen + ARRAY_ALIGN - ((10 + hlen) % ARRAY_ALIGN) <= 0xffff ? 1 : 2;
        int prefixLength = major == 1 ? 10 : 12;
        int padding = ARRAY_ALIGN - ((prefixLength + hlen) % ARRAY_ALIGN);
        int headerLength = hlen + padding;
        ByteBuffer out = ByteBuffer.allocate(prefixLength + headerLength).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            out.putShort((short) headerLength);
        } else {
            out.putInt(headerLength);
        }
        out.put(text);
        for (int i = 0; i < padding; i++) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    /** Python-like text of a parsed value, for messages about structured dtypes. */
    private static String pythonText(Object value) {
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(pythonText(list.get(i)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(value);
    }

    private static InvalidDataException truncatedHeader(String source, long size) {
        return new InvalidDataException("truncated .npy file: the header is cut short (file has " + size
                + " bytes)", source, -1, null, null);
    }

    static void readFully(FileChannel channel, ByteBuffer dst, long position, long length) throws IOException {
        long end = position + length;
        long p = position;
        dst.limit((int) (dst.position() + length));
        while (p < end) {
            int n = channel.read(dst, p);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + p);
            }
            p += n;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && majorVersion == h.majorVersion && minorVersion == h.minorVersion
                && descr.equals(h.descr) && fortranOrder == h.fortranOrder && Arrays.equals(shape, h.shape)
                && dataOffset == h.dataOffset;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + descr.hashCode();
    }

    @Override
    public String toString() {
        return "NpyHeader[v" + majorVersion + "." + minorVersion + ", descr=" + descr + ", fortran_order="
                + fortranOrder + ", shape=" + shapeText(shape) + ", dataOffset=" + dataOffset + "]";
    }
}
