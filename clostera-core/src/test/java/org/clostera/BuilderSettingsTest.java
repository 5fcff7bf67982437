package org.clostera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.clostera.cluster.AutoKMethod;
import org.clostera.cluster.AutoKOptions;
import org.clostera.cluster.KMeansSettings;
import org.clostera.cluster.LabeledGaussians;
import org.clostera.cluster.OPQMeans;
import org.clostera.cluster.PQKMeans;
import org.clostera.cluster.RefinementSettings;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.HeapCodeStore;
import org.clostera.data.RamBudget;
import org.clostera.quantize.Encoder;
import org.clostera.quantize.EncoderSettings;
import org.clostera.quantize.OPQEncoder;
import org.clostera.quantize.PQEncoder;
import org.clostera.quantize.ReconstructionError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every builder setting changes what its Javadoc says it changes, on tiny data (800 x 8, four groups): each case
 * fits the base settings with one setting changed and checks its documented effect against the base fit. The
 * rejections of bad values are in {@link SettingsValidationTest}.
 */
class BuilderSettingsTest {
    private static final LabeledGaussians DATA = TinyEncoders.DATA;
    private static final int ROWS = DATA.rows();

    /** PQ with M = 2, Ks = 16, K = 4, no dense iterations: the base every Clusterer case changes one setting of. */
    private static Clusterer.Builder base() {
        return Clusterer.builder().k(4).fastest(true).subquantizers(2).codebookSize(16).seed(0).threads(2)
                .rawRefinementIterations(0);
    }

    private static ClusteringModel baseModel;

    @BeforeAll
    static void fitBase() {
        baseModel = base().fit(DATA.data(), DATA.dim());
    }

    private static double encoderError(ClusteringModel model) {
        return ReconstructionError.meanSquaredError(model.encoder(), ArrayVectorSource.of(DATA.data(), DATA.dim()),
                ROWS, 0);
    }

