package org.clostera.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.clostera.io.parquet.ParquetVectorSource;

/**
 * Refuses a run whose outputs would overwrite an input or each other, before any work: every path is
 * resolved ({@code ..}, symbolic links, hard links) and compared. An output inside an input folder clashes
 * too (it would be read as a part, or make the folder unreadable, next time).
 */
final class OutputClashes {
    /** A path named on the command line and what named it ("the input", "--output", ...). */
    record Named(String what, Path path) {
    }

    private OutputClashes() {
    }

    /**
     * The first clash as a one-line message naming both paths and options, or null when there is none.
     *
     * @param input   the input file or parquet folder
     * @param outputs output paths by option (null values skipped)
     */
    static String find(Path input, Map<String, Path> outputs, Path spillDir) {
        return find(input, Map.of(), outputs, spillDir);
    }

    /**
     * {@link #find(Path, Map, Path)} with more files that are read ({@code --model}), keyed by what names them.
     */
    static String find(Path input, Map<String, Path> otherInputs, Map<String, Path> outputs, Path spillDir) {
        List<Named> inputs = new ArrayList<>();
        inputs.add(new Named("the input", input));
        otherInputs.forEach((what, path) -> inputs.add(new Named(what, path)));
        boolean folder = Files.isDirectory(input);
        if (folder) {
            for (Path part : ParquetVectorSource.partFiles(input)) {
                inputs.add(new Named("input part", part));
            }
        }
        List<Named> written = new ArrayList<>();
        outputs.forEach((option, path) -> {
            if (path != null) {
                written.add(new Named(option, path));
            }
        });
        for (Named out : written) {
            Path outReal = resolve(out.path());
            for (Named in : inputs) {
                if (same(outReal, out.path(), in.path())) {
                    return out.what() + " " + out.path() + " is the same file as " + in.what() + " " + in.path()
                            + "; choose another output path";
                }
            }
            if (folder && outReal.startsWith(resolve(input))) {
                return out.what() + " " + out.path() + " lies inside the input folder " + input
                        + "; write outputs outside it";
            }
        }
        for (int i = 0; i < written.size(); i++) {
            for (int j = i + 1; j < written.size(); j++) {
                Named a = written.get(i);
                Named b = written.get(j);
                if (same(resolve(a.path()), a.path(), b.path())) {
                    return a.what() + " " + a.path() + " and " + b.what() + " " + b.path()
                            + " name the same file; give each output its own path";
                }
            }
        }
        if (folder && spillDir != null && resolve(spillDir).startsWith(resolve(input))) {
            return "--spill-dir " + spillDir + " lies inside the input folder " + input + "; spill elsewhere";
        }
        return null;
    }

    private static boolean same(Path aReal, Path a, Path b) {
        if (aReal.equals(resolve(b))) {
            return true;
        }
        try {
            // Hard links (and case-insensitive file systems) are only caught by asking the file system.
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The real path: {@code toRealPath} of the longest existing prefix (resolving {@code ..} and links),
     * plus the normalised rest.
     */
    static Path resolve(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return absolute;
        }
    }
}
