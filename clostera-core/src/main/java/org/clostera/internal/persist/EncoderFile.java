package org.clostera.internal.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.clostera.ClosteraException;
import org.clostera.InvalidDataException;

/**
 * The binary file of a trained encoder, little-endian:
 *
 * <pre>
 * offset  size          field
 * 0       8             magic "CLSTENC\0"
 * 8       4             format version (2; 1 is still read)
 * 12      4             kind: 1 = PQ, 2 = OPQ (rotation present)
 * 16      4             D (dimension)
 * 20      4             M (subquantizers)
 * 24      4             Ks (codewords per subspace, 2..256)
 * 28      4 x M         subspace widths (sum D)
 * ...     8             scale, float64, a positive power of two (version 2 only)
 * ...     8 x D         mean per dimension, float64 (version 2 only)
 * ...     4 x Ks x D    codebooks of the normalised space, subspace by subspace, codeword-major
 * ...     4 x D x D     rotation, row-major (kind 2 only)
 * end-8   8             CRC-32 of every byte before it (as a long)
 * </pre>
 *
 * The encoder quantizes {@code (x - mean) / scale} (rotated by OPQ); a version 1 file has no such fields
 * and reads as mean 0, scale 1 (what its encoder did).
 *
 * Written to a temporary name and renamed; read with every field checked, so a corrupt or truncated
 * file gives an {@link InvalidDataException} naming the file and the problem.
 */
public final class EncoderFile {
    /** File magic. */
    static final byte[] MAGIC = {'C', 'L', 'S', 'T', 'E', 'N', 'C', 0};
    /** Format version written. */
    public static final int VERSION = 2;
    /** The version before the normalisation fields (read as mean 0, scale 1). */
    public static final int VERSION_WITHOUT_NORMALIZATION = 1;
    /** Encoder kind: plain PQ. */
    public static final int KIND_PQ = 1;
    /** Encoder kind: OPQ (a rotation follows the codebooks). */
    public static final int KIND_OPQ = 2;

    private static final int FIXED_HEADER = 28;

    private EncoderFile() {
    }

    /**
     * The content of an encoder file.
     *
     * @param kind      {@link #KIND_PQ} or {@link #KIND_OPQ}
     * @param widths    subspace widths (their sum is D)
     * @param ks        codewords per subspace
     * @param codebooks {@code [M][ks * width(s)]}
     * @param rotation  {@code D x D} row-major for OPQ, else null
     * @param mean      the normalisation's mean, length D
     * @param scale     the normalisation's scale (a power of two)
     */
    public record Content(int kind, int[] widths, int ks, float[][] codebooks, float[] rotation, double[] mean,
                          double scale) {
        /** Content without normalisation (mean 0, scale 1). */
        public Content(int kind, int[] widths, int ks, float[][] codebooks, float[] rotation) {
            this(kind, widths, ks, codebooks, rotation, new double[sum(widths)], 1.0);
        }

        public int dim() {
            int d = 0;
            for (int w : widths) {
                d += w;
            }
            return d;
        }
    }

    private static int sum(int[] widths) {
        int d = 0;
        for (int w : widths) {
            d += w;
        }
        return d;
    }

    /** Writes {@code content} to {@code target} atomically (temporary file, then rename), in version 2. */
    public static void write(Path target, Content content) {
        AtomicWrite.write(target, ByteBuffer.wrap(toBytes(content)), "encoder file");
    }

    /** The bytes of an encoder file (version 2) holding {@code content}: what {@link #write} puts in the file. */
    public static byte[] toBytes(Content content) {
        int m = content.widths().length;
        int dim = content.dim();
        if (content.mean() == null || content.mean().length != dim) {
            throw new ClosteraException("encoder content has a mean of "
                    + (content.mean() == null ? "null" : content.mean().length + " values") + ", expected D = " + dim);
        }
        long floats = (long) content.ks() * dim + (content.rotation() == null ? 0 : (long) dim * dim);
        long size = FIXED_HEADER + 4L * m + normalizationBytes(VERSION, dim) + 4 * floats + 8;
        if (size > Integer.MAX_VALUE - 16) {
            throw new ClosteraException("encoder of " + size + " bytes is too large to save");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC).putInt(VERSION).putInt(content.kind()).putInt(dim).putInt(m).putInt(content.ks());
        for (int w : content.widths()) {
            buffer.putInt(w);
        }
        buffer.putDouble(content.scale());
        for (double v : content.mean()) {
            buffer.putDouble(v);
        }
        for (float[] book : content.codebooks()) {
            buffer.asFloatBuffer().put(book);
            buffer.position(buffer.position() + 4 * book.length);
        }
        if (content.rotation() != null) {
            buffer.asFloatBuffer().put(content.rotation());
            buffer.position(buffer.position() + 4 * content.rotation().length);
        }
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putLong(crc.getValue());
        return buffer.array();
    }