    static Stream<Arguments> clustererSettings() {
        return Stream.of(
                clusterer("k", b -> b.k(6), m -> assertThat(m.k()).isEqualTo(6)),
                clusterer("k(null) with autoKCandidates", b -> b.k(null).autoKCandidates(2, 4, 6), m -> {
                    assertThat(m.kSelection().candidateKs()).containsExactly(2, 4, 6);
                    assertThat(m.k()).isEqualTo(4);
                }),
                clusterer("autoKMin, autoKMax, autoKStep", b -> b.k(null).autoKMin(3).autoKMax(7).autoKStep(2),
                        m -> assertThat(m.kSelection().candidateKs()).containsExactly(3, 5, 7)),
                clusterer("autoKMethod", b -> b.k(null).autoKCandidates(2, 4, 6).autoKMethod(AutoKMethod.DAVIES_BOULDIN),
                        m -> assertThat(m.kSelection().method()).isEqualTo(AutoKMethod.DAVIES_BOULDIN)),
                clusterer("autoKSampleRows", b -> b.k(null).autoKCandidates(2, 4).autoKSampleRows(300),
                        m -> assertThat(m.kSelection().sampleRows()).isEqualTo(300)),
                clusterer("autoK", b -> b.k(null).autoK(AutoKOptions.builder().candidates(3, 4).build()),
                        m -> assertThat(m.kSelection().candidateKs()).containsExactly(3, 4)),
                clusterer("fastest(false): OPQ", b -> b.fastest(false),
                        m -> assertThat(m.encoder()).isInstanceOf(OPQEncoder.class)),
                clusterer("subquantizers", b -> b.subquantizers(4),
                        m -> assertThat(m.encoder().subquantizers()).isEqualTo(4)),
                clusterer("codebookSize", b -> b.codebookSize(8),
                        m -> assertThat(m.encoder().codebookSize()).isEqualTo(8)),
                clusterer("encoderIterations(0): codebooks left at their initialisation", b -> b.encoderIterations(0),
                        m -> assertThat(encoderError(m)).isGreaterThan(encoderError(baseModel))),
                clusterer("trainRows: another training sample", b -> b.trainRows(64),
                        m -> assertThat(encoderError(m)).isNotEqualTo(encoderError(baseModel))),
                clusterer("opqIterations", b -> b.fastest(false).opqIterations(1),
                        m -> assertThat(((OPQEncoder) m.encoder()).rotatedErrorHistory()).hasSize(1)),
                clusterer("encoder(EncoderSettings)", b -> b.encoder(EncoderSettings.defaults().withOpq(false)
                        .withSubquantizers(4).withCodebookSize(8)), m -> {
                    assertThat(m.encoder()).isInstanceOf(PQEncoder.class);
                    assertThat(m.encoder().subquantizers()).isEqualTo(4);
                    assertThat(m.encoder().codebookSize()).isEqualTo(8);
                }),
                clusterer("iterations(0): seeding and one assignment", b -> b.iterations(0), m -> {
                    assertThat(m.iterationsRun()).isZero();
                    assertThat(baseModel.iterationsRun()).isPositive();
                }),
                clusterer("kmeans(KMeansSettings)", b -> b.kmeans(KMeansSettings.defaults().withIterations(0)),
                        m -> assertThat(m.iterationsRun()).isZero()),
                clusterer("seed: another encoder sample and seeding", b -> b.seed(1), m -> {
                    assertThat(m.seed()).isEqualTo(1);
                    assertThat(m.codingSpaceCenters()).isNotEqualTo(baseModel.codingSpaceCenters());
                }),
                clusterer("threads: same result", b -> b.threads(1), BuilderSettingsTest::sameAsBase),
                clusterer("lookupTableBytes: same result", b -> b.lookupTableBytes(256), BuilderSettingsTest::sameAsBase),
                clusterer("pruningMemory(0): same result", b -> b.pruningMemory(0), BuilderSettingsTest::sameAsBase),
                clusterer("seedingSampleRows: seeds from a smaller sample", b -> b.seedingSampleRows(1).refinement(false),
                        m -> assertThat(m.inertiaHistory()[0]).isNotEqualTo(
                                base().refinement(false).fit(DATA.data(), DATA.dim()).inertiaHistory()[0])),
                clusterer("refinement(false): no split/merge search", b -> b.refinement(false), m -> {
                    assertThat(m.inertia()).isGreaterThanOrEqualTo(baseModel.inertia());
                    assertThat(m.refinementMoves()).isZero();
                    assertThat(m.timings().refineSeconds()).isZero();
                    assertThat(baseModel.timings().refineSeconds()).isPositive();
                }),
                clusterer("rawRefinementIterations: dense iterations on the vectors", b -> b.rawRefinementIterations(2),
                        m -> {
                            assertThat(m.assignsExactly()).isTrue();
                            assertThat(m.rawErrorHistory()).hasSizeBetween(2, 4);
                            assertThat(baseModel.rawErrorHistory()).isEmpty();
                        }),
                clusterer("automaticRawRefinement: 2 Ks / K = 8 dense iterations at most", b -> b.automaticRawRefinement(),
                        m -> assertThat(m.rawErrorHistory()).hasSizeBetween(2, 10)),
                clusterer("refinement(RefinementSettings)", b -> b.refinement(RefinementSettings.defaults()
                        .withSplitMerge(false).withRawIterations(1)), m -> {
                    assertThat(m.refinementMoves()).isZero();
                    assertThat(m.rawErrorHistory()).hasSizeBetween(2, 3);
                }),
                clusterer("metric(COSINE)", b -> b.metric(Metric.COSINE),
                        m -> assertThat(m.metric()).isEqualTo(Metric.COSINE)),
                clusterer("maxRamBytes: same result when everything fits", b -> b.maxRamBytes(64L << 20),
                        BuilderSettingsTest::sameAsBase));
    }

    private static Arguments clusterer(String setting, UnaryOperator<Clusterer.Builder> set,
                                       Consumer<ClusteringModel> check) {
        return arguments(setting, set, check);
    }

