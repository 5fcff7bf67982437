package org.clostera.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clostera.data.RamBudget;
import org.clostera.io.npy.NpyLabels;
import org.clostera.io.npy.NpyVectorSource;
import org.clostera.io.synthetic.SyntheticDataset;
import org.clostera.io.synthetic.SyntheticWriter;

/**
 * The "data at scale" check: clusters a generated N x D float32 dataset (as {@code .npy} and, with
 * {@code --formats npy,parquet}, as parquet) in child JVMs, once without a budget and once with
 * {@code --max-ram}, and checks that every budgeted run stays under the peak-RSS limit and gives exactly
 * the labels of the unbudgeted run on the same file (and that all formats agree). A budget so small that
 * it clamps the encoder's training sample (below {@code 16 x trainRows x D} bytes) changes the codebooks
 * and therefore the labels; with the defaults (D = 256, M = 16) 1g neither clamps nor spills, and
 * {@code --subquantizers 64 --max-ram 256m} spills the codes without clamping (scaled down:
 * {@code --rows 400000 --subquantizers 64 --train-rows 8192 --max-ram 32m}).
 *
 * <pre>
 * java -cp clostera-bench/target/benchmarks.jar org.clostera.bench.scale.ScaleCheck \
 *     [--rows 4000000] [--dim 256] [--clusters 64] [--k 64] [--max-ram 1g] [--xmx 2g] [--rss-limit 2.5g] \
 *     [--formats npy,parquet] [--work DIR] [--threads T] [--seed S] [--fastest] [--subquantizers M]
 *     [--train-rows N] [--cli CLI.jar]
 * </pre>
 *
 * <p>Each run is a separate JVM ({@code -Xmx} as given) under {@code /usr/bin/time -v}, whose "Maximum
 * resident set size" is the peak RSS; without it, {@code VmHWM} from {@code /proc/PID/status} is polled.
 * Runs use {@link ScaleCluster} (the library API), or with {@code --cli} the CLI jar:
 * {@code java -jar CLI.jar cluster INPUT --k K --seed S --output LABELS.npy [--max-ram SIZE] --quiet}.
 * Data files are generated once into the work folder and reused. Prints a table and writes
 * {@code scale-check.json} there; exits with 1 when a check fails.
 */
public final class ScaleCheck {
    private static final Pattern TIME_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

    private long rows = 4_000_000;
    private int dim = 256;
    private int clusters = 64;
    private int k = 64;
    private long seed;
    private int threads;
    private String maxRam = "1g";
    private String xmx = "2g";
    private long rssLimit = RamBudget.parseBytes("2.5g");
    private List<String> formats = List.of("npy");
    private Path work = Path.of("scale-check");
    private Path cliJar;
    private boolean fastest;
    private int subquantizers;
    private int trainRows;

    /** Outcome of one child run. */
    record Run(String format, boolean budgeted, double seconds, long peakRssBytes, int exitCode, Path labels,
               String summary) {
    }

    public static void main(String[] args) throws Exception {
        ScaleCheck check = new ScaleCheck();
        check.parse(args);
        System.exit(check.run() ? 0 : 1);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(v);
                case "--dim" -> dim = Integer.parseInt(v);
                case "--clusters" -> clusters = Integer.parseInt(v);
                case "--k" -> k = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--max-ram" -> maxRam = v;
                case "--xmx" -> xmx = v;
                case "--rss-limit" -> rssLimit = RamBudget.parseBytes(v);
                case "--formats" -> formats = Arrays.asList(v.split(","));
                case "--work" -> work = Path.of(v);
                case "--cli" -> cliJar = Path.of(v);
                case "--subquantizers" -> subquantizers = Integer.parseInt(v);
                case "--train-rows" -> trainRows = Integer.parseInt(v);
                case "--fastest" -> {
                    fastest = true;
                    continue;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
    }

    private boolean run() throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path npy = work.resolve("vectors-" + rows + "x" + dim + ".npy");
        if (!Files.exists(npy)) {
            log("generating " + npy);
            SyntheticDataset data = SyntheticDataset.builder().rows(rows).dim(dim).clusters(clusters).seed(42).build();
            Path tmp = Files.createDirectories(work.resolve("generate.tmp"));
            SyntheticWriter.write(data, tmp, Math.max(1, Runtime.getRuntime().availableProcessors()));
            Files.move(tmp.resolve(SyntheticWriter.VECTORS_FILE), npy);
            Files.deleteIfExists(tmp.resolve(SyntheticWriter.LABELS_FILE));
            Files.delete(tmp);
        }
        Map<String, Path> inputs = new LinkedHashMap<>();
        for (String format : formats) {
            switch (format) {
                case "npy" -> inputs.put(format, npy);
                case "parquet" -> {
                    Path parquet = work.resolve("vectors-" + rows + "x" + dim + ".parquet");
                    if (!Files.exists(parquet)) {
                        log("writing " + parquet);
                        try (NpyVectorSource source = NpyVectorSource.open(npy)) {
                            ParquetVectorsWriter.write(source, parquet);
                        }
                    }
                    inputs.put(format, parquet);
                }
                default -> throw new IllegalArgumentException("unknown format " + format);
            }
        }
        List<Run> runs = new ArrayList<>();
        for (Map.Entry<String, Path> input : inputs.entrySet()) {
            runs.add(runChild(input.getKey(), input.getValue(), false));
            runs.add(runChild(input.getKey(), input.getValue(), true));
        }
        return report(runs);
    }

