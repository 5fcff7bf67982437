package org.clostera.bench.suite;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clostera.bench.autok.AutoKSweep;
import org.clostera.bench.quality.QualitySweep;
import org.clostera.bench.scale.KSweep;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The suite's sweeps: each one of the existing benchmark mains run in this JVM with the preset's arguments,
 * its JSON then stamped with {@link MachineInfo}.
 */
final class SweepRuns {
    private SweepRuns() {
    }

    /** {@code KSweep} with {@code args}; its JSON in {@code output}. */
    static void kSweep(List<String> args, int threads, Path output) throws IOException {
        KSweep.main(withThreadsAndOutput(args, threads, output));
        ResultFiles.stampMachine(output, threads);
    }

    /**
     * {@code PipelineBenchmark} at each of {@code rows} (one untimed warm-up run at the first N before them, so
     * the JIT is not charged to it), all in one JSON: {@code runs}, one report per N.
     */
    static void nSweep(List<Integer> rows, List<String> args, int threads, Path output) throws IOException {
        Path part = output.resolveSibling(output.getFileName() + ".part.json");
        try {
            List<Object> runs = new ArrayList<>();
            for (int i = -1; i < rows.size(); i++) {
                List<String> run = new ArrayList<>(args);
                run.addAll(List.of("--rows", String.valueOf(rows.get(Math.max(i, 0)))));
                PipelineBenchmark.main(withThreadsAndOutput(run, threads, part));
                if (i >= 0) {
                    runs.add(ResultFiles.read(part));
                }
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put(MachineInfo.KEY, MachineInfo.describe(threads));
            report.put("benchmark", "n-sweep");
            report.put("arguments", args);
            report.put("rows", rows);
            report.put("runs", runs);
            ResultFiles.write(output, report);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** {@code AutoKSweep} with {@code args}. */
    static void autoK(List<String> args, int threads, Path output) throws IOException {
        AutoKSweep.main(withThreadsAndOutput(args, threads, output));
        ResultFiles.stampMachine(output, threads);
    }

    /** {@code QualitySweep} with {@code args} (the preset's subset of its datasets). */
    static void qualitySweep(List<String> args, int threads, long seed, Path output) throws IOException {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--seed", String.valueOf(seed), "--label", "suite"));
        QualitySweep.main(withThreadsAndOutput(all, threads, output));
        ResultFiles.stampMachine(output, threads);
    }

    /** JMH with {@code args} (e.g. {@code KernelsBenchmark -f 1}); its results under {@code results}. */
    static void jmh(List<String> args, int threads, Path output) throws IOException {
        Path raw = output.resolveSibling(output.getFileName() + ".jmh.json");
        try {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("-foe", "true", "-rf", "json", "-rff", raw.toString()));
            new Runner(new CommandLineOptions(all.toArray(String[]::new))).run();
            List<Object> results = new ObjectMapper().readValue(raw.toFile(), new TypeReference<List<Object>>() { });
            Map<String, Object> report = new LinkedHashMap<>();
            report.put(MachineInfo.KEY, MachineInfo.describe(threads));
            report.put("benchmark", "jmh-kernels");
            report.put("arguments", args);
            report.put("results", results);
            ResultFiles.write(output, report);
        } catch (RunnerException | CommandLineOptionException e) {
            throw new IllegalStateException("JMH failed (" + String.join(" ", args) + "): " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    private static String[] withThreadsAndOutput(List<String> args, int threads, Path output) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--threads", String.valueOf(threads), "--output", output.toString()));
        return all.toArray(String[]::new);
    }
}
