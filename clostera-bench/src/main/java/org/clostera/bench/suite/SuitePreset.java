package org.clostera.bench.suite;

import static org.clostera.io.synthetic.Distribution.ANISOTROPIC;
import static org.clostera.io.synthetic.Distribution.BLOCK_MIXED;
import static org.clostera.io.synthetic.Distribution.GAUSSIAN;
import static org.clostera.io.synthetic.Distribution.STUDENT_T;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.clostera.io.synthetic.Distribution;

/**
 * What one size of the suite runs: the datasets (each in both modes, with the peers), and the arguments of
 * the sweeps, which are the existing benchmark mains ({@code KSweep}, {@code PipelineBenchmark} per N,
 * {@code AutoKSweep}, JMH's {@code KernelsBenchmark}).
 *
 * @param name               preset name
 * @param datasets           generated datasets (all four families; the hard ones with the quality sweep's unequal
 *                           sizes, barely separable centers and correlated noise)
 * @param realData           real dataset folders, relative to the repository root (skipped when absent)
 * @param realDataCodebookSize Ks of the real datasets (null: the library's default, 256)
 * @param denseMaxIterations cap on the dense k-means peer's Lloyd iterations
 * @param denseMaxRows       rows the dense k-means peer clusters at most (the first rows, in generator order:
 *                           a subsample only where a dataset has more, and the JSON says so)
 * @param kSweeps            {@code KSweep} argument lists, one JSON file each
 * @param nSweepRows         rows of the N sweep ({@code PipelineBenchmark} per N, after one warm-up run)
 * @param nSweepArgs         the N sweep's other {@code PipelineBenchmark} arguments
 * @param autoKArgs          {@code AutoKSweep} arguments
 * @param qualitySweepArgs   {@code QualitySweep} arguments: which of its 48 hard datasets, without auto-K
 * @param jmhArgs            JMH arguments of the kernel runs (empty: no kernel runs)
 * @param toyRows            rows of the 2-D toy picture
 */
