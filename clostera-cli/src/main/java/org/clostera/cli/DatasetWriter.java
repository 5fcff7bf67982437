package org.clostera.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.clostera.ProgressListener;

/** Streams a synthetic dataset to {@code vectors.npy} and {@code labels.npy} (temporary names, then rename). */
final class DatasetWriter {
    /** The two files written. */
    record Files(Path vectors, Path labels) {
    }

    private DatasetWriter() {
    }

    static Files write(GenerateCommand.DatasetSpec dataset, int threads, Path dir, ProgressListener progress)
            throws IOException {
        throw new UnsupportedOperationException("pending merge of npyio");
    }
}
