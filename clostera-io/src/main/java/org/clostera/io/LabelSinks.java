package org.clostera.io;

import java.nio.file.Path;
import java.util.Locale;
import org.clostera.InvalidParameterException;
import org.clostera.data.LabelSink;
import org.clostera.io.csv.CsvLabelSink;
import org.clostera.io.npy.NpyLabelSink;
import org.clostera.io.parquet.ParquetLabelSink;

/** Opens a {@link LabelSink} for an output file, choosing the format by its extension. */
public final class LabelSinks {
    private LabelSinks() {
    }

    /**
     * A sink for {@code rows} labels at {@code target}: {@code *.npy} gives an int32 {@code (rows,)} array
     * ({@link NpyLabelSink}), {@code *.parquet} one INT32 column {@code label} ({@link ParquetLabelSink}),
     * {@code *.csv} a header line {@code label} and one label per line ({@link CsvLabelSink}).
     * Either is written under a temporary name and renamed when complete.
     */
    public static LabelSink create(Path target, long rows) {
        return create(target, target, rows);
    }

    /**
     * Like {@link #create(Path, long)}, but writes to {@code writeTo} in the format {@code target}'s name asks
     * for (a caller that stages several outputs under temporary names and renames them together).
     */
    public static LabelSink create(Path target, Path writeTo, long rows) {
        if (target == null || writeTo == null) {
            throw new InvalidParameterException("labels path is null");
        }
        requireSupportedName(target);
        String name = String.valueOf(target.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return NpyLabelSink.create(writeTo, rows);
        }
        if (name.endsWith(".csv")) {
            return CsvLabelSink.create(writeTo, rows);
        }
        return ParquetLabelSink.create(writeTo, rows);
    }

    /** Throws unless {@code target}'s name ends in {@code .npy}, {@code .parquet} or {@code .csv} (any case). */
    public static void requireSupportedName(Path target) {
        String name = String.valueOf(target.getFileName()).toLowerCase(Locale.ROOT);
        if (!name.endsWith(".npy") && !name.endsWith(".parquet") && !name.endsWith(".csv")) {
            throw new InvalidParameterException("cannot write labels to " + target
                    + ": the file name must end in .npy, .parquet or .csv");
        }
    }
}
