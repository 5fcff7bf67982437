package org.clostera.bench.suite;

import java.util.LinkedHashMap;
import java.util.Map;
import org.clostera.bench.realdata.LabeledVectors;
import org.clostera.io.quality.PartitionSse;
import org.clostera.metrics.ClusteringMetrics;

/** The quality figures of a partition every contender of the suite gets, so they compare key by key. */
public final class Scores {
    private Scores() {
    }

    /**
     * Purity, ARI, NMI and v-measure against the true labels, and {@code assigned_center_mse}: the mean
     * squared distance (per dimension) of the raw rows to their cluster's mean, the dense k-means objective.
     */
    public static Map<String, Object> of(LabeledVectors data, int[] labels) {
        ClusteringMetrics.Report report = ClusteringMetrics.evaluate(data.labels(), labels);
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("purity", report.purity());
        scores.put("ari", report.adjustedRandIndex());
        scores.put("nmi", report.normalizedMutualInformation());
        scores.put("v_measure", ClusteringMetrics.vMeasure(data.labels(), labels));
        scores.put("assigned_center_mse", PartitionSse.perDimension(data.source(), labels)[0]);
        scores.put("clusters_found", report.predictedClusters());
        return scores;
    }
}
