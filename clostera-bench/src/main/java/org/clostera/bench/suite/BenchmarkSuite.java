package org.clostera.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.clostera.bench.BenchSupport;

/**
 * The benchmark suite (issue 15): one command, one size preset, every result as JSON with the machine in each
 * file. Sections: {@code datasets} (every dataset of the preset in both modes, with JVector's PQ, Tribuo's
 * multi-threaded and Commons Math's single-threaded dense k-means and faiss when installed on the same rows),
 * {@code quality-sweep} (SSE against the true partition's on a subset of the hard quality datasets), {@code toy} (the
 * 2-D showcase picture), {@code k-sweep}, {@code n-sweep}, {@code auto-k} and {@code kernels} (JMH); the sweeps are
 * the existing benchmark mains. {@code --dry-run} prints the plan and runs nothing.
 * {@code suite.json} indexes the files with each section's seconds. {@code org.clostera.bench.charts.Publish}
 * turns the folder into charts and README tables.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx8g -cp clostera-bench/target/benchmarks.jar \
 *     org.clostera.bench.suite.BenchmarkSuite --preset small --output-dir benchmarks/results/suite-small
 * </pre>
 * Options: {@code --preset tiny|small|large} (small), {@code --output-dir DIR} (benchmarks/results/suite-PRESET),
 * {@code --threads n} (all cores), {@code --seed s} (0), {@code --sections
 * datasets,quality-sweep,toy,k-sweep,n-sweep,auto-k,kernels} (all), {@code --real-data DIR,DIR} (instead of the
 * preset's real datasets), {@code --dry-run} (print the plan: every dataset and sweep with its size, then stop).
 */
public final class BenchmarkSuite {
    /** Every section, in the order they run. */
    public static final List<String> SECTIONS = List.of("datasets", "quality-sweep", "toy", "k-sweep", "n-sweep",
            "auto-k", "kernels");
    public static final String INDEX_FILE = "suite.json";
    public static final String DATASETS_FILE = "datasets.json";
    public static final String QUALITY_SWEEP_FILE = "quality-sweep.json";
    public static final String TOY_FILE = "toy-2d.json";
    public static final String N_SWEEP_FILE = "n-sweep.json";
    public static final String AUTO_K_FILE = "autok-sweep.json";
    public static final String KERNELS_FILE = "kernels-jmh.json";

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws IOException {
        BenchSupport.quietLogsByDefault();
        boolean dryRun = Arrays.asList(args).contains("--dry-run");
        Map<String, String> opts = BenchSupport.parse(Arrays.stream(args).filter(a -> !a.equals("--dry-run"))
                .toArray(String[]::new));
        for (String key : opts.keySet()) {
            if (!List.of("preset", "output-dir", "threads", "seed", "sections", "real-data").contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; usage: BenchmarkSuite [--preset"
                        + " tiny|small|large] [--output-dir DIR] [--threads n] [--seed s] [--sections "
                        + String.join(",", SECTIONS) + "] [--real-data DIR,DIR] [--dry-run]");
            }
        }
        SuitePreset preset = SuitePreset.named(opts.getOrDefault("preset", "small"));
        Path dir = Path.of(opts.getOrDefault("output-dir", "benchmarks/results/suite-" + preset.name()));
        int threads = Integer.parseInt(opts.getOrDefault("threads",
                String.valueOf(Runtime.getRuntime().availableProcessors())));
        long seed = Long.parseLong(opts.getOrDefault("seed", "0"));
        List<String> sections = opts.containsKey("sections")
                ? Arrays.stream(opts.get("sections").split(",")).map(String::trim).toList() : SECTIONS;
        for (String section : sections) {
            if (!SECTIONS.contains(section)) {
                throw new IllegalArgumentException("unknown section '" + section + "'; expected some of "
                        + String.join(",", SECTIONS));
            }
        }
        List<Path> realData = opts.containsKey("real-data")
                ? Arrays.stream(opts.get("real-data").split(",")).map(String::trim).map(Path::of).toList()
                : preset.realData().stream().map(BenchmarkSuite::fromRepositoryRoot).toList();
        if (dryRun) {
            System.out.print(SuitePlan.describe(preset, dir, threads, sections, realData));
            return;
        }
        run(preset, dir, threads, seed, sections, realData);
    }

