package org.clostera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.clostera.cluster.AutoKOptions;
import org.clostera.cluster.KMeansSettings;
import org.clostera.cluster.OPQMeans;
import org.clostera.cluster.PQKMeans;
import org.clostera.cluster.RefinementSettings;
import org.clostera.quantize.EncoderSettings;
import org.clostera.quantize.OPQEncoder;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every builder setting and settings record rejects a bad value where it is set (or, for the auto-K settings that
 * are checked together, at {@code build()}), with an {@link InvalidParameterException} whose message names the
 * setting and what is allowed. No data is read.
 */
class SettingsValidationTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                // The records: one check per setting, whoever sets it.
                arguments("EncoderSettings subquantizers", (ThrowingCallable) () -> EncoderSettings.defaults()
                        .withSubquantizers(-1), "subquantizers M must be >= 1 (or 0 for the default), got -1"),
                arguments("EncoderSettings codebookSize", (ThrowingCallable) () -> EncoderSettings.defaults()
                        .withCodebookSize(257), "codebookSize Ks must be in 2..256 (codes are one unsigned byte), got 257"),
                arguments("EncoderSettings iterations", (ThrowingCallable) () -> EncoderSettings.defaults()
                        .withIterations(-1), "encoderIterations must be >= 0, got -1"),
                arguments("EncoderSettings opqIterations", (ThrowingCallable) () -> EncoderSettings.defaults()
                        .withOpqIterations(-1), "opqIterations must be >= 0, got -1"),
                arguments("EncoderSettings trainRows", (ThrowingCallable) () -> EncoderSettings.defaults()
                        .withTrainRows(0), "trainRows must be >= 1, got 0"),
                arguments("KMeansSettings iterations", (ThrowingCallable) () -> KMeansSettings.defaults()
                        .withIterations(-1), "iterations must be >= 0, got -1"),
                arguments("KMeansSettings tolerance NaN", (ThrowingCallable) () -> KMeansSettings.defaults()
                        .withTolerance(Double.NaN), "tolerance must be a finite number >= 0, got NaN"),
                arguments("KMeansSettings tolerance negative", (ThrowingCallable) () -> KMeansSettings.defaults()
                        .withTolerance(-0.1), "tolerance must be a finite number >= 0, got -0.1"),
                arguments("KMeansSettings seedingSampleRows", (ThrowingCallable) () -> KMeansSettings.defaults()
                        .withSeedingSampleRows(0), "seedingSampleRows must be >= 1, got 0"),
                arguments("KMeansSettings lookupTableBytes", (ThrowingCallable) () -> KMeansSettings.defaults()
                        .withLookupTableBytes(0), "lookupTableBytes must be >= 1, got 0"),
                arguments("KMeansSettings pruningMemory", (ThrowingCallable) () -> KMeansSettings.defaults()
                        .withPruningMemory(-2), "pruningMemory must be >= 0 bytes (0 = no pruning, -1 = automatic), got -2"),
                arguments("RefinementSettings rawIterations", (ThrowingCallable) () -> RefinementSettings.defaults()
                        .withRawIterations(-1), "rawRefinementIterations must be >= 0, got -1"),
                arguments("RefinementSettings constructor", (ThrowingCallable) () -> new RefinementSettings(true, -3),
                        "rawRefinementIterations must be >= 0, got -3"),
                // Clusterer.Builder: each setter writes through a record, so its message is the record's.
                arguments("Clusterer k", (ThrowingCallable) () -> Clusterer.builder().k(0),
                        "k must be >= 1 (or null to choose it automatically), got 0"),
                arguments("Clusterer threads", (ThrowingCallable) () -> Clusterer.builder().threads(-1),
                        "threads must be >= 1 (or 0 for all cores), got -1"),
                arguments("Clusterer subquantizers", (ThrowingCallable) () -> Clusterer.builder().subquantizers(-2),
                        "subquantizers M must be >= 1"),
                arguments("Clusterer codebookSize", (ThrowingCallable) () -> Clusterer.builder().codebookSize(1),
                        "codebookSize Ks must be in 2..256"),
                arguments("Clusterer encoderIterations", (ThrowingCallable) () -> Clusterer.builder()
                        .encoderIterations(-1), "encoderIterations must be >= 0"),
                arguments("Clusterer trainRows", (ThrowingCallable) () -> Clusterer.builder().trainRows(0),
                        "trainRows must be >= 1"),
                arguments("Clusterer opqIterations", (ThrowingCallable) () -> Clusterer.builder().opqIterations(-1),
                        "opqIterations must be >= 0"),
                arguments("Clusterer iterations", (ThrowingCallable) () -> Clusterer.builder().iterations(-1),
                        "iterations must be >= 0"),
                arguments("Clusterer tolerance", (ThrowingCallable) () -> Clusterer.builder()
                        .tolerance(Double.POSITIVE_INFINITY), "tolerance must be a finite number >= 0"),
                arguments("Clusterer lookupTableBytes", (ThrowingCallable) () -> Clusterer.builder()
                        .lookupTableBytes(0), "lookupTableBytes must be >= 1"),
                arguments("Clusterer seedingSampleRows", (ThrowingCallable) () -> Clusterer.builder()
                        .seedingSampleRows(0), "seedingSampleRows must be >= 1"),
                arguments("Clusterer pruningMemory", (ThrowingCallable) () -> Clusterer.builder().pruningMemory(-5),
                        "pruningMemory must be >= 0 bytes"),
                arguments("Clusterer rawRefinementIterations", (ThrowingCallable) () -> Clusterer.builder()
                        .rawRefinementIterations(-1), "rawRefinementIterations must be >= 0"),
                arguments("Clusterer metric", (ThrowingCallable) () -> Clusterer.builder().metric(null),
                        "metric is null"),
                arguments("Clusterer maxRamBytes", (ThrowingCallable) () -> Clusterer.builder().maxRamBytes(1000),
                        "RAM budget must be at least 65536 bytes, got 1000"),
                arguments("Clusterer encoder(null)", (ThrowingCallable) () -> Clusterer.builder()
                        .encoder((EncoderSettings) null), "encoder settings must not be null"),
                arguments("Clusterer kmeans(null)", (ThrowingCallable) () -> Clusterer.builder().kmeans(null),
                        "k-means settings must not be null"),
                arguments("Clusterer refinement(null)", (ThrowingCallable) () -> Clusterer.builder()
                        .refinement((RefinementSettings) null), "refinement settings must not be null"),
                arguments("Clusterer autoK(null)", (ThrowingCallable) () -> Clusterer.builder().autoK(null),
                        "autoK options must not be null"),
                arguments("AutoKOptions withSampleRows", (ThrowingCallable) () -> AutoKOptions.defaults()
                        .withSampleRows(1), "autoKSampleRows must be >= 2, got 1"),
                arguments("AutoKOptions withCandidates", (ThrowingCallable) () -> AutoKOptions.defaults()
                        .withCandidates(4), "autoKCandidates needs at least 2 candidates"),
                arguments("Clusterer autoKMethod", (ThrowingCallable) () -> Clusterer.builder().autoKMethod(null),
                        "autoKMethod must not be null"),
                // The auto-K settings are checked together when built.
                arguments("Clusterer autoKSampleRows", (ThrowingCallable) () -> Clusterer.builder().autoKSampleRows(1)
                        .build(), "autoKSampleRows must be >= 2, got 1"),
                arguments("Clusterer autoKMin", (ThrowingCallable) () -> Clusterer.builder().autoKMin(1).build(),
                        "autoKMin must be >= 2, got 1"),
                arguments("Clusterer autoKMax", (ThrowingCallable) () -> Clusterer.builder().autoKMax(1).build(),
                        "autoKMax must be >= 2, got 1"),
                arguments("Clusterer autoKMin > autoKMax", (ThrowingCallable) () -> Clusterer.builder().autoKMin(9)
                        .autoKMax(4).build(), "autoKMin (9) must be smaller than autoKMax (4)"),
                arguments("Clusterer autoKStep", (ThrowingCallable) () -> Clusterer.builder().autoKStep(0).build(),
                        "autoKStep must be >= 1, got 0"),
                arguments("Clusterer autoKCandidates", (ThrowingCallable) () -> Clusterer.builder()
                        .autoKCandidates(1, 4).build(), "autoKCandidates must all be >= 2, got 1"),
                arguments("Clusterer autoKCandidates with autoKMin", (ThrowingCallable) () -> Clusterer.builder()
                        .autoKCandidates(2, 4).autoKMin(3).build(),
                        "give either autoKCandidates or autoKMin/autoKMax/autoKStep, not both"),
                // PQKMeans.Builder and OPQMeans.Builder: the same records, and the encoder is required.
                arguments("PQKMeans k", (ThrowingCallable) () -> PQKMeans.builder().k(-1),
                        "k must be >= 1 (or null to choose it automatically), got -1"),
                arguments("PQKMeans threads", (ThrowingCallable) () -> PQKMeans.builder().threads(-1),
                        "threads must be >= 1"),
                arguments("PQKMeans iterations", (ThrowingCallable) () -> PQKMeans.builder().iterations(-1),
                        "iterations must be >= 0"),
                arguments("PQKMeans tolerance", (ThrowingCallable) () -> PQKMeans.builder().tolerance(Double.NaN),
                        "tolerance must be a finite number >= 0"),
                arguments("PQKMeans lookupTableBytes", (ThrowingCallable) () -> PQKMeans.builder().lookupTableBytes(0),
                        "lookupTableBytes must be >= 1"),
                arguments("PQKMeans seedingSampleRows", (ThrowingCallable) () -> PQKMeans.builder()
                        .seedingSampleRows(0), "seedingSampleRows must be >= 1"),
                arguments("PQKMeans pruningMemory", (ThrowingCallable) () -> PQKMeans.builder().pruningMemory(-2),
                        "pruningMemory must be >= 0 bytes"),
                arguments("PQKMeans kmeans(null)", (ThrowingCallable) () -> PQKMeans.builder().kmeans(null),
                        "k-means settings are null"),
                arguments("PQKMeans autoK(null)", (ThrowingCallable) () -> PQKMeans.builder().autoK(null),
                        "autoK options must not be null"),
                arguments("PQKMeans autoKSampleRows", (ThrowingCallable) () -> PQKMeans.builder().autoKSampleRows(0)
                        .encoder(TinyEncoders.PQ).build(), "autoKSampleRows must be >= 2, got 0"),
                arguments("PQKMeans without encoder", (ThrowingCallable) () -> PQKMeans.builder().k(3).build(),
                        "PQKMeans clusters codes and needs the encoder that made them"),
                arguments("OPQMeans k", (ThrowingCallable) () -> OPQMeans.builder().k(0), "k must be >= 1"),
                arguments("OPQMeans iterations", (ThrowingCallable) () -> OPQMeans.builder().iterations(-1),
                        "iterations must be >= 0"),
                arguments("OPQMeans tolerance", (ThrowingCallable) () -> OPQMeans.builder().tolerance(-1),
                        "tolerance must be a finite number >= 0"),
                arguments("OPQMeans lookupTableBytes", (ThrowingCallable) () -> OPQMeans.builder().lookupTableBytes(0),
                        "lookupTableBytes must be >= 1"),
                arguments("OPQMeans seedingSampleRows", (ThrowingCallable) () -> OPQMeans.builder()
                        .seedingSampleRows(-1), "seedingSampleRows must be >= 1"),
                arguments("OPQMeans pruningMemory", (ThrowingCallable) () -> OPQMeans.builder().pruningMemory(-2),
                        "pruningMemory must be >= 0 bytes"),
                arguments("OPQMeans threads", (ThrowingCallable) () -> OPQMeans.builder().threads(-3),
                        "threads must be >= 1"),
                arguments("OPQMeans plain PQ encoder", (ThrowingCallable) () -> OPQMeans.builder()
                        .encoder(TinyEncoders.PQ), "OPQMeans needs an encoder trained with a rotation (OPQEncoder)"),
                arguments("OPQMeans without encoder", (ThrowingCallable) () -> OPQMeans.builder().k(3).build(),
                        "OPQMeans clusters codes and needs the encoder that made them"),
                // The encoder builders hold EncoderSettings too.
                arguments("PQEncoder subquantizers", (ThrowingCallable) () -> PQEncoder.builder().subquantizers(-1),
                        "subquantizers M must be >= 1"),
                arguments("PQEncoder codebookSize", (ThrowingCallable) () -> PQEncoder.builder().codebookSize(0),
                        "codebookSize Ks must be in 2..256"),
                arguments("PQEncoder iterations", (ThrowingCallable) () -> PQEncoder.builder().iterations(-1),
                        "encoderIterations must be >= 0"),
                arguments("PQEncoder trainRows", (ThrowingCallable) () -> PQEncoder.builder().trainRows(0),
                        "trainRows must be >= 1"),
                arguments("PQEncoder threads", (ThrowingCallable) () -> PQEncoder.builder().threads(-1),
                        "threads must be >= 1"),
                arguments("PQEncoder batchRows", (ThrowingCallable) () -> PQEncoder.builder().batchRows(-1),
                        "batchRows must be >= 1 (or 0 for the default), got -1"),
                arguments("PQEncoder settings(null)", (ThrowingCallable) () -> PQEncoder.builder().settings(null),
                        "encoder settings are null"),
                arguments("OPQEncoder opqIterations", (ThrowingCallable) () -> OPQEncoder.builder().opqIterations(-1),
                        "opqIterations must be >= 0"),
                arguments("OPQEncoder codebookSize", (ThrowingCallable) () -> OPQEncoder.builder().codebookSize(300),
                        "codebookSize Ks must be in 2..256"),
                arguments("OPQEncoder trainRows", (ThrowingCallable) () -> OPQEncoder.builder().trainRows(-1),
                        "trainRows must be >= 1"),
                arguments("OPQEncoder settings(null)", (ThrowingCallable) () -> OPQEncoder.builder().settings(null),
                        "encoder settings are null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void rejectsABadValueNamingTheSetting(String setting, ThrowingCallable set, String message) {
        assertThatThrownBy(set).isInstanceOf(InvalidParameterException.class).hasMessageContaining(message);
    }

    @Test
    void defaultsAreDefinedOnceInTheRecords() {
        assertThat(EncoderSettings.defaults()).isEqualTo(new EncoderSettings(true, 0, 256, 25, 3, 32768));
        assertThat(KMeansSettings.defaults()).isEqualTo(new KMeansSettings(20, 1e-4, 16384, 4L << 20, -1));
        assertThat(KMeansSettings.defaults().automaticPruningMemory()).isTrue();
        assertThat(RefinementSettings.defaults()).isEqualTo(new RefinementSettings(true, null));
        // A builder's defaults are the records' defaults.
        Clusterer.Config config = Clusterer.builder().build().config();
        assertThat(config.encoder()).isEqualTo(EncoderSettings.defaults());
        assertThat(config.kmeans()).isEqualTo(KMeansSettings.defaults());
        assertThat(config.refinement()).isEqualTo(RefinementSettings.defaults());
        assertThat(config.autoK().toString()).isEqualTo(AutoKOptions.defaults().toString());
        PQKMeans km = PQKMeans.builder().encoder(TinyEncoders.PQ).build();
        assertThat(km.kmeansSettings()).isEqualTo(KMeansSettings.defaults());
        assertThat(km.splitMerge()).isEqualTo(RefinementSettings.defaults().splitMerge());
    }

    @Test
    void withMethodsChangeOneSettingAndKeepTheRest() {
        EncoderSettings e = EncoderSettings.defaults().withOpq(false).withSubquantizers(8).withCodebookSize(64)
                .withIterations(5).withOpqIterations(1).withTrainRows(1000);
        assertThat(e).isEqualTo(new EncoderSettings(false, 8, 64, 5, 1, 1000));
        KMeansSettings k = KMeansSettings.defaults().withIterations(7).withTolerance(0).withSeedingSampleRows(99)
                .withLookupTableBytes(4096).withPruningMemory(0);
        assertThat(k).isEqualTo(new KMeansSettings(7, 0, 99, 4096, 0));
        assertThat(k.automaticPruningMemory()).isFalse();
        RefinementSettings r = RefinementSettings.defaults().withSplitMerge(false).withRawIterations(4);
        assertThat(r).isEqualTo(new RefinementSettings(false, 4));
        assertThat(r.withAutomaticRawIterations()).isEqualTo(new RefinementSettings(false, null));
        AutoKOptions autoK = AutoKOptions.defaults().withMethod(org.clostera.cluster.AutoKMethod.ELBOW)
                .withCandidates(8, 4).withSampleRows(500);
        assertThat(autoK.toString()).isEqualTo("AutoKOptions[method=elbow, candidates=[4, 8], sampleRows=500]");
        assertThat(AutoKOptions.builder().min(3).max(9).build().withCandidates(2, 5).min()).isNull();
    }
}
