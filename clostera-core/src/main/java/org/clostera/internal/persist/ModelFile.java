package org.clostera.internal.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.clostera.ClosteraException;
import org.clostera.InvalidDataException;

/**
 * The binary file of a fitted clustering model, little-endian (documented in {@code docs/model-format.md}):
 *
 * <pre>
 * offset  size        field
 * 0       8           magic "CLSTMDL\0"
 * 8       4           format version (1)
 * 12      8           file length in bytes, checksum included
 * 20      4           K (clusters)
 * 24      4           metric: 0 = L2, 1 = cosine (rows scaled to unit length before prediction)
 * 28      4           encoder kind: 1 = PQ, 2 = OPQ
 * 32      4           D (dimension)
 * 36      4           M (subquantizers)
 * 40      4           Ks (codewords per subspace)
 * 44      8           seed of the fit
 * 52      4           H, entries of the inertia history
 * 56      8           E, bytes of the encoder block
 * 64      E           the encoder, as an encoder file ({@link EncoderFile}, with its own CRC-32)
 * ...     4 x K x D   centers in the encoder's coding space, float32, row-major
 * ...     8 x K       training rows per cluster, int64
 * ...     8 x H       inertia history of the fit (input units), float64
 * ...     4           P: 1 when exact centers follow (the fit ended with dense iterations on the raw
 *                     vectors: rows are assigned by exact distance to them), 0 when not
 * ...     4 x K x D   (P = 1 only) the exact centers in the input space, float32, row-major
 * end-4   4           CRC-32C of every byte before it
 * </pre>
 *
 * Magic, version, file length and the trailing CRC-32C keep their place in every version, so any build
 * tells a newer file from a corrupt one. Written to a temporary name and renamed; read with every field
 * checked, so a truncated, corrupt, foreign or newer file gives an {@link InvalidDataException} naming the
 * file and the problem.
 */
public final class ModelFile {
    /** File magic. */
    static final byte[] MAGIC = {'C', 'L', 'S', 'T', 'M', 'D', 'L', 0};
    /** Format version written (and the newest read). */
    public static final int VERSION = 1;
    /** Metric code of squared Euclidean distance. */
    public static final int METRIC_L2 = 0;
    /** Metric code of cosine (spherical) clustering: rows are scaled to unit length before prediction. */
    public static final int METRIC_COSINE = 1;

    private static final int HEADER = 64;
    private static final int CHECKSUM = 4;

    private ModelFile() {
    }

    /**
     * The content of a model file.
     *
     * @param k              clusters
     * @param metric         {@link #METRIC_L2} or {@link #METRIC_COSINE}
     * @param encoderKind    {@link EncoderFile#KIND_PQ} or {@link EncoderFile#KIND_OPQ}
     * @param dim            D
     * @param subquantizers  M
     * @param codebookSize   Ks
     * @param seed           the fit's seed
     * @param encoder        the encoder block (encoder file bytes)
     * @param centers        {@code k x D} coding-space centers
     * @param clusterSizes   training rows per cluster
     * @param inertiaHistory the fit's inertia history (input units)
     * @param exactCenters   {@code k x D} input-space centers that rows are assigned to by exact distance, or
     *                       null (rows are encoded and assigned in code space)
     */
    public record Content(int k, int metric, int encoderKind, int dim, int subquantizers, int codebookSize, long seed,
                          byte[] encoder, float[] centers, long[] clusterSizes, double[] inertiaHistory,
                          float[] exactCenters) {
    }

