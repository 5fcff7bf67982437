package org.clostera.bench.charts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Publishes a suite result folder: the PNG charts into {@code --assets} and the tables between the marker
 * comments of each {@code --readme} file.
 *
 * <pre>
 * java -cp clostera-bench/target/benchmarks.jar org.clostera.bench.charts.Publish \
 *     --results benchmarks/results/suite-small --assets docs/assets --readme README.md --readme docs/SHOWCASE.md
 * </pre>
 */
public final class Publish {
    private Publish() {
    }

    public static void main(String[] args) {
        Path results = null;
        Path assets = Path.of("docs/assets");
        List<Path> readmes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value; usage: Publish --results DIR"
                        + " [--assets DIR] [--readme FILE ...]");
            }
            switch (args[i]) {
                case "--results" -> results = Path.of(args[++i]);
                case "--assets" -> assets = Path.of(args[++i]);
                case "--readme" -> readmes.add(Path.of(args[++i]));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: Publish --results DIR [--assets DIR] [--readme FILE ...]");
            }
        }
        if (results == null) {
            throw new IllegalArgumentException("--results DIR is required (a folder written by BenchmarkSuite)");
        }
        publish(results, assets, readmes);
    }

    /** Charts and tables from {@code results}; returns the chart file names. */
    public static List<String> publish(Path results, Path assets, List<Path> readmes) {
        System.setProperty("java.awt.headless", "true"); // charts are drawn off screen, also on machines with a display
        SuiteResults suite = SuiteResults.read(results);
        List<String> charts = ChartRenderer.render(suite, assets);
        System.out.println("charts in " + assets + ": " + String.join(", ", charts));
        Map<String, String> tables = ReadmeTables.tables(suite);
        for (Path readme : readmes) {
            int blocks = ReadmeTables.regenerate(readme, tables);
            System.out.println(readme + ": " + blocks + " table(s) regenerated");
        }
        return charts;
    }
}
