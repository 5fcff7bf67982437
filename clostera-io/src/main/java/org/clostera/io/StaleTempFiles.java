package org.clostera.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds clostera's temporary files by name and the process that made them: every writer names its temp
 * {@code .<target name>.<pid>-<n>.tmp} next to the target, and spill files are
 * {@code clostera-codes-<pid>-<n>.tmp}. A killed run (SIGKILL, power loss) leaves them behind; the next run
 * removes those whose process is gone ({@link #removeDead}), and a run's own shutdown hook removes its own
 * ({@link #removeOwn}).
 */
public final class StaleTempFiles {
    private static final Logger LOG = LoggerFactory.getLogger(StaleTempFiles.class);
    private static final Pattern SIBLING = Pattern.compile("^\\..+\\.(\\d{1,18})-\\d+\\.tmp$");
    private static final Pattern SPILL = Pattern.compile("^clostera-codes-(\\d{1,18})-\\d+\\.tmp$");

    private StaleTempFiles() {
    }

    /** The id of the process that made the clostera temp file called {@code name}, if it is one. */
    public static OptionalLong ownerPid(String name) {
        for (Pattern pattern : new Pattern[] {SIBLING, SPILL}) {
            Matcher m = pattern.matcher(name);
            if (m.matches()) {
                return OptionalLong.of(Long.parseLong(m.group(1)));
            }
        }
        return OptionalLong.empty();
    }

    /** Deletes the temp files in {@code dir} whose process no longer runs; returns how many. */
    public static int removeDead(Path dir) {
        long self = ProcessHandle.current().pid();
        return remove(dir, pid -> pid != self && ProcessHandle.of(pid).isEmpty());
    }

    /** Deletes this process's temp files in {@code dir} (shutdown hooks); returns how many. */
    public static int removeOwn(Path dir) {
        long self = ProcessHandle.current().pid();
        return remove(dir, pid -> pid == self);
    }

    private static int remove(Path dir, java.util.function.LongPredicate owner) {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                OptionalLong pid = ownerPid(entry.getFileName().toString());
                if (pid.isPresent() && owner.test(pid.getAsLong()) && Files.isRegularFile(entry)) {
                    if (Files.deleteIfExists(entry)) {
                        removed++;
                        LOG.info("removed temporary file {} of process {}", entry, pid.getAsLong());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Cleanup is a courtesy: a folder we cannot list or a file we cannot delete stops nothing.
            LOG.debug("could not clean temporary files in {}: {}", dir, e.toString());
        }
        return removed;
    }
}
