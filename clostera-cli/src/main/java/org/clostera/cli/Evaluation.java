package org.clostera.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import org.clostera.InvalidDataException;
import org.clostera.data.VectorSource;
import org.clostera.io.VectorSources;
import org.clostera.io.npy.NpyLabels;
import org.clostera.io.quality.PartitionSse;
import org.clostera.metrics.ClusteringMetrics;

/**
 * External clustering metrics of predicted labels against true labels, as printed by
 * {@code clostera evaluate} (and {@code demo}); computed by {@link ClusteringMetrics}. With the raw
 * vectors also the k-means objective of both partitions ({@link PartitionSse}): {@code sse_per_dim} of the
 * predicted one, {@code true_sse_per_dim} of the true one, and {@code sse_ratio} = predicted / true (below 1:
 * the prediction is a better k-means solution than the truth).
 */
@JsonPropertyOrder({"rows", "true_classes", "predicted_clusters", "purity", "nmi", "ari", "v_measure", "homogeneity",
    "completeness", "sse_per_dim", "true_sse_per_dim", "sse_ratio"})
@JsonInclude(JsonInclude.Include.NON_NULL)
record Evaluation(
        @JsonProperty("rows") long rows,
        @JsonProperty("true_classes") int trueClasses,
        @JsonProperty("predicted_clusters") int predictedClusters,
        @JsonProperty("purity") double purity,
        @JsonProperty("nmi") double nmi,
        @JsonProperty("ari") double ari,
        @JsonProperty("v_measure") double vMeasure,
        @JsonProperty("homogeneity") double homogeneity,
        @JsonProperty("completeness") double completeness,
        @JsonProperty("sse_per_dim") Double ssePerDim,
        @JsonProperty("true_sse_per_dim") Double trueSsePerDim,
        @JsonProperty("sse_ratio") Double sseRatio) {

    /** Reads both label files (integer .npy vectors) and computes the metrics. */
    static Evaluation of(Path predicted, Path truth) {
        return of(predicted, truth, null);
    }

    /**
     * As {@link #of(Path, Path)}, plus the raw-space SSE per dimension of both partitions when
     * {@code vectors} (any input {@code cluster} reads that stores its dimension) is not null.
     */
    static Evaluation of(Path predicted, Path truth, Path vectors) {
        InputFiles.requireReadable(predicted, "labels file");
        InputFiles.requireReadable(truth, "truth file");
        if (vectors != null) {
            InputFiles.requireReadableFileOrDirectory(vectors, "vectors file");
        }
        int[] predictedLabels = NpyLabels.read(predicted);
        int[] trueLabels = NpyLabels.read(truth);
        if (predictedLabels.length != trueLabels.length) {
            throw new InvalidDataException("has " + predictedLabels.length + " labels but the truth " + truth + " has "
                    + trueLabels.length, predicted.toString(), -1, null, null);
        }
        ClusteringMetrics.Report r = ClusteringMetrics.evaluate(trueLabels, predictedLabels);
        Double sse = null;
        Double trueSse = null;
        Double ratio = null;
        if (vectors != null) {
            double[] both;
            try (VectorSource source = VectorSources.open(vectors)) {
                if (source.rows() != predictedLabels.length) {
                    throw new InvalidDataException("has " + source.rows() + " rows but the labels " + predicted
                            + " have " + predictedLabels.length, vectors.toString(), -1, null, null);
                }
                both = PartitionSse.perDimension(source, predictedLabels, trueLabels);
            }
            sse = both[0];
            trueSse = both[1];
            ratio = both[1] > 0 ? both[0] / both[1] : null;
        }
        return new Evaluation(r.rows(), r.trueClasses(), r.predictedClusters(), r.purity(),
                r.normalizedMutualInformation(), r.adjustedRandIndex(), r.vMeasure(), r.homogeneity(),
                r.completeness(), sse, trueSse, ratio);
    }
}
