package org.clostera.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The report of automatic K selection: the candidates, every method's score per candidate, the K each
 * method would select, the method used, the selected K and the time spent. Immutable.
 *
 * <p>{@link #toMap()} gives the same content as ordered maps and lists of plain values (strings,
 * numbers, null for undefined scores) that any JSON library writes as is; the CLI report embeds it as
 * {@code k_selection}.
 */
public final class KSelection {
    private final AutoKMethod method;
    private final int selectedK;
    private final String candidateSource;
    private final int sampleRows;
    private final long totalRows;
    private final double totalScatter;
    private final List<Candidate> candidates;
    private final Map<AutoKMethod, Integer> selectedKByMethod;
    private final double seconds;

    /**
     * One scored candidate.
     *
     * @param k          the candidate K
     * @param inertia    mean squared distance of the sample codes to their nearest center (input units)
     * @param iterations k-means iterations run on the sample
     * @param seconds    time to cluster and score this candidate
     * @param scores     each method's score (NaN when undefined)
     * @param silhouetteStandardError standard error of the mean centroid silhouette (the
     *                   one-standard-error rule picks the smallest K within it of the best)
     */
    public record Candidate(int k, double inertia, int iterations, double seconds, Map<AutoKMethod, Double> scores,
                            double silhouetteStandardError) {
        public Candidate {
            scores = Collections.unmodifiableMap(new EnumMap<>(scores));
        }

        /** The score of {@code method} (NaN when undefined). */
        public double score(AutoKMethod method) {
            Double value = scores.get(method);
            return value == null ? Double.NaN : value;
        }
    }

    /**
     * Built by the auto-K analysis.
     *
     * @param method            the method that selected K
     * @param selectedK         the selected K
     * @param candidateSource   where the candidates came from: "explicit", "template" or "range"
     * @param sampleRows        codes the candidates were scored on
     * @param totalRows         rows of the whole data
     * @param totalScatter      mean squared distance of the sample to its mean (the inertia at K = 1)
     * @param candidates        scored candidates in ascending K
     * @param selectedKByMethod the K every method selects
     * @param seconds           wall time of the whole analysis (sampling, clustering, scoring)
     */
    public KSelection(AutoKMethod method, int selectedK, String candidateSource, int sampleRows, long totalRows,
                      double totalScatter, List<Candidate> candidates, Map<AutoKMethod, Integer> selectedKByMethod,
                      double seconds) {
        this.method = Objects.requireNonNull(method, "method");
        this.selectedK = selectedK;
        this.candidateSource = Objects.requireNonNull(candidateSource, "candidateSource");
        this.sampleRows = sampleRows;
        this.totalRows = totalRows;
        this.totalScatter = totalScatter;
        this.candidates = List.copyOf(candidates);
        this.selectedKByMethod = Collections.unmodifiableMap(new EnumMap<>(selectedKByMethod));
        this.seconds = seconds;
    }