    /** Writes {@code content} to {@code target} atomically (temporary sibling, then rename). */
    public static void write(Path target, Content content) {
        long size = HEADER + (long) content.encoder().length + 4L * content.centers().length
                + 8L * content.clusterSizes().length + 8L * content.inertiaHistory().length + 4
                + (content.exactCenters() == null ? 0 : 4L * content.exactCenters().length) + CHECKSUM;
        if (size > Integer.MAX_VALUE - 16) {
            throw new ClosteraException("model of " + size + " bytes is too large to save");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC).putInt(VERSION).putLong(size).putInt(content.k()).putInt(content.metric())
                .putInt(content.encoderKind()).putInt(content.dim()).putInt(content.subquantizers())
                .putInt(content.codebookSize()).putLong(content.seed()).putInt(content.inertiaHistory().length)
                .putLong(content.encoder().length);
        buffer.put(content.encoder());
        for (float v : content.centers()) {
            buffer.putFloat(v);
        }
        for (long v : content.clusterSizes()) {
            buffer.putLong(v);
        }
        for (double v : content.inertiaHistory()) {
            buffer.putDouble(v);
        }
        buffer.putInt(content.exactCenters() == null ? 0 : 1);
        if (content.exactCenters() != null) {
            for (float v : content.exactCenters()) {
                buffer.putFloat(v);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        buffer.flip();
        AtomicWrite.write(target, buffer, "model file");
    }

    /** Reads and checks a model file (the encoder block is checked by whoever decodes it). */
    public static Content read(Path path) {
        String source = path.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                throw invalid(source, "is a folder, not a model file");
            }
            long size = Files.size(path);
            if (size > Integer.MAX_VALUE - 16) {
                throw invalid(source, "file of " + size + " bytes is too large to be a clostera model");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidDataException("model file not found", source, -1, null, e);
        } catch (IOException e) {
            throw new InvalidDataException("cannot read model file: " + e, source, -1, null, e);
        }
        return fromBytes(bytes, source);
    }

    /** Checks and decodes the bytes of a model file; {@code source} names it in error messages. */
    public static Content fromBytes(byte[] bytes, String source) {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            if (bytes.length >= EncoderFile.MAGIC.length
                    && Arrays.equals(bytes, 0, EncoderFile.MAGIC.length, EncoderFile.MAGIC, 0, EncoderFile.MAGIC.length)) {
                throw invalid(source, "is a clostera encoder file, not a model file (load it with EncoderFiles.load)");
            }
            throw invalid(source, "not a clostera model file (it does not start with the model magic)");
        }
        if (bytes.length < HEADER + CHECKSUM) {
            throw invalid(source, "truncated: " + bytes.length + " bytes, shorter than the " + HEADER
                    + "-byte header and checksum");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(MAGIC.length);
        int version = buffer.getInt();
        if (version > VERSION) {
            throw invalid(source, "model format version " + version + " was written by a newer clostera; this build "
                    + "reads version " + VERSION + " (upgrade clostera to load it)");
        }
        if (version < 1) {
            throw invalid(source, "corrupt header: format version " + version);
        }
        long declared = buffer.getLong();
        if (declared != bytes.length) {
            throw invalid(source, (bytes.length < declared ? "truncated" : "corrupt or trailing data") + ": "
                    + bytes.length + " bytes, the header declares " + declared);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - CHECKSUM);
        if ((int) crc.getValue() != buffer.getInt(bytes.length - CHECKSUM)) {
            throw invalid(source, "checksum mismatch: the file is corrupt");
        }
        int k = buffer.getInt();
        int metric = buffer.getInt();
        int kind = buffer.getInt();
        int dim = buffer.getInt();
        int m = buffer.getInt();
        int ks = buffer.getInt();
        long seed = buffer.getLong();
        int historyLength = buffer.getInt();
        long encoderBytes = buffer.getLong();
        if (metric != METRIC_L2 && metric != METRIC_COSINE) {
            throw invalid(source, "unknown metric code " + metric);
        }
        if (kind != EncoderFile.KIND_PQ && kind != EncoderFile.KIND_OPQ) {
            throw invalid(source, "unknown encoder kind " + kind);
        }
        // Bounded by the file's length first, so the size sum below cannot overflow.
        if (k < 1 || dim < 1 || m < 1 || m > dim || ks < 2 || ks > 256 || historyLength < 0 || encoderBytes < 0
                || encoderBytes > bytes.length || (long) k * dim > bytes.length) {
            throw invalid(source, "corrupt header: K = " + k + ", D = " + dim + ", M = " + m + ", Ks = " + ks
                    + ", H = " + historyLength + ", E = " + encoderBytes);
        }
        long expected = HEADER + encoderBytes + 4L * k * dim + 8L * k + 8L * historyLength + 4 + CHECKSUM;
        if (expected + 4L * k * dim == bytes.length) {
            expected += 4L * k * dim; // exact centers follow; the flag below must say so
        }
        if (expected != bytes.length) {
            throw invalid(source, "corrupt header: K = " + k + ", D = " + dim + ", H = " + historyLength
                    + " and an encoder of " + encoderBytes + " bytes need " + expected + " bytes, the file has "
                    + bytes.length);
        }
        byte[] encoder = new byte[(int) encoderBytes];
        buffer.get(encoder);
        float[] centers = new float[k * dim];
        readCenters(buffer, centers, dim, "center", source);
        long[] sizes = new long[k];
        for (int c = 0; c < k; c++) {
            sizes[c] = buffer.getLong();
            if (sizes[c] < 0) {
                throw invalid(source, "negative size of cluster " + c);
            }
        }
        double[] history = new double[historyLength];
        for (int i = 0; i < historyLength; i++) {
            history[i] = buffer.getDouble();
        }
        int exact = buffer.getInt();
        boolean exactFollow = buffer.remaining() > CHECKSUM;
        if (exact != (exactFollow ? 1 : 0)) {
            throw invalid(source, "corrupt: the exact-centers flag is " + exact + " but the file "
                    + (exactFollow ? "holds" : "does not hold") + " exact centers");
        }
        float[] exactCenters = null;
        if (exactFollow) {
            exactCenters = new float[k * dim];
            readCenters(buffer, exactCenters, dim, "exact center", source);
        }
        return new Content(k, metric, kind, dim, m, ks, seed, encoder, centers, sizes, history, exactCenters);
    }

    private static void readCenters(ByteBuffer buffer, float[] centers, int dim, String what, String source) {
        for (int i = 0; i < centers.length; i++) {
            centers[i] = buffer.getFloat();
            if (!Float.isFinite(centers[i])) {
                throw invalid(source, "non-finite value in " + what + " " + i / dim);
            }
        }
    }

    private static InvalidDataException invalid(String source, String message) {
        return new InvalidDataException(message, source, -1, null, null);
    }
}