    private Run runChild(String format, Path input, boolean budgeted) throws IOException, InterruptedException {
        String name = format + (budgeted ? "-budget-" + maxRam : "-unbudgeted");
        Path labels = work.resolve("labels-" + name + ".npy");
        Path log = work.resolve("run-" + name + ".log");
        Files.deleteIfExists(labels);
        List<String> command = new ArrayList<>();
        boolean timeAvailable = Files.isExecutable(Path.of("/usr/bin/time"));
        if (timeAvailable) {
            command.addAll(List.of("/usr/bin/time", "-v"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + xmx);
        command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        if (cliJar != null) {
            command.addAll(List.of("-jar", cliJar.toString(), "cluster", input.toString(), "--k", String.valueOf(k),
                    "--seed", String.valueOf(seed), "--output", labels.toString(), "--quiet"));
            if (budgeted) {
                command.addAll(List.of("--max-ram", maxRam));
            }
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScaleCluster.class.getName(),
                    input.toString(), labels.toString(), "--k", String.valueOf(k), "--seed", String.valueOf(seed)));
            if (budgeted) {
                command.addAll(List.of("--max-ram", maxRam));
            }
        }
        if (threads > 0) {
            command.addAll(List.of("--threads", String.valueOf(threads)));
        }
        if (fastest) {
            command.add("--fastest");
        }
        if (subquantizers > 0) {
            command.addAll(List.of("--subquantizers", String.valueOf(subquantizers)));
        }
        if (trainRows > 0) {
            command.addAll(List.of("--train-rows", String.valueOf(trainRows)));
        }
        log("run " + name + ": " + String.join(" ", command));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long polledHwm = 0;
        Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
        while (!process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (!timeAvailable) {
                polledHwm = Math.max(polledHwm, vmHwm(status));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String output = Files.readString(log);
        long peak = polledHwm;
        Matcher m = TIME_RSS.matcher(output);
        if (m.find()) {
            peak = Long.parseLong(m.group(1)) * 1024;
        }
        String summary = output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("");
        Run run = new Run(format, budgeted, seconds, peak, process.exitValue(), labels, summary);
        log(String.format(Locale.ROOT, "  exit %d, %.1f s, peak RSS %s %s", run.exitCode(), seconds,
                RamBudget.format(peak), summary));
        return run;
    }

    private static long vmHwm(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process just ended.
        }
        return 0;
    }

    private boolean report(List<Run> runs) throws IOException {
        int[] reference = null;
        boolean ok = true;
        StringBuilder json = new StringBuilder("{\n  \"rows\": " + rows + ", \"dim\": " + dim + ", \"k\": " + k
                + ", \"maxRam\": \"" + maxRam + "\", \"xmx\": \"" + xmx + "\", \"rssLimit\": " + rssLimit
                + ", \"runner\": \"" + (cliJar != null ? "cli" : "ScaleCluster") + "\",\n  \"runs\": [\n");
        System.out.printf(Locale.ROOT, "%-10s %-10s %9s %12s %8s %s%n", "format", "budget", "seconds", "peak RSS",
                "labels", "checks");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            List<String> failures = new ArrayList<>();
            String labelsState = "-";
            if (r.exitCode() != 0) {
                failures.add("exit code " + r.exitCode());
            } else {
                int[] labels = NpyLabels.read(r.labels());
                if (reference == null) {
                    reference = labels;
                    labelsState = "reference";
                } else {
                    labelsState = Arrays.equals(labels, reference) ? "same" : "DIFFERENT";
                    if (!Arrays.equals(labels, reference)) {
                        failures.add("labels differ from the first run");
                    }
                }
            }
            if (r.budgeted() && r.peakRssBytes() > rssLimit) {
                failures.add("peak RSS " + RamBudget.format(r.peakRssBytes()) + " over " + RamBudget.format(rssLimit));
            }
            ok &= failures.isEmpty();
            System.out.printf(Locale.ROOT, "%-10s %-10s %9.1f %12s %8s %s%n", r.format(),
                    r.budgeted() ? maxRam : "none", r.seconds(), RamBudget.format(r.peakRssBytes()), labelsState,
                    failures.isEmpty() ? "ok" : String.join("; ", failures));
            json.append(String.format(Locale.ROOT, "    {\"format\": \"%s\", \"maxRam\": %s, \"seconds\": %.2f,"
                            + " \"peakRssBytes\": %d, \"exitCode\": %d, \"labels\": \"%s\", \"ok\": %s,"
                            + " \"child\": %s}%s%n",
                    r.format(), r.budgeted() ? "\"" + maxRam + "\"" : "null", r.seconds(), r.peakRssBytes(),
                    r.exitCode(), labelsState, failures.isEmpty(), r.summary().isEmpty() ? "null" : r.summary(),
                    i + 1 < runs.size() ? "," : ""));
        }
        json.append("  ],\n  \"ok\": ").append(ok).append("\n}\n");
        Files.writeString(work.resolve("scale-check.json"), json);
        System.out.println(ok ? "scale check passed" : "scale check FAILED");
        return ok;
    }

    private static void log(String message) {
        System.out.println("[scale-check] " + message);
    }
}
