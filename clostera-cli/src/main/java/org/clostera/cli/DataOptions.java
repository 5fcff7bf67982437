package org.clostera.cli;

import java.nio.file.Path;
import java.util.List;
import org.clostera.ClosteraException;
import org.clostera.data.RamBudget;
import org.clostera.io.OpenOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Options of {@code cluster} for large inputs: columns, memory budget, spill and reusable outputs. */
final class DataOptions {
    @Option(names = "--column", paramLabel = "NAME", split = ",",
            description = "Parquet: the vector column (a list column), or several numeric scalar columns forming "
                    + "the dimensions, comma-separated. Default: the only list column, else all numeric columns.")
    List<String> columns;

    @Option(names = "--dim", paramLabel = "D",
            description = "Dimension of raw float32 input (.f32/.bin/.raw); checked against other formats.")
    Integer dim;

    @Option(names = "--max-ram", paramLabel = "SIZE",
            description = "Memory budget for the data of the fit, e.g. 8g, 512m: bounds the training sample and "
                    + "encode batches; codes that do not fit spill to a temporary file (removed at the end). "
                    + "Default: unlimited (codes in heap).")
    String maxRam;

    @Option(names = "--spill-dir", paramLabel = "DIR",
            description = "Directory for spilled codes (default: the system temp directory).")
    Path spillDir;

    @Option(names = "--codes-output", paramLabel = "CODES.bin",
            description = "Keep the PQ codes of the fit in this file for reuse (with --encoder-output).")
    Path codesOutput;

    @Option(names = "--encoder-output", paramLabel = "ENCODER.bin",
            description = "Save the trained encoder (codebooks, and the rotation for OPQ) to this file.")
    Path encoderOutput;

    /** Validated values; usage errors before any work. */
    ClusterRun.Data validate(CommandSpec spec) {
        RamBudget budget = null;
        if (maxRam != null) {
            try {
                budget = RamBudget.parse(maxRam);
            } catch (ClosteraException | IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--max-ram: " + e.getMessage());
            }
        }
        Checks.atLeast(spec, "--dim", dim, 1);
        OpenOptions open = OpenOptions.defaults();
        if (columns != null && !columns.isEmpty()) {
            open = open.withColumns(columns);
        }
        if (dim != null) {
            open = open.withDim(dim);
        }
        return new ClusterRun.Data(open, budget, spillDir, codesOutput, encoderOutput);
    }
}
