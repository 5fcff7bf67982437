package org.clostera.cluster;

import java.util.Arrays;
import org.clostera.InvalidParameterException;

/**
 * Validated, immutable parameters of automatic K selection ({@code k == null}). Candidates are either
 * explicit ({@link Builder#candidates}) or generated: the built-in template 4, 6, 8, 12, 16, 24, 32, 48,
 * 64, 96, 128, ... up to what the sample supports, optionally restricted to {@code [min, max]}, or the
 * arithmetic range {@code min, min + step, ..., <= max} when a step is given. Structural mistakes
 * (min > max, fewer than two explicit candidates, ...) are rejected by {@link Builder#build()}; checks
 * against the data (a candidate larger than the row count) happen at fit time, before any work starts.
 */
public final class AutoKOptions {
    /** Default number of codes the candidates are scored on. */
    public static final int DEFAULT_SAMPLE_ROWS = 16384;

    private static final AutoKOptions DEFAULTS = builder().build();

    private final AutoKMethod method;
    private final int[] candidates;
    private final Integer min;
    private final Integer max;
    private final Integer step;
    private final int sampleRows;

    private AutoKOptions(Builder b) {
        this.method = b.method;
        this.candidates = b.candidates == null ? null : b.candidates.clone();
        this.min = b.min;
        this.max = b.max;
        this.step = b.step;
        this.sampleRows = b.sampleRows;
    }

    /** The defaults: centroid silhouette, template candidates, 16384 sample rows. */
    public static AutoKOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.method = method;
        b.candidates = candidates == null ? null : candidates.clone();
        b.min = min;
        b.max = max;
        b.step = step;
        b.sampleRows = sampleRows;
        return b;
    }

    /** These options selecting K with {@code value}. */
    public AutoKOptions withMethod(AutoKMethod value) {
        return toBuilder().method(value).build();
    }

    /** These options with explicit candidates {@code values} (replacing a generated range); null = generated. */
    public AutoKOptions withCandidates(int... values) {
        return toBuilder().candidates(values).min(null).max(null).step(null).build();
    }

    /** These options scoring the candidates on {@code value} sampled codes. */
    public AutoKOptions withSampleRows(int value) {
        return toBuilder().sampleRows(value).build();
    }

    public AutoKMethod method() {
        return method;
    }

    /** Explicit candidates sorted ascending (a copy), or null when candidates are generated. */
    public int[] candidates() {
        return candidates == null ? null : candidates.clone();
    }

    /** Smallest generated candidate, or null for the template's own start. */
    public Integer min() {
        return min;
    }

    /** Largest generated candidate, or null for the data-size limit. */
    public Integer max() {
        return max;
    }

    /** Step of an arithmetic candidate range, or null for the template. */
    public Integer step() {
        return step;
    }

    /** Codes sampled for scoring (all rows when the data has fewer). */
    public int sampleRows() {
        return sampleRows;
    }

    @Override
    public String toString() {
        return "AutoKOptions[method=" + method.key()
                + (candidates != null ? ", candidates=" + Arrays.toString(candidates) : "")
                + (min != null ? ", min=" + min : "") + (max != null ? ", max=" + max : "")
                + (step != null ? ", step=" + step : "") + ", sampleRows=" + sampleRows + "]";
    }

    /** Builder of {@link AutoKOptions}; {@link #build()} validates. */
    public static final class Builder {
        private AutoKMethod method = AutoKMethod.CENTROID_SILHOUETTE;
        private int[] candidates;
        private Integer min;
        private Integer max;
        private Integer step;
        private int sampleRows = DEFAULT_SAMPLE_ROWS;

        private Builder() {
        }

        /** The method that selects K (all methods are scored regardless); default centroid silhouette. */
        public Builder method(AutoKMethod method) {
            if (method == null) {
                throw new InvalidParameterException("autoKMethod must not be null");
            }
            this.method = method;
            return this;
        }

        /** Explicit candidate K values (at least two distinct values >= 2); null to generate them. */
        public Builder candidates(int... candidates) {
            this.candidates = candidates == null ? null : candidates.clone();
            return this;
        }

        /** Smallest generated candidate (>= 2); null for the default. */
        public Builder min(Integer min) {
            this.min = min;
            return this;
        }

        /** Largest generated candidate; null for the data-size limit. */
        public Builder max(Integer max) {
            this.max = max;
            return this;
        }

        /** Step of an arithmetic range {@code min, min + step, ...}; null to use the template. */
        public Builder step(Integer step) {
            this.step = step;
            return this;
        }

        /** Codes sampled for scoring, >= 2; default {@value AutoKOptions#DEFAULT_SAMPLE_ROWS}. */
        public Builder sampleRows(int sampleRows) {
            this.sampleRows = sampleRows;
            return this;
        }

        /** Validates and builds. */
        public AutoKOptions build() {
            if (sampleRows < 2) {
                throw new InvalidParameterException("autoKSampleRows must be >= 2, got " + sampleRows);
            }
            if (candidates != null) {
                if (min != null || max != null || step != null) {
                    throw new InvalidParameterException("give either autoKCandidates or autoKMin/autoKMax/autoKStep, "
                            + "not both");
                }
                int[] sorted = candidates.clone();
                Arrays.sort(sorted);
                for (int i = 0; i < sorted.length; i++) {
                    if (sorted[i] < 2) {
                        throw new InvalidParameterException("autoKCandidates must all be >= 2, got " + sorted[i]);
                    }
                    if (i > 0 && sorted[i] == sorted[i - 1]) {
                        throw new InvalidParameterException("autoKCandidates contains " + sorted[i] + " twice");
                    }
                }
                if (sorted.length < 2) {
                    throw new InvalidParameterException("autoKCandidates needs at least 2 candidates, got "
                            + Arrays.toString(candidates));
                }
                candidates = sorted;
            }
            if (min != null && min < 2) {
                throw new InvalidParameterException("autoKMin must be >= 2, got " + min);
            }
            if (max != null && max < 2) {
                throw new InvalidParameterException("autoKMax must be >= 2, got " + max);
            }
            if (min != null && max != null && min >= max) {
                throw new InvalidParameterException("autoKMin (" + min + ") must be smaller than autoKMax (" + max
                        + ") so that there are at least 2 candidates");
            }
            if (step != null && step < 1) {
                throw new InvalidParameterException("autoKStep must be >= 1, got " + step);
            }
            return new AutoKOptions(this);
        }
    }
}
