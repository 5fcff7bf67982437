package org.clostera.io;

import java.nio.file.Path;
import java.util.Locale;
import org.clostera.InvalidParameterException;
import org.clostera.data.LabelSink;
import org.clostera.io.npy.NpyLabelSink;
import org.clostera.io.parquet.ParquetLabelSink;

/** Opens a {@link LabelSink} for an output file, choosing the format by its extension. */
public final class LabelSinks {
    private LabelSinks() {
    }

    /**
     * A sink for {@code rows} labels at {@code target}: {@code *.npy} gives an int32 {@code (rows,)} array
     * ({@link NpyLabelSink}), {@code *.parquet} one INT32 column {@code label} ({@link ParquetLabelSink}).
     * Either is written under a temporary name and renamed when complete.
     */
    public static LabelSink create(Path target, long rows) {
        if (target == null) {
            throw new InvalidParameterException("labels path is null");
        }
        String name = String.valueOf(target.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return NpyLabelSink.create(target, rows);
        }
        if (name.endsWith(".parquet")) {
            return ParquetLabelSink.create(target, rows);
        }
        throw new InvalidParameterException("cannot write labels to " + target
                + ": the file name must end in .npy or .parquet");
    }
}
