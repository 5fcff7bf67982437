package org.clostera.cli;

import java.util.List;
import org.clostera.io.OpenOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** How the input vectors are read, shared by {@code cluster} and {@code predict}: parquet columns, raw dimension. */
final class InputOptions {
    @Option(names = "--column", paramLabel = "NAME", split = ",",
            description = "Parquet: the vector column (a list column), or several numeric scalar columns forming "
                    + "the dimensions, comma-separated. Default: the only list column, else all numeric columns.")
    List<String> columns;

    @Option(names = "--dim", paramLabel = "D",
            description = "Dimension of raw float32 input (.f32/.bin/.raw); checked against other formats.")
    Integer dim;

    /** Validated reader options; usage errors before any work. */
    OpenOptions validate(CommandSpec spec) {
        Checks.atLeast(spec, "--dim", dim, 1);
        OpenOptions open = OpenOptions.defaults();
        if (columns != null && !columns.isEmpty()) {
            open = open.withColumns(columns);
        }
        if (dim != null) {
            open = open.withDim(dim);
        }
        return open;
    }
}
