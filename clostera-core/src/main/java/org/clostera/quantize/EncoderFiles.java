package org.clostera.quantize;

import java.nio.file.Path;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.internal.persist.EncoderFile;

/**
 * Saves and loads trained encoders of either kind ({@link PQEncoder}, {@link OPQEncoder} with its
 * rotation) in clostera's versioned binary format, so a later fit can start from a saved encoder plus its
 * codes. Files are written under a temporary name and renamed; a missing, corrupt or truncated file gives
 * an {@link InvalidDataException} naming it.
 */
public final class EncoderFiles {
    private EncoderFiles() {
    }

    /** Saves {@code encoder} (PQ or OPQ) to {@code path}. */
    public static void save(Encoder encoder, Path path) {
        if (encoder == null || path == null) {
            throw new InvalidParameterException("encoder and path must not be null");
        }
        EncoderFile.write(path, content(encoder));
    }

    /**
     * The bytes {@link #save} writes for {@code encoder}: for files that embed an encoder (a saved
     * {@code ClusteringModel}), so the encoder format is defined once.
     */
    public static byte[] toBytes(Encoder encoder) {
        if (encoder == null) {
            throw new InvalidParameterException("encoder is null");
        }
        return EncoderFile.toBytes(content(encoder));
    }

    /**
     * The encoder held in {@code bytes} (as {@link #toBytes} made them), checked as a file would be;
     * {@code source} names the file they came from in the {@link InvalidDataException} of a corrupt encoder.
     *
     * @param threads encoding threads (0 = all cores)
     */
    public static Encoder fromBytes(byte[] bytes, String source, int threads) {
        return fromContent(EncoderFile.fromBytes(bytes, source), source, threads);
    }

    private static EncoderFile.Content content(Encoder encoder) {
        if (encoder instanceof PQEncoder pq) {
            return new EncoderFile.Content(EncoderFile.KIND_PQ, widths(pq), pq.codebookSize(), codebooks(pq), null,
                    pq.normalization().mean(pq.dim()), pq.normalization().scale());
        }
        if (encoder instanceof OPQEncoder opq) {
            PQEncoder pq = opq.codingSpaceEncoder();
            return new EncoderFile.Content(EncoderFile.KIND_OPQ, widths(pq), pq.codebookSize(), codebooks(pq),
                    opq.rotation(), opq.normalization().mean(opq.dim()), opq.normalization().scale());
        }
        throw new InvalidParameterException("cannot save encoder " + encoder.getClass().getName()
                + ": only PQEncoder and OPQEncoder have a file format");
    }

    private static int[] widths(PQEncoder pq) {
        int[] widths = new int[pq.subquantizers()];
        for (int s = 0; s < widths.length; s++) {
            widths[s] = pq.layout().width(s);
        }
        return widths;
    }

    private static float[][] codebooks(PQEncoder pq) {
        float[][] codebooks = new float[pq.subquantizers()][];
        for (int s = 0; s < codebooks.length; s++) {
            codebooks[s] = pq.codebook(s);
        }
        return codebooks;
    }

    /** Loads a PQ or OPQ encoder saved by {@link #save}, encoding with all cores. */
    public static Encoder load(Path path) {
        return load(path, 0);
    }

    /** {@link #load(Path)} with a thread count for encoding (0 = all cores). */
    public static Encoder load(Path path, int threads) {
        if (path == null) {
            throw new InvalidParameterException("encoder path is null");
        }
        return fromContent(EncoderFile.read(path), path.toString(), threads);
    }

    private static Encoder fromContent(EncoderFile.Content content, String source, int threads) {
        PQEncoder pq = PQEncoder.fromContent(content, source, threads);
        if (content.kind() == EncoderFile.KIND_PQ) {
            return pq;
        }
        try {
            return OPQEncoder.fromRotation(AffineNormalization.of(content.mean(), content.scale()), content.rotation(),
                    pq, threads);
        } catch (InvalidParameterException e) {
            throw new InvalidDataException("invalid rotation: " + e.getMessage(), source, -1, null, e);
        }
    }
}
