package org.clostera.io.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary files still in use, deleted at JVM exit if their owner never got to close them (a killed
 * fit, {@code System.exit} in the middle of a run). One shutdown hook for all of them; files leave the
 * set when deleted or committed, so nothing accumulates.
 */
final class TempFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : LIVE) {
                deleteQuietly(p);
            }
        }, "clostera-temp-cleanup"));
    }

    private TempFiles() {
    }

    /** Tracks {@code file} until it is deleted or forgotten. */
    static void register(Path file) {
        LIVE.add(file);
    }

    /** Stops tracking {@code file} (it became a kept output). */
    static void forget(Path file) {
        LIVE.remove(file);
    }

    /** Deletes {@code file} now and stops tracking it. */
    static void delete(Path file) {
        deleteQuietly(file);
        LIVE.remove(file);
    }

    /** Files currently tracked (tests). */
    static Set<Path> live() {
        return Set.copyOf(LIVE);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete temporary file {}: {}", file, e.toString());
        }
    }
}