    private static void sameAsBase(ClusteringModel m) {
        assertThat(m.labels()).isEqualTo(baseModel.labels());
        assertThat(m.codingSpaceCenters()).isEqualTo(baseModel.codingSpaceCenters());
        assertThat(m.inertiaHistory()).isEqualTo(baseModel.inertiaHistory());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clustererSettings")
    void clustererSettingHasItsDocumentedEffect(String setting, UnaryOperator<Clusterer.Builder> set,
                                                Consumer<ClusteringModel> check) {
        check.accept(set.apply(base()).fit(DATA.data(), DATA.dim()));
    }

    @Test
    void clustererSettersWriteThroughTheRecords() {
        Clusterer.Config single = Clusterer.builder().k(7).seed(3).threads(2).fastest(true).subquantizers(4)
                .codebookSize(32).encoderIterations(5).opqIterations(2).trainRows(500).iterations(9).tolerance(0.01)
                .seedingSampleRows(77).lookupTableBytes(8192).pruningMemory(0).refinement(false)
                .rawRefinementIterations(3).metric(Metric.COSINE).maxRamBytes(1L << 20).build().config();
        assertThat(single.encoder()).isEqualTo(new EncoderSettings(false, 4, 32, 5, 2, 500));
        assertThat(single.kmeans()).isEqualTo(new KMeansSettings(9, 0.01, 77, 8192, 0));
        assertThat(single.refinement()).isEqualTo(new RefinementSettings(false, 3));
        assertThat(single.ramBudget()).isEqualTo(RamBudget.ofBytes(1L << 20));
        Clusterer.Config whole = Clusterer.builder().k(7).seed(3).threads(2).metric(Metric.COSINE)
                .encoder(single.encoder()).kmeans(single.kmeans()).refinement(single.refinement())
                .ramBudget(RamBudget.ofBytes(1L << 20)).build().config();
        assertThat(whole).isEqualTo(new Clusterer.Config(7, 3, 2, single.encoder(), single.kmeans(),
                single.refinement(), whole.autoK(), single.ramBudget(), Metric.COSINE));
        assertThat(whole.toString()).isEqualTo(single.toString());
        // A whole record replaces the single settings set before it; later single setters change it.
        Clusterer.Config replaced = Clusterer.builder().iterations(3).kmeans(KMeansSettings.defaults()).tolerance(0)
                .build().config();
        assertThat(replaced.kmeans()).isEqualTo(KMeansSettings.defaults().withTolerance(0));
    }

    // PQKMeans and OPQMeans: the k-means settings, on the codes of a given encoder.

    private static Encoder pq;
    private static HeapCodeStore codes;

    @BeforeAll
    static void encode() {
        pq = TinyEncoders.PQ;
        codes = new HeapCodeStore(ROWS, pq.subquantizers());
        pq.encode(ArrayVectorSource.of(DATA.data(), DATA.dim()), codes, ProgressListener.NONE);
    }

    private static PQKMeans.Builder pqBase() {
        return PQKMeans.builder().encoder(pq).k(4).seed(0).threads(2);
    }

    static Stream<Arguments> pqKMeansSettings() {
        return Stream.of(
                pqKMeans("k", b -> b.k(5), m -> assertThat(m.k()).isEqualTo(5)),
                pqKMeans("k(null) with autoKCandidates", b -> b.k(null).autoKCandidates(3, 4, 6),
                        m -> assertThat(m.kSelection().candidateKs()).containsExactly(3, 4, 6)),
                pqKMeans("autoKMin, autoKMax, autoKStep", b -> b.k(null).autoKMin(2).autoKMax(6).autoKStep(2),
                        m -> assertThat(m.kSelection().candidateKs()).containsExactly(2, 4, 6)),
                pqKMeans("autoKMethod", b -> b.k(null).autoKCandidates(2, 4).autoKMethod(AutoKMethod.ELBOW),
                        m -> assertThat(m.kSelection().method()).isEqualTo(AutoKMethod.ELBOW)),
                pqKMeans("autoKSampleRows", b -> b.k(null).autoKCandidates(2, 4).autoKSampleRows(200),
                        m -> assertThat(m.kSelection().sampleRows()).isEqualTo(200)),
                pqKMeans("autoK", b -> b.k(null).autoK(AutoKOptions.builder().candidates(2, 5).build()),
                        m -> assertThat(m.kSelection().candidateKs()).containsExactly(2, 5)),
                pqKMeans("iterations(0)", b -> b.iterations(0), m -> assertThat(m.iterationsRun()).isZero()),
                pqKMeans("kmeans(KMeansSettings)", b -> b.kmeans(KMeansSettings.defaults().withIterations(0)),
                        m -> assertThat(m.iterationsRun()).isZero()),
                pqKMeans("seed", b -> b.seed(5).refinement(false).seedingSampleRows(1), m -> {
                    assertThat(m.seed()).isEqualTo(5);
                    assertThat(m.inertiaHistory()[0]).isNotEqualTo(pqBase().refinement(false).seedingSampleRows(1)
                            .build().fit(codes).inertiaHistory()[0]);
                }),
                pqKMeans("threads", b -> b.threads(1), BuilderSettingsTest::sameAsPqBase),
                pqKMeans("lookupTableBytes", b -> b.lookupTableBytes(128), BuilderSettingsTest::sameAsPqBase),
                pqKMeans("pruningMemory(0)", b -> b.pruningMemory(0), BuilderSettingsTest::sameAsPqBase),
                pqKMeans("seedingSampleRows", b -> b.seedingSampleRows(1).refinement(false),
                        m -> assertThat(m.inertiaHistory()[0]).isNotEqualTo(
                                pqBase().refinement(false).build().fit(codes).inertiaHistory()[0])),
                pqKMeans("refinement(false)", b -> b.refinement(false), m -> {
                    assertThat(m.splitMerge()).isFalse();
                    assertThat(m.refinementMoves()).isZero();
                    assertThat(m.refineSeconds()).isZero();
                }));
    }

    private static Arguments pqKMeans(String setting, UnaryOperator<PQKMeans.Builder> set, Consumer<PQKMeans> check) {
        return arguments(setting, set, check);
    }

    private static void sameAsPqBase(PQKMeans m) {
        PQKMeans base = pqBase().build().fit(codes);
        assertThat(m.labels()).isEqualTo(base.labels());
        assertThat(m.codingSpaceCenters()).isEqualTo(base.codingSpaceCenters());
        assertThat(m.inertiaHistory()).isEqualTo(base.inertiaHistory());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pqKMeansSettings")
    void pqKMeansSettingHasItsDocumentedEffect(String setting, UnaryOperator<PQKMeans.Builder> set,
                                               Consumer<PQKMeans> check) {
        check.accept(set.apply(pqBase()).build().fit(codes));
    }

    @Test
    void toleranceStopsLloydEarly() {
        // One blob split into 4, seeded from a 16-row sample: Lloyd keeps moving labels for several updates.
        LabeledGaussians blob = LabeledGaussians.generate(2000, 8, 1, 1.0, 2);
        Clusterer.Builder clusterer = base().subquantizers(4).refinement(false).iterations(15).seedingSampleRows(1);
        assertThat(clusterer.tolerance(0).fit(blob.data(), blob.dim()).iterationsRun()).isGreaterThan(2);
        // Any update lowers the inertia by less than all of it: tolerance 1 stops after the first.
        assertThat(clusterer.tolerance(1).fit(blob.data(), blob.dim()).iterationsRun()).isEqualTo(1);

        PQEncoder encoder = PQEncoder.builder().subquantizers(4).codebookSize(16).seed(0).fit(blob.data(), blob.dim());
        PQKMeans.Builder kmeans = PQKMeans.builder().encoder(encoder).k(4).refinement(false).iterations(15)
                .seedingSampleRows(1);
        assertThat(kmeans.tolerance(0).build().fit(blob.asRows()).iterationsRun()).isGreaterThan(2);
        assertThat(kmeans.tolerance(1).build().fit(blob.asRows()).iterationsRun()).isEqualTo(1);
    }

    @Test
    void pruningMemoryOnlyChangesWhatIsSkipped() {
        // Pruning needs two groups of centers or more (32 each with default tables).
        PQKMeans.Builder builder = PQKMeans.builder().encoder(pq).k(128).seed(0).threads(2).refinement(false)
                .tolerance(0).iterations(6);
        PQKMeans pruned = builder.build().fit(codes);
        PQKMeans full = builder.pruningMemory(0).build().fit(codes);
        assertThat(full.prunedFractionHistory()).containsOnly(0.0);
        assertThat(Arrays.stream(pruned.prunedFractionHistory()).max().orElseThrow()).isPositive();
        assertThat(pruned.labels()).isEqualTo(full.labels());
        assertThat(pruned.inertiaHistory()).isEqualTo(full.inertiaHistory());
    }

    @Test
    void progressListenerReceivesTheStagesOfEveryEstimator() {
        List<String> clusterer = stages(l -> base().progressListener(l).fit(DATA.data(), DATA.dim()));
        assertThat(clusterer).contains("pq-train", "pq-encode", "kmeans");
        List<String> kmeans = stages(l -> pqBase().progressListener(l).build().fit(DATA.asRows()));
        assertThat(kmeans).contains("pq-encode", "kmeans").doesNotContain("pq-train");
    }

    private static List<String> stages(Consumer<ProgressListener> run) {
        List<String> stages = Collections.synchronizedList(new ArrayList<>());
        run.accept(new ProgressListener() {
            @Override
            public void onStageStart(String stage, long total) {
                stages.add(stage);
            }

            @Override
            public void onProgress(String stage, long done, long total) {
            }
        });
        return stages;
    }

    @Test
    void opqMeansPassesItsSettingsToTheCodeSpaceClusterer() {
        OPQEncoder opq = OPQEncoder.builder().subquantizers(2).codebookSize(16).opqIterations(1).seed(0).threads(2)
                .fit(DATA.data(), DATA.dim());
        KMeansSettings kmeans = KMeansSettings.defaults().withIterations(2).withTolerance(0).withSeedingSampleRows(64)
                .withLookupTableBytes(512).withPruningMemory(0);
        OPQMeans km = OPQMeans.builder().encoder(opq).k(5).seed(4).threads(1).kmeans(kmeans).refinement(false).build()
                .fit(DATA.asRows());
        assertThat(km.clusterer().kmeansSettings()).isEqualTo(kmeans);
        assertThat(km.clusterer().splitMerge()).isFalse();
        assertThat(km.clusterer().seed()).isEqualTo(4);
        assertThat(km.iterationsRun()).isEqualTo(2);
        PQKMeans direct = PQKMeans.builder().encoder(opq).k(5).seed(4).threads(2).iterations(2).tolerance(0)
                .seedingSampleRows(64).lookupTableBytes(512).pruningMemory(0).refinement(false).build()
                .fit(DATA.asRows());
        assertThat(km.labels()).isEqualTo(direct.labels());
        assertThat(km.inertiaHistory()).isEqualTo(direct.inertiaHistory());
    }
}
