package org.clostera.bench.realdata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.clostera.InvalidDataException;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.VectorSource;
import org.clostera.io.npy.NpyLabels;
import org.clostera.io.npy.NpyVectorSource;

/**
 * A real dataset held in memory: float32 rows with their true class labels, read from a dataset folder
 * ({@code vectors.npy}, float32 {@code (N, D)}; {@code labels.npy}, integers {@code (N,)}), the layout
 * written by {@code scripts/realdata/digits_to_npy.py} and {@code EmbedDebianDescriptions}.
 *
 * @param name      the dataset's name (the folder's name)
 * @param vectors   the rows, row-major, {@code rows x dim}
 * @param dim       the dimension D
 * @param labels    the true class of each row
 */
public record LabeledVectors(String name, float[] vectors, int dim, int[] labels) {
    public static final String VECTORS_FILE = "vectors.npy";
    public static final String LABELS_FILE = "labels.npy";

    public LabeledVectors {
        if ((long) labels.length * dim != vectors.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for "
                    + vectors.length / Math.max(1, dim) + " rows of dimension " + dim);
        }
    }

    /** Reads {@code folder/vectors.npy} and {@code folder/labels.npy}; the name is the folder's name. */
    public static LabeledVectors read(Path folder) {
        Path vectorsFile = folder.resolve(VECTORS_FILE);
        Path labelsFile = folder.resolve(LABELS_FILE);
        if (!Files.isDirectory(folder)) {
            throw new InvalidDataException("not a dataset folder (expected " + VECTORS_FILE + " and " + LABELS_FILE
                    + " in it)", folder.toString(), -1, null, null);
        }
        int[] labels = NpyLabels.read(labelsFile);
        try (NpyVectorSource source = NpyVectorSource.open(vectorsFile)) {
            if (source.rows() != labels.length) {
                throw new InvalidDataException(source.rows() + " rows but " + labelsFile + " holds " + labels.length
                        + " labels", vectorsFile.toString(), -1, null, null);
            }
            float[] vectors = new float[Math.multiplyExact(labels.length, source.dim())];
            source.read(0, labels.length, vectors, 0);
            Path name = folder.toAbsolutePath().normalize().getFileName();
            return new LabeledVectors(name == null ? folder.toString() : name.toString(), vectors, source.dim(),
                    labels);
        }
    }

    /** Number of rows N. */
    public int rows() {
        return labels.length;
    }

    /** Number of distinct true classes: the K the data was labelled with. */
    public int classes() {
        return (int) Arrays.stream(labels).distinct().count();
    }

    /** The rows as a source for {@code Clusterer.fit} (not copied). */
    public VectorSource source() {
        return ArrayVectorSource.of(vectors, dim);
    }
}
