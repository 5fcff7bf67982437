package org.clostera.cli;

import java.nio.file.Path;
import org.clostera.ProgressListener;
import org.clostera.io.synthetic.SyntheticDataset;
import org.clostera.io.synthetic.SyntheticWriter;

/**
 * Writes a synthetic dataset as {@code DIR/vectors.npy} + {@code DIR/labels.npy} through
 * {@link SyntheticWriter} (streamed, parallel, byte-identical for any thread count, temporary names
 * renamed at the end).
 */
final class DatasetWriter {
    /** The two files written. */
    record Files(Path vectors, Path labels) {
    }

    private DatasetWriter() {
    }

    static Files write(GenerateCommand.DatasetSpec spec, int threads, Path dir, ProgressListener progress) {
        SyntheticDataset dataset = spec.toSynthetic();
        SyntheticWriter.write(dataset, dir, threads, progress);
        return new Files(dir.resolve(SyntheticWriter.VECTORS_FILE), dir.resolve(SyntheticWriter.LABELS_FILE));
    }
}
