package org.clostera.bench.scale;

import java.nio.file.Path;
import java.util.Locale;
import org.clostera.Clusterer;
import org.clostera.ClusteringModel;
import org.clostera.data.RamBudget;
import org.clostera.data.VectorSource;
import org.clostera.io.BudgetedSources;
import org.clostera.io.LabelSinks;
import org.clostera.io.OpenOptions;
import org.clostera.io.store.MappedFileCodeStoreFactory;

/**
 * One clustering run of the scale check, in its own JVM: what {@code clostera cluster INPUT --k K
 * --output LABELS.npy [--max-ram SIZE]} does, built from the library API (so the check works before the
 * CLI has the budget flags). Prints one JSON line with timings.
 *
 * <pre>
 * ScaleCluster INPUT LABELS.npy --k K [--seed S] [--threads T] [--max-ram SIZE] [--spill-dir DIR]
 *              [--codes-output FILE] [--fastest] [--subquantizers M]
 *              [--train-rows N]
 * </pre>
 * Input is opened with {@link BudgetedSources#open} (with {@code --max-ram}, {@code .npy} is read without
 * a memory map so the resident set stays within the budget), labels go to {@link LabelSinks#create}
 * ({@code .npy} or {@code .parquet}).
 */
public final class ScaleCluster {
    private ScaleCluster() {
    }

    public static void main(String[] args) {
        Path input = Path.of(args[0]);
        Path output = Path.of(args[1]);
        int k = 64;
        long seed = 0;
        int threads = 0;
        RamBudget budget = RamBudget.UNLIMITED;
        Path spill = null;
        Path codesOutput = null;
        boolean fastest = false;
        int subquantizers = 0;
        int trainRows = 0;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--k" -> k = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--max-ram" -> budget = RamBudget.parse(args[++i]);
                case "--spill-dir" -> spill = Path.of(args[++i]);
                case "--codes-output" -> codesOutput = Path.of(args[++i]);
                case "--fastest" -> fastest = true;
                case "--subquantizers" -> subquantizers = Integer.parseInt(args[++i]);
                case "--train-rows" -> trainRows = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path spillDir = spill != null ? spill : output.toAbsolutePath().getParent();
        long start = System.nanoTime();
        try (VectorSource source = BudgetedSources.open(input, OpenOptions.defaults(), budget)) {
            Clusterer.Builder builder = Clusterer.builder().k(k).seed(seed).threads(threads).fastest(fastest)
                    .subquantizers(subquantizers)
                    .ramBudget(budget)
                    .codeStoreFactory(new MappedFileCodeStoreFactory(spillDir)).codesOutputPath(codesOutput);
            if (trainRows > 0) {
                builder.trainRows(trainRows);
            }
            ClusteringModel c = builder.build().fit(source, LabelSinks.create(output, source.rows()));
            ClusteringModel.Timings t = c.timings();
            System.out.printf(Locale.ROOT, "{\"rows\": %d, \"dim\": %d, \"k\": %d, \"maxRam\": \"%s\","
                            + " \"train_s\": %.2f,"
                            + " \"encode_s\": %.2f, \"cluster_s\": %.2f, \"total_s\": %.2f, \"iterations\": %d,"
                            + " \"wall_s\": %.2f}%n", source.rows(), source.dim(), k, budget, t.trainSeconds(),
                    t.encodeSeconds(), t.clusterSeconds(), t.totalSeconds(), c.iterationsRun(),
                    (System.nanoTime() - start) / 1e9);
        }
    }
}
