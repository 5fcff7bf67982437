package org.clostera.cli;

import java.util.List;
import org.clostera.ClosteraException;
import org.clostera.Metric;
import org.clostera.cluster.AutoKMethod;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
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

    @Option(names = "--refinement", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Split/merge local search after k-means (default on): moves that split one cluster and "
                    + "merge two others, kept only when they lower the objective. --no-refinement turns it off.")
    boolean refinement = true;

    @Option(names = "--refine-raw", paramLabel = "N|auto",
            description = "After k-means on the codes, N dense k-means iterations on the raw vectors (each reads the "
                    + "input once more; 0 = none). Default auto: up to 20 when the input is at most 1 GiB of floats "
                    + "and the passes cost at most twice the encoding (2 x codebook size / K passes), else none.")
    String refineRaw;

    @Option(names = "--metric", paramLabel = "METRIC",
            description = "l2 (default: squared Euclidean) or cosine (rows scaled to unit length, spherical "
                    + "k-means in the dense passes; for embeddings). A saved model predicts the same way.")
    String metric;

    @Option(names = "--auto-k-method", paramLabel = "METHOD",
            description = "With --k auto: centroid_silhouette (default), davies_bouldin, elbow or bic. "
                    + "All are computed and reported; this one selects.")
    String autoKMethod;

    @Option(names = "--auto-k-candidates", paramLabel = "K", split = ",",
            description = "With --k auto: the candidate K values, comma-separated (default: 4, 6, 8, 12, 16, 24, "
                    + "32, 48, 64, ... as far as the data supports).")
    List<Integer> autoKCandidates;

    /** The auto-K method, or null for the library default; a usage error for an unknown name. */
    AutoKMethod autoKMethod(CommandSpec spec) {
        if (autoKMethod == null) {
            return null;
        }
        try {
            return AutoKMethod.parse(autoKMethod);
        } catch (ClosteraException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--auto-k-method: " + e.getMessage());
        }
    }

    /** The explicit auto-K candidates, or null. */
    int[] autoKCandidates(CommandSpec spec) {
        if (autoKCandidates == null) {
            return null;
        }
        for (Integer candidate : autoKCandidates) {
            if (candidate == null || candidate < 1) {
                throw new ParameterException(spec.commandLine(), "--auto-k-candidates: every K must be >= 1, got "
                        + candidate);
            }
        }
        return autoKCandidates.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Usage errors for out-of-range values, before any work. */
    void validate(CommandSpec spec) {
        Checks.atLeast(spec, "--subquantizers", subquantizers, 1);
        Checks.between(spec, "--codebook-size", codebookSize, 2, 256);
        Checks.atLeast(spec, "--iterations", iterations, 1);
        Checks.atLeast(spec, "--opq-iterations", opqIterations, 1);
        Checks.atLeast(spec, "--train-rows", trainRows, 1);
        refineRawIterations(spec);
        metric(spec);
    }

    /** {@code --metric} as a {@link Metric}; L2 when not given. */
    Metric metric(CommandSpec spec) {
        if (metric == null) {
            return Metric.L2;
        }
        return switch (metric.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "l2", "euclidean" -> Metric.L2;
            case "cosine" -> Metric.COSINE;
            default -> throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--metric': expected l2 or cosine, got '" + metric + "'");
        };
    }

    /** {@code --refine-raw} as iterations; null = automatic (the library's default rule). */
    Integer refineRawIterations(CommandSpec spec) {
        if (refineRaw == null || refineRaw.equalsIgnoreCase("auto")) {
            return null;
        }
        int iterations;
        try {
            iterations = Integer.parseInt(refineRaw.trim());
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--refine-raw': expected a number of iterations or 'auto', got '"
                            + refineRaw + "'");
        }
        Checks.atLeast(spec, "--refine-raw", iterations, 0);
        return iterations;
    }
}