    /** Reads and checks an encoder file. */
    public static Content read(Path path) {
        String source = path.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                throw invalid(source, "is a directory, not an encoder file");
            }
            long size = Files.size(path);
            if (size > Integer.MAX_VALUE - 16) {
                throw invalid(source, "file of " + size + " bytes is too large to be an encoder");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidDataException("encoder file not found", source, -1, null, e);
        } catch (IOException e) {
            throw new InvalidDataException("cannot read encoder file: " + e, source, -1, null, e);
        }
        return fromBytes(bytes, source);
    }

    /**
     * Checks and decodes the bytes of an encoder file (or of an encoder embedded in another file);
     * {@code source} names where they came from in error messages.
     */
    public static Content fromBytes(byte[] bytes, String source) {
        if (bytes.length < FIXED_HEADER) {
            throw invalid(source, "truncated: " + bytes.length + " bytes, shorter than the " + FIXED_HEADER
                    + "-byte header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        buffer.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw invalid(source, "not a clostera encoder file (bad magic)");
        }
        int version = buffer.getInt();
        if (version != VERSION && version != VERSION_WITHOUT_NORMALIZATION) {
            throw invalid(source, "unsupported encoder format version " + version + " (this build reads versions "
                    + VERSION_WITHOUT_NORMALIZATION + " and " + VERSION + ")");
        }
        int kind = buffer.getInt();
        int dim = buffer.getInt();
        int m = buffer.getInt();
        int ks = buffer.getInt();
        if (kind != KIND_PQ && kind != KIND_OPQ) {
            throw invalid(source, "unknown encoder kind " + kind);
        }
        if (dim < 1 || m < 1 || m > dim || ks < 2 || ks > 256) {
            throw invalid(source, "corrupt header: D = " + dim + ", M = " + m + ", Ks = " + ks);
        }
        long floats = (long) ks * dim + (kind == KIND_OPQ ? (long) dim * dim : 0);
        long expected = FIXED_HEADER + 4L * m + normalizationBytes(version, dim) + 4 * floats + 8;
        if (bytes.length != expected) {
            throw invalid(source, (bytes.length < expected ? "truncated" : "trailing data") + ": " + bytes.length
                    + " bytes, expected " + expected + " for D = " + dim + ", M = " + m + ", Ks = " + ks);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        if (crc.getValue() != buffer.getLong(bytes.length - 8)) {
            throw invalid(source, "checksum mismatch: the file is corrupt");
        }
        int[] widths = new int[m];
        long sum = 0;
        for (int s = 0; s < m; s++) {
            widths[s] = buffer.getInt();
            if (widths[s] < 1) {
                throw invalid(source, "corrupt header: subspace " + s + " has width " + widths[s]);
            }
            sum += widths[s];
        }
        if (sum != dim) {
            throw invalid(source, "corrupt header: subspace widths sum to " + sum + ", not D = " + dim);
        }
        double scale = 1.0;
        double[] mean = new double[dim];
        if (version >= VERSION) {
            scale = buffer.getDouble();
            if (!(scale > 0) || !Double.isFinite(scale) || scale != Math.scalb(1.0, Math.getExponent(scale))
                    || !Double.isFinite(1.0 / scale)) {
                throw invalid(source, "corrupt normalisation: scale " + scale + " is not a positive power of two");
            }
            for (int j = 0; j < dim; j++) {
                mean[j] = buffer.getDouble();
                if (!Double.isFinite(mean[j])) {
                    throw invalid(source, "corrupt normalisation: mean at dimension " + j + " is " + mean[j]);
                }
            }
        }
        float[][] codebooks = new float[m][];
        for (int s = 0; s < m; s++) {
            codebooks[s] = readFloats(buffer, ks * widths[s], source, "codebook " + s);
        }
        float[] rotation = kind == KIND_OPQ ? readFloats(buffer, dim * dim, source, "rotation") : null;
        return new Content(kind, widths, ks, codebooks, rotation, mean, scale);
    }

    private static long normalizationBytes(int version, int dim) {
        return version >= VERSION ? 8L + 8L * dim : 0;
    }

    private static float[] readFloats(ByteBuffer buffer, int count, String source, String what) {
        float[] out = new float[count];
        buffer.asFloatBuffer().get(out);
        buffer.position(buffer.position() + 4 * count);
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(out[i])) {
                throw invalid(source, "non-finite value in " + what);
            }
        }
        return out;
    }

    private static InvalidDataException invalid(String source, String message) {
        return new InvalidDataException(message, source, -1, null, null);
    }
}
