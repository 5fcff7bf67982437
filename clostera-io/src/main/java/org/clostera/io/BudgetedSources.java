package org.clostera.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.clostera.data.RamBudget;
import org.clostera.data.VectorSource;
import org.clostera.io.npy.NpyStreamVectorSource;

/**
 * Opens input for a fit under a {@link RamBudget}. A memory-mapped file that is read end to end stays
 * in the process's resident set until the OS reclaims it, so under a budget a little-endian float32
 * {@code .npy} file is read with unmapped positional reads ({@link NpyStreamVectorSource}); parquet
 * already streams one row group at a time. Everything else, and every input without a budget, goes
 * through {@link VectorSources#open(Path, OpenOptions)}. Values and rows are the same either way.
 */
public final class BudgetedSources {
    private BudgetedSources() {
    }

    /** Opens {@code path} for a fit with {@code budget} (null = unlimited). */
    public static VectorSource open(Path path, OpenOptions options, RamBudget budget) {
        boolean budgeted = budget != null && !budget.unlimited();
        String name = String.valueOf(path.getFileName()).toLowerCase(Locale.ROOT);
        if (budgeted && name.endsWith(".npy") && Files.isRegularFile(path) && options.columns().isEmpty()
                && options.dim() <= 0) {
            try (VectorSource probe = VectorSources.open(path, options)) {
                // Validates the file as usual; the stream reader handles little-endian float32 only.
                if (probe instanceof org.clostera.io.npy.NpyVectorSource npy
                        && npy.header().dtype().itemSize() == 4
                        && npy.header().dtype().order() == java.nio.ByteOrder.LITTLE_ENDIAN) {
                    return NpyStreamVectorSource.open(path);
                }
            }
        }
        return VectorSources.open(path, options);
    }
}