public record SuitePreset(String name, List<SuiteDataset> datasets, List<String> realData,
                          Integer realDataCodebookSize, int denseMaxIterations,
                          int denseMaxRows, List<List<String>> kSweeps, List<Integer> nSweepRows,
                          List<String> nSweepArgs, List<String> autoKArgs, List<String> qualitySweepArgs,
                          List<String> jmhArgs, int toyRows) {

    static final List<String> REAL_DATA = List.of("clostera-bench/src/test/resources/realdata/digits",
            "benchmarks/data/debian-descriptions");

    /**
     * The small preset's quality-sweep datasets: 3 of each family's 12 (QualityCase.standard()), across both size
     * concentrations, the three center distances and correlated noise off/on; the large preset runs all 48.
     */
    static final String QUALITY_SUBSET = "3,6,10,14,19,23,27,30,34,38,43,47";

    /** The preset called {@code name}: tiny, small or large. */
    public static SuitePreset named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tiny" -> tiny();
            case "small" -> small();
            case "large" -> large();
            default -> throw new IllegalArgumentException("unknown preset '" + name + "'; expected tiny, small or large");
        };
    }

    /** Seconds on tiny data: what the unit test runs end to end. */
    static SuitePreset tiny() {
        return new SuitePreset("tiny", families(1_500, 16, 4, 7, 4, 16), List.of(REAL_DATA.get(0)), 16, 20, 1_000,
                List.of(List.of("--distribution", "gaussian", "--rows", "2000", "--dim", "16", "--clusters", "8",
                        "--subquantizers", "4", "--codebook-size", "16", "--k-list", "4,8", "--train-rows", "2000")),
                List.of(1_000, 2_000),
                List.of("--distribution", "block_mixed", "--dim", "16", "--clusters", "4", "--subquantizers", "4",
                        "--codebook-size", "16", "--train-rows", "1000", "--repeats", "1"),
                List.of("--rows", "1500", "--cost-rows", "0", "--cases", "2", "--suite", "synthetic"),
                List.of("--only", "0", "--no-auto-k"),
                List.of("KernelsBenchmark.lookupArgmin", "-p", "centers=16", "-p", "lineOffset=0", "-f", "0", "-wi",
                        "0", "-i", "1", "-r", "100ms"),
                600);
    }

    /** The default: every part at a size that runs in under 30 minutes on 2 cores. */
    static SuitePreset small() {
        List<SuiteDataset> datasets = families(40_000, 128, 16, 7, 16, 256);
        datasets.add(SuiteDataset.generated(BLOCK_MIXED, 30_000, 512, 32, 7, 0, 0, 64, 64));
        return new SuitePreset("small", datasets, REAL_DATA, null, 50, 50_000,
                List.of(List.of("--distribution", "block_mixed", "--rows", "50000", "--dim", "1024", "--clusters",
                                "64", "--subquantizers", "64", "--codebook-size", "64", "--k-list", "16,32,64,128,256"),
                        List.of("--distribution", "gaussian", "--rows", "200000", "--dim", "128", "--clusters", "1024",
                                "--subquantizers", "16", "--codebook-size", "256", "--k-list", "256,512,1024")),
                List.of(25_000, 50_000, 100_000, 200_000),
                List.of("--distribution", "block_mixed", "--dim", "1024", "--clusters", "64", "--subquantizers", "64",
                        "--codebook-size", "64", "--repeats", "3"),
                List.of("--rows", "12000", "--cost-rows", "0", "--suite", "synthetic"),
                List.of("--only", QUALITY_SUBSET, "--no-auto-k"),
                List.of("KernelsBenchmark", "-p", "centers=64,256", "-p", "lineOffset=0", "-f", "1", "-wi", "2", "-i",
                        "3"),
                3_000);
    }

    /** The full sizes (10M rows, 2048 dimensions): for big machines. */
    static SuitePreset large() {
        List<SuiteDataset> datasets = families(1_000_000, 256, 64, 7, 32, 256);
        datasets.add(SuiteDataset.generated(BLOCK_MIXED, 200_000, 2048, 64, 7, 0, 0, 64, 64));
        datasets.add(SuiteDataset.generated(GAUSSIAN, 10_000_000, 128, 256, 7, 0, 0, 32, 256));
        return new SuitePreset("large", datasets, REAL_DATA, null, 50, 200_000,
                List.of(List.of("--distribution", "block_mixed", "--rows", "200000", "--dim", "2048", "--clusters",
                                "64", "--subquantizers", "64", "--codebook-size", "64", "--k-list", "16,32,64,128,256"),
                        List.of("--distribution", "gaussian", "--rows", "1000000", "--dim", "128", "--clusters",
                                "10000", "--subquantizers", "16", "--codebook-size", "256", "--k-list",
                                "1024,2048,4096,10000")),
                List.of(50_000, 100_000, 200_000, 400_000, 800_000),
                List.of("--distribution", "block_mixed", "--dim", "2048", "--clusters", "64", "--subquantizers", "64",
                        "--codebook-size", "64", "--repeats", "3"),
                List.of(),
                List.of("--no-auto-k"),
                List.of("KernelsBenchmark", "-f", "1", "-wi", "3", "-i", "5"),
                3_000);
    }

    /**
     * Each family twice: flat sizes at {@code distance}, and the quality sweep's hard setting (Dirichlet sizes with
     * concentration 0.3, center distance 5, 30% of the noise in a correlated factor).
     */
    private static List<SuiteDataset> families(int rows, int dim, int k, double distance, int m, int ks) {
        List<SuiteDataset> datasets = new ArrayList<>();
        for (Distribution family : List.of(GAUSSIAN, ANISOTROPIC, STUDENT_T, BLOCK_MIXED)) {
            datasets.add(SuiteDataset.generated(family, rows, dim, k, distance, 0, 0, m, ks));
            datasets.add(SuiteDataset.generated(family, rows, dim, k, 5, 0.3, 0.3, m, ks));
        }
        return datasets;
    }
}
