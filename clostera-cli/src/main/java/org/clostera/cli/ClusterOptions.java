package org.clostera.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Encoder and k-means options shared by {@code cluster} and {@code demo}; null means the library default. */
final class ClusterOptions {
    @Option(names = "--fastest",
            description = "Plain PQ instead of OPQ: no rotation is learned; faster, a little less accurate.")
    boolean fastest;

    @Option(names = "--subquantizers", paramLabel = "M",
            description = "Subquantizers M (= code bytes per vector). Default: about sqrt(D), sub-width >= 4.")
    Integer subquantizers;

    @Option(names = "--codebook-size", paramLabel = "Ks",
            description = "Codewords per subquantizer, 2..256. Default: library default (256).")
    Integer codebookSize;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Maximum k-means iterations. Default: library default.")
    Integer iterations;

    @Option(names = "--opq-iterations", paramLabel = "N",
            description = "OPQ rotation iterations (ignored with --fastest). Default: library default.")
    Integer opqIterations;

    @Option(names = "--train-rows", paramLabel = "N",
            description = "Rows sampled to train the encoder. Default: library default.")
    Integer trainRows;

    /** Usage errors for out-of-range values, before any work. */
    void validate(CommandSpec spec) {
        Checks.atLeast(spec, "--subquantizers", subquantizers, 1);
        Checks.between(spec, "--codebook-size", codebookSize, 2, 256);
        Checks.atLeast(spec, "--iterations", iterations, 1);
        Checks.atLeast(spec, "--opq-iterations", opqIterations, 1);
        Checks.atLeast(spec, "--train-rows", trainRows, 1);
    }
}
