package org.clostera.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.clostera.ProgressListener;

/** Clusters an .npy file and writes its labels; returns the report. */
final class ClusterRun {
    /** Validated settings; null fields mean the library default. */
    record Settings(int k, boolean fastest, Integer subquantizers, Integer codebookSize, Integer iterations,
            Integer opqIterations, Integer trainRows, long seed, int threads) {
    }

    private ClusterRun() {
    }

    static ClusterReport run(Path input, Path output, Settings settings, ProgressListener progress) throws IOException {
        throw new UnsupportedOperationException("pending merge of kmeans/npyio");
    }
}