    /** Runs {@code sections} of {@code preset} into {@code dir}; returns the index written to {@code suite.json}. */
    public static Map<String, Object> run(SuitePreset preset, Path dir, int threads, long seed, List<String> sections,
                                          List<Path> realData) throws IOException {
        Files.createDirectories(dir);
        long start = System.nanoTime();
        Map<String, Object> index = new LinkedHashMap<>();
        index.put(MachineInfo.KEY, MachineInfo.describe(threads));
        index.put("benchmark", "suite");
        index.put("preset", preset.name());
        index.put("seed", seed);
        Map<String, Object> done = new LinkedHashMap<>();
        index.put("sections", done);
        long cpuStart = BenchSupport.processCpuNanos();
        for (String section : sections) {
            long t0 = System.nanoTime();
            long cpu0 = BenchSupport.processCpuNanos();
            List<String> files = switch (section) {
                case "datasets" -> datasets(preset, dir, threads, seed, realData);
                case "quality-sweep" -> {
                    SweepRuns.qualitySweep(preset.qualitySweepArgs(), threads, seed, dir.resolve(QUALITY_SWEEP_FILE));
                    yield List.of(QUALITY_SWEEP_FILE);
                }
                case "toy" -> {
                    ResultFiles.write(dir.resolve(TOY_FILE), ToyPicture.run(preset.toyRows(), threads, seed));
                    yield List.of(TOY_FILE);
                }
                case "k-sweep" -> {
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < preset.kSweeps().size(); i++) {
                        String name = "k-sweep-" + (i + 1) + ".json";
                        SweepRuns.kSweep(preset.kSweeps().get(i), threads, dir.resolve(name));
                        names.add(name);
                    }
                    yield names;
                }
                case "n-sweep" -> {
                    SweepRuns.nSweep(preset.nSweepRows(), preset.nSweepArgs(), threads, dir.resolve(N_SWEEP_FILE));
                    yield List.of(N_SWEEP_FILE);
                }
                case "auto-k" -> {
                    SweepRuns.autoK(preset.autoKArgs(), threads, dir.resolve(AUTO_K_FILE));
                    yield List.of(AUTO_K_FILE);
                }
                case "kernels" -> {
                    if (preset.jmhArgs().isEmpty()) {
                        yield List.of();
                    }
                    SweepRuns.jmh(preset.jmhArgs(), threads, dir.resolve(KERNELS_FILE));
                    yield List.of(KERNELS_FILE);
                }
                default -> throw new IllegalArgumentException("unknown section " + section);
            };
            double seconds = BenchSupport.seconds(t0);
            double cpuSeconds = (BenchSupport.processCpuNanos() - cpu0) / 1e9;
            // CPU seconds too: on a shared machine the wall clock also counts time spent waiting for a core
            done.put(section, Map.of("files", files, "seconds", seconds, "cpu_seconds", cpuSeconds));
            System.err.printf(Locale.ROOT, "suite: %s done in %.1f s (process CPU %.1f s)%n", section, seconds,
                    cpuSeconds);
            index.put("seconds", BenchSupport.seconds(start));
            index.put("cpu_seconds", (BenchSupport.processCpuNanos() - cpuStart) / 1e9);
            ResultFiles.write(dir.resolve(INDEX_FILE), index);
        }
        index.put("seconds", BenchSupport.seconds(start));
        index.put("cpu_seconds", (BenchSupport.processCpuNanos() - cpuStart) / 1e9);
        ResultFiles.write(dir.resolve(INDEX_FILE), index);
        return index;
    }

    private static List<String> datasets(SuitePreset preset, Path dir, int threads, long seed, List<Path> realData) {
        List<SuiteDataset> all = new ArrayList<>(preset.datasets());
        List<Map<String, Object>> skipped = new ArrayList<>();
        for (Path folder : realData) {
            if (Files.isDirectory(folder)) {
                all.add(SuiteDataset.real(folder, preset.realDataCodebookSize()));
            } else {
                skipped.add(Map.of("path", folder.toString(), "reason", "no such dataset folder"));
            }
        }
        List<Map<String, Object>> results = new ArrayList<>();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put(MachineInfo.KEY, MachineInfo.describe(threads));
        report.put("benchmark", "suite-datasets");
        report.put("preset", preset.name());
        report.put("seed", seed);
        report.put("dense_max_iterations", preset.denseMaxIterations());
        report.put("complete", false);
        report.put("skipped", skipped);
        report.put("datasets", results);
        for (SuiteDataset dataset : all) {
            long t0 = System.nanoTime();
            long cpu0 = BenchSupport.processCpuNanos();
            Map<String, Object> result = DatasetRuns.run(dataset, preset, threads, seed);
            result.put("seconds", BenchSupport.seconds(t0));
            result.put("cpu_seconds", (BenchSupport.processCpuNanos() - cpu0) / 1e9);
            results.add(result);
            // rewritten after every dataset, so a long run that is stopped keeps what it measured
            ResultFiles.write(dir.resolve(DATASETS_FILE), report);
            System.err.printf(Locale.ROOT, "suite: dataset %s in %.1f s (process CPU %.1f s)%n", dataset.name(),
                    BenchSupport.seconds(t0), (double) result.get("cpu_seconds"));
        }
        report.put("complete", true);
        ResultFiles.write(dir.resolve(DATASETS_FILE), report);
        return List.of(DATASETS_FILE);
    }

    /** {@code relative} from the repository root: the working directory, or its parent when run in a module. */
    static Path fromRepositoryRoot(String relative) {
        Path here = Path.of(relative);
        Path parent = Path.of("..").resolve(relative);
        return Files.exists(here) || !Files.exists(parent) ? here : parent;
    }
}
