package org.clostera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's JSON field names are a contract with scripts. */
class ClusterReportJsonTest {

    @TempDir
    Path dir;

    private static ClusterReport report(Double rotationSeconds, String mode) {
        return new ClusterReport("in.npy", "out.npy", 5000, 32, 8, mode, 8, 256,
                rotationSeconds == null ? null : 3, null, 20, 7, 42, 2, "scalar",
                new ClusterReport.Timings(1.5, rotationSeconds, 0.5, 0.25, 0.1, 0.05, 0.04, null, 2.25, 0.01, 0.02, 2.5),
                0.125, 5000, new double[] {10, 9, 8.5}, new double[] {0, 0.5, 0.75}, 8.5,
                new long[] {600, 650, 600, 650, 600, 650, 600, 650},
                10000, 35.7, 3, null, "0.1.0-SNAPSHOT", "25", null, null, null, "l2");
    }

    @Test
    void fieldsAreSnakeCaseInAStableOrder() throws Exception {
        Path file = dir.resolve("report.json");
        Json.write(file, report(0.75, "opq"));
        JsonNode json = new ObjectMapper().readTree(Files.readString(file));

        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("input", "output", "rows", "dim", "k", "mode", "metric", "subquantizers",
                "codebook_size", "opq_iterations", "max_iterations", "iterations_run", "seed", "threads", "kernels",
                "timings", "reconstruction_mse", "reconstruction_sample_rows", "inertia_history",
                "pruned_fraction_history", "final_inertia", "cluster_sizes", "encode_vectors_per_s",
                "cluster_ms_per_iteration", "refinement_moves", "clostera_version", "java");
        List<String> timings = new ArrayList<>();
        json.get("timings").fieldNames().forEachRemaining(timings::add);
        assertThat(timings).containsExactly("train_s", "rotation_s", "encode_s", "cluster_s", "auto_k_s", "seeding_s", "refine_s", "total_s",
                "write_s", "reconstruction_s", "wall_s");

        assertThat(json.get("rows").asLong()).isEqualTo(5000);
        assertThat(json.get("mode").asText()).isEqualTo("opq");
        assertThat(json.get("timings").get("rotation_s").asDouble()).isEqualTo(0.75);
        assertThat(json.get("inertia_history")).hasSize(3);
        assertThat(json.get("cluster_sizes").get(1).asLong()).isEqualTo(650);
        assertThat(json.get("reconstruction_mse").asDouble()).isEqualTo(0.125);
        assertThat(json.get("refinement_moves").asInt()).isEqualTo(3);
        assertThat(json.get("timings").get("refine_s").asDouble()).isEqualTo(0.04);
        assertThat(dir).isDirectoryContaining("glob:**/report.json");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void plainPqHasNoRotationTiming() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Json.toJson(report(null, "pq")));
        assertThat(json.get("timings").has("rotation_s")).isFalse();
        assertThat(json.has("opq_iterations")).isFalse();
        assertThat(json.has("train_rows")).isFalse();
        assertThat(json.get("timings").get("total_s").asDouble()).isEqualTo(2.25);
    }
}
