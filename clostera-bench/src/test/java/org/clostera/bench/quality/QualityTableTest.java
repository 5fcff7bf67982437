package org.clostera.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityTableTest {

    private static Map<String, Object> mode(double ratio, double purity) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sse_ratio_to_truth", ratio);
        m.put("purity", purity);
        m.put("seconds", 1.0);
        return m;
    }

    private static Map<String, Object> result(double pqRatio, double pqPurity, int autoK) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("index", 3);
        r.put("name", "gaussian-k12-d256-n8k-dist12-a1-corr");
        r.put("rows", 8000);
        r.put("dim", 256);
        r.put("true_k", 12);
        r.put("smallest_cluster", 41);
        r.put("truth_sse_per_dim", 0.98765);
        r.put("dense_kmeans", mode(1.01, 0.95));
        r.put("truth_beats_dense_kmeans", true);
        r.put("pq", mode(pqRatio, pqPurity));
        r.put("opq", mode(1.0, 1.0));
        r.put("auto_k_pq", Map.of("selected_k", autoK, "exact", autoK == 12));
        return r;
    }

    @Test
    void printsOneRunAndBeforeAfter() {
        List<Map<String, Object>> before = List.of(result(1.02, 0.9, 4));
        List<Map<String, Object>> after = List.of(result(1.0, 1.0, 12));
        assertThat(QualityTable.markdown(before, null).lines().toList().get(2)).isEqualTo(
                "| 3 | gaussian-k12-d256-n8k-dist12-a1-corr * | 8,000 | 256 | 12 | 41 | 0.9877 | 1.0100 | 1.0200"
                        + " | 0.900 | 1.0000 | 1.000 | 4 |");
        assertThat(QualityTable.markdown(after, before).lines().toList().get(2)).isEqualTo(
                "| 3 | gaussian-k12-d256-n8k-dist12-a1-corr * | 8,000 | 256 | 12 | 41 | 0.9877 | 1.0100"
                        + " | 1.0200 -> 1.0000 | 0.900 -> 1.000 | 1.0000 -> 1.0000 | 1.000 -> 1.000 | 4 -> 12 |");
        Map<String, Object> summary = QualityTable.summary(after);
        assertThat(summary.get("truth_beats_dense_kmeans")).isEqualTo(1);
        assertThat(summary.get("auto_k_exact")).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> pq = (Map<String, Object>) summary.get("pq");
        assertThat(pq.get("sse_at_most_truth_where_truth_beats_dense")).isEqualTo(1);
        assertThat(QualityTable.summaryMarkdown(QualityTable.summary(before)))
                .contains("| same, on the 1 where the truth beats k-means++ | 0 | 0 | 1 |")
                .contains("auto-K (PQ) picks the true K on 0 of 1 datasets.");
    }
}
