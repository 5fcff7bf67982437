package org.clostera.bench.suite;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and writes the suite's JSON files (written to a temporary name, then renamed). */
public final class ResultFiles {
    /** Reads NaN too: the benchmark mains write it for a median of nothing (e.g. no timed iteration). */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private ResultFiles() {
    }

    /** Writes {@code value} as indented JSON onto {@code target}, replacing it only once complete. */
    public static void write(Path target, Object value) {
        Path absolute = target.toAbsolutePath();
        Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try {
            Files.createDirectories(absolute.getParent());
            JSON.writeValue(temp.toFile(), value);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the write failure is the one to report
            }
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** The JSON object in {@code file}, keys in file order. */
    public static Map<String, Object> read(Path file) {
        try {
            return JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JSON object in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts {@link MachineInfo} first in the JSON object of {@code file} (written by one of the existing
     * benchmark mains, which describe the machine more briefly), keeping their description as
     * {@code machine_reported}.
     */
    public static void stampMachine(Path file, int threads) {
        Map<String, Object> old = read(file);
        Map<String, Object> stamped = new LinkedHashMap<>();
        stamped.put(MachineInfo.KEY, MachineInfo.describe(threads));
        if (old.containsKey(MachineInfo.KEY)) {
            stamped.put("machine_reported", old.remove(MachineInfo.KEY));
        }
        stamped.putAll(old);
        write(file, stamped);
    }
}
