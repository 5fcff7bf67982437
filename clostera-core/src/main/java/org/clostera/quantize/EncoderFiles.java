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
        if (encoder instanceof PQEncoder pq) {
            pq.save(path);
        } else if (encoder instanceof OPQEncoder opq) {
            PQEncoder pq = opq.codingSpaceEncoder();
            int[] widths = new int[pq.subquantizers()];
            float[][] codebooks = new float[widths.length][];
            for (int s = 0; s < widths.length; s++) {
                widths[s] = pq.layout().width(s);
                codebooks[s] = pq.codebook(s);
            }
            EncoderFile.write(path, new EncoderFile.Content(EncoderFile.KIND_OPQ, widths, pq.codebookSize(),
                    codebooks, opq.rotation(), opq.normalization().mean(opq.dim()), opq.normalization().scale()));
        } else {
            throw new InvalidParameterException("cannot save encoder " + encoder.getClass().getName()
                    + ": only PQEncoder and OPQEncoder have a file format");
        }
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
        EncoderFile.Content content = EncoderFile.read(path);
        PQEncoder pq = PQEncoder.fromContent(content, path, threads);
        if (content.kind() == EncoderFile.KIND_PQ) {
            return pq;
        }
        try {
            return OPQEncoder.fromRotation(AffineNormalization.of(content.mean(), content.scale()), content.rotation(),
                    pq, threads);
        } catch (InvalidParameterException e) {
            throw new InvalidDataException("invalid rotation: " + e.getMessage(), path.toString(), -1, null, e);
        }
    }
}