    /**
     * This report with its distance figures in input units, for an encoder whose coding space is the input
     * scaled by {@code 1 / sqrt(squaredScale)}: inertia and total scatter times {@code squaredScale}, and BIC
     * (whose Gaussian variance scales too) shifted by {@code -(n D / 2) ln(squaredScale)}; silhouette,
     * Davies-Bouldin and the elbow are ratios and stay. The selections do not change.
     */
    KSelection inInputUnits(double squaredScale, int dim) {
        if (squaredScale == 1.0) {
            return this;
        }
        double bicShift = -((double) sampleRows * dim / 2) * Math.log(squaredScale);
        List<Candidate> scaled = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            Map<AutoKMethod, Double> scores = new EnumMap<>(AutoKMethod.class);
            scores.putAll(c.scores());
            scores.computeIfPresent(AutoKMethod.BIC, (m, v) -> v + bicShift);
            scaled.add(new Candidate(c.k(), c.inertia() * squaredScale, c.iterations(), c.seconds(), scores,
                    c.silhouetteStandardError()));
        }
        return new KSelection(method, selectedK, candidateSource, sampleRows, totalRows, totalScatter * squaredScale,
                scaled, selectedKByMethod, seconds);
    }

    /** The method that selected K. */
    public AutoKMethod method() {
        return method;
    }

    /** The selected K. */
    public int selectedK() {
        return selectedK;
    }

    /** The K {@code method} selects on the same candidates (every method is scored in the same pass). */
    public int selectedK(AutoKMethod method) {
        return selectedKByMethod.get(method);
    }

    /** "explicit", "template" or "range". */
    public String candidateSource() {
        return candidateSource;
    }

    /** Codes the candidates were scored on. */
    public int sampleRows() {
        return sampleRows;
    }

    /** Rows of the whole data. */
    public long totalRows() {
        return totalRows;
    }

    /** Mean squared distance of the sample to its mean: the inertia at K = 1, the elbow's anchor. */
    public double totalScatter() {
        return totalScatter;
    }

    /** The scored candidates, ascending K. */
    public List<Candidate> candidates() {
        return candidates;
    }

    /** The candidate K values, ascending. */
    public int[] candidateKs() {
        return candidates.stream().mapToInt(Candidate::k).toArray();
    }

    /** The scores of {@code method}, one per candidate in ascending K (NaN when undefined). */
    public double[] scores(AutoKMethod method) {
        return candidates.stream().mapToDouble(c -> c.score(method)).toArray();
    }

    /** Wall time of the whole analysis in seconds. */
    public double seconds() {
        return seconds;
    }

    /**
     * The report as ordered maps and lists of plain values, ready for any JSON writer:
     * {@code method, selected_k, candidate_source, candidates, sample_rows, total_rows, scores
     * {method: [..]}, silhouette_standard_error, selected_k_by_method {method: K}, inertia, total_scatter, iterations,
     * candidate_seconds, seconds}. Undefined scores are null.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("method", method.key());
        map.put("selected_k", selectedK);
        map.put("candidate_source", candidateSource);
        List<Object> ks = new ArrayList<>();
        List<Object> inertia = new ArrayList<>();
        List<Object> iterations = new ArrayList<>();
        List<Object> candidateSeconds = new ArrayList<>();
        List<Object> silhouetteErrors = new ArrayList<>();
        for (Candidate c : candidates) {
            silhouetteErrors.add(plain(c.silhouetteStandardError()));
            ks.add(c.k());
            inertia.add(plain(c.inertia()));
            iterations.add(c.iterations());
            candidateSeconds.add(plain(c.seconds()));
        }
        map.put("candidates", ks);
        map.put("sample_rows", sampleRows);
        map.put("total_rows", totalRows);
        Map<String, Object> scores = new LinkedHashMap<>();
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (AutoKMethod m : AutoKMethod.values()) {
            List<Object> values = new ArrayList<>();
            for (Candidate c : candidates) {
                values.add(plain(c.score(m)));
            }
            scores.put(m.key(), values);
            chosen.put(m.key(), selectedKByMethod.get(m));
        }
        map.put("scores", scores);
        map.put("silhouette_standard_error", silhouetteErrors);
        map.put("selected_k_by_method", chosen);
        map.put("inertia", inertia);
        map.put("total_scatter", plain(totalScatter));
        map.put("iterations", iterations);
        map.put("candidate_seconds", candidateSeconds);
        map.put("seconds", plain(seconds));
        return map;
    }

    private static Object plain(double value) {
        return Double.isFinite(value) ? (Object) value : null;
    }

    @Override
    public String toString() {
        return "KSelection[method=" + method.key() + ", selectedK=" + selectedK + ", candidates="
                + java.util.Arrays.toString(candidateKs()) + ", byMethod=" + selectedKByMethod + ", seconds="
                + String.format(java.util.Locale.ROOT, "%.3f", seconds) + "]";
    }
}
