package org.clostera.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clostera.io.IoReasons;
import org.clostera.io.OutputFileException;
import org.clostera.io.StaleTempFiles;

/**
 * The output files of one run, committed together: each output is written to a temporary sibling
 * ({@code .<name>.<pid>-0.tmp}) handed out by {@link #stage}; {@link #commit} renames them into place only
 * after every one was written, and {@link #rollback} (any failure) deletes them all, so a failed run leaves
 * no output at all, not even the labels. Outputs are made {@code 0644}. {@link #open} creates missing output folders and removes the
 * temp files of dead runs there; a shutdown hook removes this run's temps on SIGINT/SIGTERM.
 */
final class RunOutputs {
    /** Runs in progress in this JVM, for the shutdown hook. */
    private static final Set<RunOutputs> ACTIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (RunOutputs run : ACTIVE) {
                run.removeTemps();
            }
        }, "clostera-output-cleanup"));
    }

    /** One output: the option that named it, the path as given, and its temporary sibling. */
    record Output(String option, Path path, Path stage) {
    }

    private final Map<String, Output> outputs = new LinkedHashMap<>();
    private final Set<Path> cleanDirs = new LinkedHashSet<>();
    private final List<Path> createdDirs = new ArrayList<>();

    private RunOutputs() {
    }

    /** Outputs keyed by option ({@code --output}, {@code --report}, ...); null paths are left out. */
    static RunOutputs of(Map<String, Path> byOption, Path spillDir) {
        RunOutputs run = new RunOutputs();
        long pid = ProcessHandle.current().pid();
        for (Map.Entry<String, Path> e : byOption.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            Path absolute = e.getValue().toAbsolutePath().normalize();
            Path stage = absolute.resolveSibling("." + absolute.getFileName() + "." + pid + "-0.tmp");
            run.outputs.put(e.getKey(), new Output(e.getKey(), e.getValue(), stage));
            run.cleanDirs.add(absolute.getParent());
        }
        if (spillDir != null) {
            run.cleanDirs.add(spillDir.toAbsolutePath().normalize());
        }
        return run;
    }

    /** The outputs, in option order. */
    List<Output> outputs() {
        return List.copyOf(outputs.values());
    }

    /**
     * Creates missing output folders (exit 3 naming the option when that fails), removes the temp files of
     * dead runs in them and in the spill folder, and arms the shutdown hook.
     */
    void open() {
        for (Output output : outputs.values()) {
            Path absolute = output.path().toAbsolutePath();
            if (Files.isDirectory(absolute)) {
                throw new OutputFileException(output.path(), "is a folder (" + output.option() + " needs a file name)",
                        null);
            }
            createParents(output, absolute.getParent());
        }
        for (Path dir : cleanDirs) {
            StaleTempFiles.removeDead(dir);
        }
        ACTIVE.add(this);
    }

    private void createParents(Output output, Path dir) {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        createParents(output, dir.getParent());
        try {
            Files.createDirectory(dir);
            createdDirs.add(dir);
        } catch (FileAlreadyExistsException e) {
            throw new OutputFileException(output.path(), dir + " is a file, not a folder", e);
        } catch (IOException e) {
            throw new OutputFileException(output.path(), "cannot create the folder " + dir + ": "
                    + IoReasons.reason(e), e);
        }
    }

    /** Where the output of {@code option} is written until {@link #commit}, or null when it is not requested. */
    Path stage(String option) {
        Output output = outputs.get(option);
        return output == null ? null : output.stage();
    }

    /**
     * Renames every staged output into place; all were written before. A staged file that is missing means
     * its writer never finished: nothing is renamed then.
     */
    void commit() {
        for (Output output : outputs.values()) {
            if (!Files.isRegularFile(output.stage())) {
                throw new IllegalStateException(output.option() + " was not written before the commit");
            }
        }
        for (Output output : outputs.values()) {
            try {
                readableByAll(output.stage());
                AtomicFiles.move(output.stage(), output.path().toAbsolutePath());
            } catch (IOException e) {
                throw new OutputFileException(output.path(), IoReasons.reason(e), e);
            }
        }
        ACTIVE.remove(this);
    }

    /**
     * Makes an output {@code rw-r--r--} (0644) whatever the writer created it with, as files a user shares
     * are expected to be; a file system without POSIX permissions keeps its own.
     */
    static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, OUTPUT_PERMISSIONS);
        } catch (UnsupportedOperationException e) {
            // Not POSIX (Windows): the platform's defaults apply.
        }
    }

    private static final Set<PosixFilePermission> OUTPUT_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    /** Deletes every staged output and this run's temp files, and the folders {@link #open} created if empty. */
    void rollback() {
        removeTemps();
        for (int i = createdDirs.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(createdDirs.get(i)); // fails (and stays) when not empty
            } catch (IOException ignored) {
                // Not empty or not ours to remove any more: leave it.
            }
        }
        ACTIVE.remove(this);
    }

    /**
     * The message with every temporary name of this run (staged outputs and the writers' own temps next to
     * them) replaced by the path the user gave, so no temp name reaches the user.
     */
    String userMessage(String message) {
        String text = message;
        for (Output output : outputs.values()) {
            Path stage = output.stage();
            String writerTemp = stage.resolveSibling("." + stage.getFileName()) + ".";
            String user = Matcher.quoteReplacement(output.path().toString());
            text = text.replaceAll(Pattern.quote(writerTemp) + "\\d+-\\d+\\.tmp", user);
            text = text.replace(stage.toString(), output.path().toString());
        }
        return text;
    }

    private void removeTemps() {
        for (Output output : outputs.values()) {
            try {
                Files.deleteIfExists(output.stage());
            } catch (IOException ignored) {
                // The shutdown or failure path: best effort, the next run removes what is left.
            }
        }
        for (Path dir : cleanDirs) {
            StaleTempFiles.removeOwn(dir);
        }
    }
}
