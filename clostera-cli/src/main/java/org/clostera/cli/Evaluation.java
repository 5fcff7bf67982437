package org.clostera.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Path;

/**
 * External clustering metrics of predicted labels against true labels, as printed by
 * {@code clostera evaluate} (and {@code demo}).
 */
@JsonPropertyOrder({"rows", "purity", "nmi", "ari", "v_measure", "homogeneity", "completeness"})
record Evaluation(
        @JsonProperty("rows") long rows,
        @JsonProperty("purity") double purity,
        @JsonProperty("nmi") double nmi,
        @JsonProperty("ari") double ari,
        @JsonProperty("v_measure") double vMeasure,
        @JsonProperty("homogeneity") double homogeneity,
        @JsonProperty("completeness") double completeness) {

    /** Reads both label files and computes the metrics. */
    static Evaluation of(Path predicted, Path truth) throws IOException {
        throw new UnsupportedOperationException("pending merge of npyio");
    }
}
