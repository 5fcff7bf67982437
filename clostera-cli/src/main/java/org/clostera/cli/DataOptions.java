package org.clostera.cli;

import java.nio.file.Path;
import org.clostera.ClosteraException;
import org.clostera.data.RamBudget;
import org.clostera.io.OpenOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Options of {@code cluster} for large inputs: columns, memory budget, spill and reusable outputs (codes, encoder, model). */
final class DataOptions {
    @Mixin
    InputOptions input = new InputOptions();

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

    @Option(names = "--save-model", paramLabel = "MODEL",
            description = "Save the fitted model (encoder and centers) to this file, for 'clostera predict --model'.")
    Path saveModel;

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
        OpenOptions open = input.validate(spec);
        return new ClusterRun.Data(open, budget, spillDir, codesOutput, encoderOutput, saveModel);
    }
}
