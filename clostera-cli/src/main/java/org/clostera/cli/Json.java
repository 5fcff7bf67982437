package org.clostera.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** JSON output of reports and metrics: pretty-printed, written atomically. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** The value as pretty-printed JSON. */
    static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the value as JSON to {@code file} (temporary name, then rename). */
    static void write(Path file, Object value) throws IOException {
        String json = toJson(value) + System.lineSeparator();
        AtomicFiles.write(file, temp -> java.nio.file.Files.writeString(temp, json));
    }
}
