package org.clostera.bench.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaissTableTest {
    private static Map<String, Object> dataset(String name, Map<String, Object> faiss) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("clostera", Map.of(
                "fastest", Map.of("encode_vectors_per_s", 200_000.0, "reconstruction_mse", 0.30, "train_s", 2.5),
                "quality", Map.of("encode_vectors_per_s", 150_000.0, "reconstruction_mse", 0.24, "train_s", 4.0)));
        d.put("peers", Map.of("faiss", faiss));
        return d;
    }

    @Test
    void ratiosAgainstFaissPqAndOpqAndTheReasonWhereItDidNotRun() {
        Map<String, Object> ran = Map.of("status", "ran", "quantizers", List.of(
                Map.of("quantizer", "faiss ProductQuantizer", "encode_vectors_per_s", 20_000, "reconstruction_mse",
                        0.31, "train_s", 12.0),
                Map.of("quantizer", "faiss OPQMatrix + ProductQuantizer", "encode_vectors_per_s", 25_000,
                        "reconstruction_mse", 0.32, "train_s", 38.5)));
        Map<String, Object> failed = Map.of("status", "failed", "reason", "the script exited with 1 | see stderr");
        String table = ReadmeTables.faiss(List.of(dataset("a", ran), dataset("b", failed)));
        assertEquals("""
                | dataset | encode: fastest / faiss PQ | PQ error: clostera / faiss | encode: quality / faiss OPQ \
                | OPQ error: clostera / faiss | train s: fastest, faiss PQ | train s: quality, faiss OPQ |
                | --- | ---: | ---: | ---: | ---: | ---: | ---: |
                | a | 10.0x | 0.968 | 6.0x | 0.750 | 2.50, 12.00 | 4.00, 38.50 |
                | b | faiss failed: the script exited with 1 / see stderr | | | | | |
                """, table);
    }
}
