package org.clostera.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.clostera.InvalidDataException;
import org.clostera.InvalidParameterException;
import org.clostera.data.VectorSource;
import org.clostera.io.npy.NpyVectorSource;
import org.clostera.io.parquet.ParquetVectorSource;
import org.clostera.io.raw.RawFloatVectorSource;
import org.clostera.io.raw.TexmexVectorSource;

/**
 * Opens a file or folder of vectors, choosing the reader by what the path is:
 * <ul>
 *   <li>a folder, or {@code *.parquet}: {@link ParquetVectorSource} (folder = its {@code *.parquet} part
 *       files), using {@link OpenOptions#columns()} and {@link OpenOptions#batchSize()};</li>
 *   <li>{@code *.npy}: {@link NpyVectorSource};</li>
 *   <li>{@code *.fvecs}, {@code *.bvecs}: {@link TexmexVectorSource};</li>
 *   <li>{@code *.f32}, {@code *.bin}, {@code *.raw}: {@link RawFloatVectorSource} with
 *       {@link OpenOptions#dim()}, which is required.</li>
 * </ul>
 * When a dim is given for a format that stores its own, the two must agree. The caller closes the source.
 */
public final class VectorSources {
    private VectorSources() {
    }

    /** Opens {@code path} with {@link OpenOptions#defaults()}. */
    public static VectorSource open(Path path) {
        return open(path, OpenOptions.defaults());
    }

    /**
     * Opens {@code path} as described in the class comment.
     *
     * @throws InvalidDataException      when the path does not exist, cannot be read, has an unsupported type,
     *                                   or its content is invalid (naming the file, and column/row where known)
     * @throws InvalidParameterException when the options do not fit the file type (no dim for a raw file,
     *                                   columns for a non-parquet file)
     */
    public static VectorSource open(Path path, OpenOptions options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        if (!Files.exists(path)) {
            throw new InvalidDataException("no such file or folder", path.toString(), -1, null, null);
        }
        if (Files.isDirectory(path)) {
            return ParquetVectorSource.open(path, options);
        }
        String name = String.valueOf(path.getFileName()).toLowerCase(Locale.ROOT);
        String extension = name.lastIndexOf('.') < 0 ? "" : name.substring(name.lastIndexOf('.'));
        if (extension.equals(".parquet")) {
            return ParquetVectorSource.open(path, options);
        }
        if (!options.columns().isEmpty()) {
            throw new InvalidParameterException("columns " + options.columns() + " apply to parquet input only, not "
                    + path);
        }
        VectorSource source = switch (extension) {
            case ".npy" -> NpyVectorSource.open(path);
            case ".fvecs", ".bvecs" -> TexmexVectorSource.open(path);
            case ".f32", ".bin", ".raw" -> {
                if (options.dim() <= 0) {
                    throw new InvalidParameterException("the raw float32 file " + path
                            + " stores no dimension: give it (dim / --dim)");
                }
                yield RawFloatVectorSource.open(path, options.dim());
            }
            case ".ivecs" -> throw new InvalidDataException(".ivecs files hold integers (ground truth, labels), not"
                    + " vectors to cluster", path.toString(), -1, null, null);
            default -> throw new InvalidDataException("unsupported file type '" + extension + "': expected .parquet"
                    + " (or a folder of them), .npy, .fvecs, .bvecs, or .f32/.bin/.raw with a dim", path.toString(),
                    -1, null, null);
        };
        if (options.dim() > 0 && source.dim() != options.dim()) {
            int actual = source.dim();
            source.close();
            throw new InvalidDataException("the file holds vectors of dimension " + actual + " but dim "
                    + options.dim() + " was given", path.toString(), -1, null, null);
        }
        return source;
    }
}
