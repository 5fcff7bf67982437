package org.clostera.bench.charts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.clostera.bench.suite.BenchmarkSuite;
import org.clostera.bench.suite.ResultFiles;

/**
 * A suite result folder as read by the charts and the tables: each section's JSON, absent when that section
 * did not run. Lookups go through small helpers so a missing key fails with its path, not a cast error.
 */
record SuiteResults(Path folder, Map<String, Object> datasets, Map<String, Object> qualitySweep, Map<String, Object> toy,
                    List<Map<String, Object>> kSweeps, Map<String, Object> nSweep, Map<String, Object> autoK,
                    Map<String, Object> kernels) {

    static SuiteResults read(Path folder) {
        if (!Files.isRegularFile(folder.resolve(BenchmarkSuite.INDEX_FILE))) {
            throw new IllegalArgumentException(folder + " holds no " + BenchmarkSuite.INDEX_FILE
                    + ": not a suite result folder (run org.clostera.bench.suite.BenchmarkSuite first)");
        }
        List<Map<String, Object>> kSweeps = new ArrayList<>();
        for (int i = 1; Files.isRegularFile(folder.resolve("k-sweep-" + i + ".json")); i++) {
            kSweeps.add(ResultFiles.read(folder.resolve("k-sweep-" + i + ".json")));
        }
        return new SuiteResults(folder, optional(folder, BenchmarkSuite.DATASETS_FILE),
                optional(folder, BenchmarkSuite.QUALITY_SWEEP_FILE), optional(folder, BenchmarkSuite.TOY_FILE), kSweeps, optional(folder, BenchmarkSuite.N_SWEEP_FILE),
                optional(folder, BenchmarkSuite.AUTO_K_FILE), optional(folder, BenchmarkSuite.KERNELS_FILE));
    }

    private static Map<String, Object> optional(Path folder, String name) {
        Path file = folder.resolve(name);
        return Files.isRegularFile(file) ? ResultFiles.read(file) : null;
    }

    /** The datasets of {@code datasets.json} (empty when the section did not run). */
    List<Map<String, Object>> datasetList() {
        return datasets == null ? List.of() : list(datasets, "datasets");
    }

    /** The value at {@code path} (keys separated by dots) in {@code json}. */
    static Object at(Map<String, Object> json, String path) {
        Object value = json;
        for (String key : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new IllegalArgumentException("suite JSON lacks '" + path + "' (at '" + key + "')");
            }
            value = map.get(key);
        }
        return value;
    }

    static double number(Map<String, Object> json, String path) {
        Object value = at(json, path);
        if (value instanceof String text && List.of("NaN", "Infinity", "-Infinity").contains(text)) {
            return Double.parseDouble(text); // Jackson writes non-finite doubles as these strings
        }
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("suite JSON: '" + path + "' is not a number: " + value);
        }
        return n.doubleValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> json, String path) {
        return (Map<String, Object>) at(json, path);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> json, String path) {
        return (List<Map<String, Object>>) at(json, path);
    }
}
