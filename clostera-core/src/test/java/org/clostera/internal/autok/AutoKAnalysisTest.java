package org.clostera.internal.autok;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.clostera.ProgressListener;
import org.clostera.cluster.AutoKMethod;
import org.clostera.cluster.AutoKOptions;
import org.clostera.cluster.KSelection;
import org.clostera.data.HeapCodeStore;
import org.clostera.internal.kmeans.CodeSpaceKMeans;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class AutoKAnalysisTest {

    private static KSelection analyse(Blobs blobs, AutoKOptions options, int threads) {
        PQEncoder encoder = SampleVectorsEncoder.of(blobs.data, blobs.rows, blobs.dim, blobs.dim / 2, 256);
        byte[] codes = new byte[blobs.rows * encoder.subquantizers()];
        encoder.encode(blobs.data, blobs.rows, codes);
        try (WorkerPool pool = new WorkerPool(threads)) {
            return AutoKAnalysis.run(HeapCodeStore.copyOf(codes, encoder.subquantizers()), encoder, options,
                    new DecodedLloyd(encoder, 30), 7L, pool, ProgressListener.NONE).selection();
        }
    }

    @ParameterizedTest
    @EnumSource(AutoKMethod.class)
    void everyMethodFindsEightClearBlobs(AutoKMethod method) {
        Blobs blobs = Blobs.generate(8, 150, 16, 1.0, 42L);
        KSelection selection = analyse(blobs, AutoKOptions.builder().method(method).build(), 2);
        // The template, plus the midpoint above the template pick (scored, not strictly better here).
        assertThat(selection.candidateKs()).containsExactly(4, 6, 8, 10, 12, 16);
        assertThat(selection.method()).isEqualTo(method);
        assertThat(selection.selectedK()).isEqualTo(8);
        assertThat(selection.selectedK(method)).isEqualTo(8);
    }

    @ParameterizedTest
    @EnumSource(AutoKMethod.class)
    void everyMethodFindsTheSmallestCandidate(AutoKMethod method) {
        Blobs blobs = Blobs.generate(4, 200, 12, 1.0, 3L);
        KSelection selection = analyse(blobs, AutoKOptions.builder().method(method).candidates(4, 6, 8, 12).build(), 1);
        assertThat(selection.selectedK()).isEqualTo(4);
    }

    @Test
    void explicitCandidatesAreHonouredAndSampleIsBounded() {
        Blobs blobs = Blobs.generate(6, 200, 16, 1.0, 5L);
        KSelection selection = analyse(blobs, AutoKOptions.builder().candidates(9, 3, 6).sampleRows(1000).build(), 2);
        assertThat(selection.candidateKs()).containsExactly(3, 6, 9);
        assertThat(selection.candidateSource()).isEqualTo("explicit");
        assertThat(selection.sampleRows()).isEqualTo(1000);
        assertThat(selection.totalRows()).isEqualTo(blobs.rows);
        assertThat(selection.selectedK()).isEqualTo(6);
    }

    @Test
    void reportIsCompleteAndPlain() {
        Blobs blobs = Blobs.generate(8, 150, 16, 1.0, 42L);
        KSelection selection = analyse(blobs, AutoKOptions.defaults(), 2);
        assertThat(selection.candidates()).hasSize(6); // template 4..16 and the midpoint 10 above the pick
        for (KSelection.Candidate c : selection.candidates()) {
            for (AutoKMethod m : AutoKMethod.values()) {
                assertThat(c.score(m)).as("%s at K=%d", m, c.k()).isFinite();
            }
            assertThat(c.inertia()).isPositive().isLessThan(selection.totalScatter());
            assertThat(c.iterations()).isPositive();
            assertThat(c.seconds()).isGreaterThanOrEqualTo(0);
        }
        // Inertia falls with K; the silhouette peaks at the truth and is near 1 for these blobs.
        double[] inertia = selection.candidates().stream().mapToDouble(KSelection.Candidate::inertia).toArray();
        for (int i = 1; i < inertia.length; i++) {
            assertThat(inertia[i]).isLessThan(inertia[i - 1]);
        }
        assertThat(selection.scores(AutoKMethod.CENTROID_SILHOUETTE)[2]).isGreaterThan(0.7);

        Map<String, Object> map = selection.toMap();
        assertThat(map).containsOnlyKeys("method", "selected_k", "candidate_source", "candidates", "sample_rows",
                "total_rows", "scores", "silhouette_standard_error", "selected_k_by_method", "inertia", "total_scatter", "iterations",
                "candidate_seconds", "seconds");
        assertThat(map.keySet()).startsWith("method", "selected_k");
        assertThat(map.get("method")).isEqualTo("centroid_silhouette");
        assertThat(map.get("selected_k")).isEqualTo(8);
        assertThat(map.get("candidates")).isEqualTo(List.of(4, 6, 8, 10, 12, 16));
        @SuppressWarnings("unchecked")
        Map<String, Object> scores = (Map<String, Object>) map.get("scores");
        assertThat(scores).containsOnlyKeys("centroid_silhouette", "davies_bouldin", "elbow", "bic");
        assertThat((List<?>) scores.get("bic")).hasSize(6);
        assertPlain(map);
        assertThat(toJson(map)).startsWith("{\"method\":\"centroid_silhouette\",\"selected_k\":8,"
                + "\"candidate_source\":\"template\",\"candidates\":[4,6,8,10,12,16],\"sample_rows\":" + blobs.rows);
    }

    @Test
    void sameResultForAnyThreadCount() {
        Blobs blobs = Blobs.generate(12, 100, 24, 1.5, 9L);
        AutoKOptions options = AutoKOptions.builder().candidates(4, 8, 12, 16, 24).build();
        Map<String, Object> one = withoutTimes(analyse(blobs, options, 1).toMap());
        Map<String, Object> three = withoutTimes(analyse(blobs, options, 3).toMap());
        assertThat(three).isEqualTo(one);
        assertThat(one.get("selected_k")).isEqualTo(12);
    }

    private static Map<String, Object> withoutTimes(Map<String, Object> map) {
        map.remove("seconds");
        map.remove("candidate_seconds");
        return map;
    }

    private static void assertPlain(Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                assertThat(k).isInstanceOf(String.class);
                assertPlain(v);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(AutoKAnalysisTest::assertPlain);
        } else if (value != null) {
            assertThat(value).isInstanceOfAny(String.class, Integer.class, Long.class, Double.class);
        }
    }

    /** A minimal JSON writer: plain values must be enough to serialise the report. */
    private static String toJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            map.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":")
                    .append(toJson(v)));
            return sb.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (Object v : list) {
                sb.append(sb.length() > 1 ? "," : "").append(toJson(v));
            }
            return sb.append(']').toString();
        }
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        return String.valueOf(value);
    }

    @Test
    void sampleRowsAreTheRowsTheCandidatesSee() {
        Blobs blobs = Blobs.generate(6, 300, 16, 1.0, 11L);
        PQEncoder encoder = SampleVectorsEncoder.of(blobs.data, blobs.rows, blobs.dim, blobs.dim / 2, 256);
        int m = encoder.subquantizers();
        byte[] codes = new byte[blobs.rows * m];
        encoder.encode(blobs.data, blobs.rows, codes);
        AutoKOptions options = AutoKOptions.builder().candidates(4, 6).sampleRows(700).build();
        long[] rows = AutoKAnalysis.sampleRows(blobs.rows, options, 7L);
        assertThat(rows).hasSize(700).isSorted();
        byte[][] seen = new byte[1][];
        DecodedLloyd lloyd = new DecodedLloyd(encoder, 30);
        try (WorkerPool pool = new WorkerPool(2)) {
            AutoKAnalysis.run(HeapCodeStore.copyOf(codes, m), encoder, options, (sample, k, seeds) -> {
                seen[0] = new byte[(int) sample.rows() * m];
                sample.read(0, (int) sample.rows(), seen[0], 0);
                return lloyd.cluster(sample, k, seeds);
            }, 7L, pool, ProgressListener.NONE);
        }
        byte[] expected = new byte[rows.length * m];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(codes, (int) rows[i] * m, expected, i * m, m);
        }
        assertThat(seen[0]).isEqualTo(expected);
    }

    @Test
    void neighbourStartsKeepTheBetterClusteringPerCandidate() {
        Blobs blobs = Blobs.generate(8, 150, 16, 1.0, 42L);
        PQEncoder encoder = SampleVectorsEncoder.of(blobs.data, blobs.rows, blobs.dim, blobs.dim / 2, 256);
        byte[] codes = new byte[blobs.rows * encoder.subquantizers()];
        encoder.encode(blobs.data, blobs.rows, codes);
        AutoKOptions options = AutoKOptions.builder().candidates(4, 6, 8, 12, 16).build();
        KSelection plain;
        KSelection neighbours;
        KSelection neighboursThreeThreads;
        try (WorkerPool pool = new WorkerPool(1)) {
            plain = AutoKAnalysis.run(HeapCodeStore.copyOf(codes, encoder.subquantizers()), encoder, options,
                    new DecodedLloyd(encoder, 30), 7L, pool, ProgressListener.NONE,
                    new AutoKAnalysis.Search(false, false, false)).selection();
            neighbours = AutoKAnalysis.run(HeapCodeStore.copyOf(codes, encoder.subquantizers()), encoder, options,
                    new DecodedLloyd(encoder, 30), 7L, pool, ProgressListener.NONE,
                    new AutoKAnalysis.Search(true, false, false)).selection();
        }
        try (WorkerPool pool = new WorkerPool(3)) {
            neighboursThreeThreads = AutoKAnalysis.run(HeapCodeStore.copyOf(codes, encoder.subquantizers()), encoder,
                    options, new DecodedLloyd(encoder, 30), 7L, pool, ProgressListener.NONE,
                    new AutoKAnalysis.Search(true, false, false)).selection();
        }
        assertThat(neighbours.selectedK()).isEqualTo(8);
        double[] before = plain.scores(AutoKMethod.CENTROID_SILHOUETTE);
        double[] after = neighbours.scores(AutoKMethod.CENTROID_SILHOUETTE);
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i]).as("K=%d", plain.candidateKs()[i]).isGreaterThanOrEqualTo(before[i]);
        }
        assertThat(neighboursThreeThreads.scores(AutoKMethod.CENTROID_SILHOUETTE)).containsExactly(after);
        assertThat(neighboursThreeThreads.selectedK()).isEqualTo(neighbours.selectedK());
    }

    /** A Lloyd clusterer whose refinement records the K it is asked for and changes nothing. */
    private static final class RecordingRefinement implements SampleClusterer {
        final SampleClusterer lloyd;
        final List<Integer> refined = new java.util.ArrayList<>();

        RecordingRefinement(SampleClusterer lloyd) {
            this.lloyd = lloyd;
        }

        @Override
        public Fit cluster(org.clostera.data.CodeStore sample, int k, float[] initialCenters) {
            return lloyd.cluster(sample, k, initialCenters);
        }

        @Override
        public Fit refine(org.clostera.data.CodeStore sample, int k, Fit converged) {
            refined.add(k);
            return new Fit(converged.centers().clone(), converged.iterations());
        }
    }

    private static KSelection analyse(Blobs blobs, AutoKOptions options, int threads, SampleClusterer clusterer,
                                      AutoKAnalysis.Search search) {
        PQEncoder encoder = SampleVectorsEncoder.of(blobs.data, blobs.rows, blobs.dim, blobs.dim / 2, 256);
        byte[] codes = new byte[blobs.rows * encoder.subquantizers()];
        encoder.encode(blobs.data, blobs.rows, codes);
        try (WorkerPool pool = new WorkerPool(threads)) {
            return AutoKAnalysis.run(HeapCodeStore.copyOf(codes, encoder.subquantizers()), encoder, options,
                    clusterer, 7L, pool, ProgressListener.NONE, search).selection();
        }
    }

    private static PQEncoder encoderFor(Blobs blobs) {
        return SampleVectorsEncoder.of(blobs.data, blobs.rows, blobs.dim, blobs.dim / 2, 256);
    }

    @Test
    void onlyTheSelectedCandidateAndTwoNeighboursOnEachSideAreRefined() {
        Blobs blobs = Blobs.generate(8, 150, 16, 1.0, 42L);
        AutoKOptions options = AutoKOptions.builder().candidates(4, 6, 8, 12, 16, 24, 32).build();
        RecordingRefinement clusterer = new RecordingRefinement(new DecodedLloyd(encoderFor(blobs), 30));
        KSelection selection = analyse(blobs, options, 2, clusterer, AutoKAnalysis.Search.DEFAULT);
        assertThat(selection.selectedK()).isEqualTo(8);
        assertThat(clusterer.refined).containsExactly(4, 6, 8, 12, 16);

        RecordingRefinement everyone = new RecordingRefinement(new DecodedLloyd(encoderFor(blobs), 30));
        KSelection all = analyse(blobs, options, 2, everyone, new AutoKAnalysis.Search(false, true, false));
        assertThat(everyone.refined).containsExactly(4, 6, 8, 12, 16, 24, 32);
        assertThat(withoutTimes(all.toMap())).isEqualTo(withoutTimes(selection.toMap()));
    }

    /**
     * Lloyd, except that at K = 8 it "stops" with two pairs of centers on one blob each (the last two copied onto
     * the first two) and two blobs without a center of their own, as in a local optimum; with {@code repairs},
     * the refinement returns the proper clustering.
     */
    private static final class StuckAtEight implements SampleClusterer {
        final DecodedLloyd lloyd;
        final int dim;
        final boolean repairs;
        Fit proper;

        StuckAtEight(DecodedLloyd lloyd, int dim, boolean repairs) {
            this.lloyd = lloyd;
            this.dim = dim;
            this.repairs = repairs;
        }

        @Override
        public Fit cluster(org.clostera.data.CodeStore sample, int k, float[] initialCenters) {
            Fit fit = lloyd.cluster(sample, k, initialCenters);
            if (k != 8) {
                return fit;
            }
            proper = fit;
            float[] stuck = fit.centers().clone();
            System.arraycopy(stuck, 0, stuck, 6 * dim, 2 * dim);
            return new Fit(stuck, fit.iterations());
        }

        @Override
        public Fit refine(org.clostera.data.CodeStore sample, int k, Fit converged) {
            return repairs && k == 8 ? proper : converged;
        }
    }

    @Test
    void refiningANeighbourOfTheProvisionalPickMovesTheSelection() {
        Blobs blobs = Blobs.generate(8, 150, 16, 1.0, 42L);
        AutoKOptions options = AutoKOptions.builder().candidates(4, 6, 8, 12, 16, 24).build();
        DecodedLloyd lloyd = new DecodedLloyd(encoderFor(blobs), 30);
        // Without neighbour starts: growing K = 8 from K = 6's clustering would repair it as well.
        AutoKAnalysis.Search contendersOnly = new AutoKAnalysis.Search(false, false, false);
        KSelection stuck = analyse(blobs, options, 2, new StuckAtEight(lloyd, blobs.dim, false), contendersOnly);
        assertThat(stuck.selectedK()).isEqualTo(6);
        KSelection repaired = analyse(blobs, options, 2, new StuckAtEight(lloyd, blobs.dim, true), contendersOnly);
        assertThat(repaired.selectedK()).isEqualTo(8);
        assertThat(repaired.scores(AutoKMethod.CENTROID_SILHOUETTE)[2])
                .isGreaterThan(stuck.scores(AutoKMethod.CENTROID_SILHOUETTE)[2]);
    }

    @Test
    void theEngineRefinesOnlyWithTheRefinementOnAndGivesTheSameReportForAnyThreadCount() {
        Blobs blobs = Blobs.generate(12, 100, 24, 1.5, 9L);
        PQEncoder encoder = encoderFor(blobs);
        AutoKOptions options = AutoKOptions.builder().candidates(4, 8, 12, 16, 24).build();
        CodeSpaceKMeans.Options kmeans = AutoKAnalysis.sampleOptions(CodeSpaceKMeans.Options.defaults().withSeed(3));
        AutoKAnalysis.Search neighbours = new AutoKAnalysis.Search(true, false, false);
        Map<String, Object> one;
        Map<String, Object> three;
        try (WorkerPool pool = new WorkerPool(1)) {
            SampleClusterer engine = SampleClusterer.codeSpace(encoder, kmeans, pool);
            one = withoutTimes(analyse(blobs, options, 1, engine, neighbours).toMap());
            byte[] codes = new byte[blobs.rows * encoder.subquantizers()];
            encoder.encode(blobs.data, blobs.rows, codes);
            HeapCodeStore store = HeapCodeStore.copyOf(codes, encoder.subquantizers());
            SampleClusterer.Fit converged = engine.cluster(store, 12, java.util.Arrays.copyOf(encoder.decode(codes,
                    12), 12 * blobs.dim));
            SampleClusterer.Fit off = SampleClusterer.codeSpace(encoder, kmeans.withRefinement(false), pool)
                    .refine(store, 12, converged);
            assertThat(off).isSameAs(converged);
        }
        try (WorkerPool pool = new WorkerPool(3)) {
            SampleClusterer engine = SampleClusterer.codeSpace(encoder, kmeans, pool);
            three = withoutTimes(analyse(blobs, options, 3, engine, neighbours).toMap());
        }
        assertThat(three).isEqualTo(one);
        assertThat(one.get("selected_k")).isEqualTo(12);
    }

    @Test
    void midpointsNextToATemplatePickFindAKOutsideTheTemplate() {
        Blobs blobs = Blobs.generate(5, 200, 16, 1.0, 21L);
        AutoKOptions options = AutoKOptions.defaults();
        KSelection plain = analyse(blobs, options, 2, new DecodedLloyd(encoderFor(blobs), 30),
                new AutoKAnalysis.Search(false, false, false));
        assertThat(plain.candidateKs()).containsExactly(4, 6, 8, 12);
        assertThat(plain.selectedK()).isIn(4, 6);
        AutoKAnalysis.Search midpoints = new AutoKAnalysis.Search(false, false, true);
        KSelection one = analyse(blobs, options, 1, new DecodedLloyd(encoderFor(blobs), 30), midpoints);
        KSelection three = analyse(blobs, options, 3, new DecodedLloyd(encoderFor(blobs), 30), midpoints);
        assertThat(one.selectedK()).isEqualTo(5);
        assertThat(one.candidateKs()).containsExactly(4, 5, 6, 8, 12);
        assertThat(withoutTimes(three.toMap())).isEqualTo(withoutTimes(one.toMap()));
    }

    @ParameterizedTest
    @EnumSource(value = AutoKAnalysis.MidpointRule.class, names = {"STRICTLY_BETTER", "STRICTLY_BETTER_ABOVE"})
    void strictMidpointsStillFindAKOutsideTheTemplateWhenItScoresBetter(AutoKAnalysis.MidpointRule rule) {
        Blobs blobs = Blobs.generate(5, 200, 16, 1.0, 21L);
        AutoKAnalysis.Search strict = new AutoKAnalysis.Search(false, false, true, rule);
        KSelection one = analyse(blobs, AutoKOptions.defaults(), 1, new DecodedLloyd(encoderFor(blobs), 30), strict);
        KSelection three = analyse(blobs, AutoKOptions.defaults(), 3, new DecodedLloyd(encoderFor(blobs), 30), strict);
        assertThat(one.selectedK()).isEqualTo(5);
        double[] silhouette = one.scores(AutoKMethod.CENTROID_SILHOUETTE);
        int five = java.util.Arrays.binarySearch(one.candidateKs(), 5);
        assertThat(five).isNotNegative();
        for (int i = 0; i < silhouette.length; i++) {
            if (i != five) {
                assertThat(silhouette[five]).as("K=%d", one.candidateKs()[i]).isGreaterThan(silhouette[i]);
            }
        }
        assertThat(withoutTimes(three.toMap())).isEqualTo(withoutTimes(one.toMap()));
    }
}
