package org.clostera.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.io.synthetic.SyntheticDataset;

/** Helpers the benchmark mains share: option pairs, clocks, generated data in memory. */
public final class BenchSupport {
    private BenchSupport() {
    }

    /** Warnings only from slf4j-simple unless the caller chose a level: a sweep's console is its table. */
    public static void quietLogsByDefault() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    /** {@code --name value} pairs, in order. */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + String.join(" ", args));
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }

    /** Seconds since {@code startNanos} ({@link System#nanoTime}). */
    public static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** CPU time of this process (all threads), in nanoseconds: less sensitive to a shared machine than wall time. */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Generates the whole dataset into one row-major array, in parallel blocks. */
    public static float[] materialise(SyntheticDataset dataset, int threads) {
        int rows = Math.toIntExact(dataset.rows());
        int dim = dataset.dim();
        float[] data = new float[Math.multiplyExact(rows, dim)];
        int block = 4096;
        int blocks = (rows + block - 1) / block;
        try (WorkerPool pool = new WorkerPool(threads)) {
            pool.run(blocks, b -> {
                int first = b * block;
                int count = Math.min(block, rows - first);
                dataset.read(first, count, data, first * dim);
            });
        }
        return data;
    }
}
