package org.clostera.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.clostera.ClusteringModel;

/** A clostera model file as bytes (docs/model-format.md), to broadcast it or store it through Hadoop. */
final class ModelBytes {
    private ModelBytes() {
    }

    static byte[] of(ClusteringModel model) {
        Path file = tempFile();
        try {
            model.save(file);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back the model written to " + file, e);
        } finally {
            delete(file);
        }
    }

    /** Reads a model from its file bytes (errors name the problem, e.g. a corrupt file). */
    static ClusteringModel load(byte[] bytes, int threads) {
        Path file = tempFile();
        try {
            Files.write(file, bytes);
            return ClusteringModel.load(file, threads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a model copy to " + file, e);
        } finally {
            delete(file);
        }
    }

    static Path tempFile() {
        try {
            return Files.createTempFile("clostera-spark-", ".model");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary model file", e);
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file is harmless.
        }
    }
}
