package org.clostera.bench.realdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.clostera.io.npy.NpyWriter;

/** Writes a dataset folder that {@link LabeledVectors#read} and the scikit-learn baseline script read. */
public final class DatasetFolder {
    public static final String INFO_FILE = "dataset.json";

    private DatasetFolder() {
    }

    /** Writes {@code vectors.npy} (float32), {@code labels.npy} (int32) and {@code dataset.json}. */
    public static void write(Path folder, float[] vectors, int dim, int[] labels, Map<String, Object> info) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
        try (NpyWriter writer = NpyWriter.createFloat32(folder.resolve(LabeledVectors.VECTORS_FILE), labels.length,
                dim)) {
            writer.appendFloats(vectors, 0, labels.length);
        }
        try (NpyWriter writer = NpyWriter.createInt32(folder.resolve(LabeledVectors.LABELS_FILE), labels.length)) {
            writer.appendInts(labels, 0, labels.length);
        }
        writeJson(folder.resolve(INFO_FILE), info);
    }

    /** Writes {@code value} as indented JSON to a temporary file and renames it onto {@code target}. */
    public static void writeJson(Path target, Object value) {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(temp.toFile(), value);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
