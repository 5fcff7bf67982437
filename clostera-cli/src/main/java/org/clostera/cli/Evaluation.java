package org.clostera.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import org.clostera.InvalidDataException;
import org.clostera.io.npy.NpyLabels;
import org.clostera.metrics.ClusteringMetrics;

/**
 * External clustering metrics of predicted labels against true labels, as printed by
 * {@code clostera evaluate} (and {@code demo}); computed by {@link ClusteringMetrics}.
 */
@JsonPropertyOrder({"rows", "true_classes", "predicted_clusters", "purity", "nmi", "ari", "v_measure", "homogeneity",
    "completeness"})
record Evaluation(
        @JsonProperty("rows") long rows,
        @JsonProperty("true_classes") int trueClasses,
        @JsonProperty("predicted_clusters") int predictedClusters,
        @JsonProperty("purity") double purity,
        @JsonProperty("nmi") double nmi,
        @JsonProperty("ari") double ari,
        @JsonProperty("v_measure") double vMeasure,
        @JsonProperty("homogeneity") double homogeneity,
        @JsonProperty("completeness") double completeness) {

    /** Reads both label files (integer .npy vectors) and computes the metrics. */
    static Evaluation of(Path predicted, Path truth) {
        InputFiles.requireReadable(predicted, "labels file");
        InputFiles.requireReadable(truth, "truth file");
        int[] predictedLabels = NpyLabels.read(predicted);
        int[] trueLabels = NpyLabels.read(truth);
        if (predictedLabels.length != trueLabels.length) {
            throw new InvalidDataException("has " + predictedLabels.length + " labels but the truth " + truth + " has "
                    + trueLabels.length, predicted.toString(), -1, null, null);
        }
        ClusteringMetrics.Report r = ClusteringMetrics.evaluate(trueLabels, predictedLabels);
        return new Evaluation(r.rows(), r.trueClasses(), r.predictedClusters(), r.purity(),
                r.normalizedMutualInformation(), r.adjustedRandIndex(), r.vMeasure(), r.homogeneity(),
                r.completeness());
    }
}
