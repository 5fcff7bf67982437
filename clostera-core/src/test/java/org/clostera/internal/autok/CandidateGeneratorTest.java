package org.clostera.internal.autok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.clostera.InvalidParameterException;
import org.clostera.cluster.AutoKOptions;
import org.junit.jupiter.api.Test;

class CandidateGeneratorTest {

    @Test
    void templateAlternatesPowersOfTwoAndOneAndAHalfTimesThem() {
        assertThat(CandidateGenerator.template(256))
                .containsExactly(4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256);
        assertThat(CandidateGenerator.template(100)).containsExactly(4, 6, 8, 12, 16, 24, 32, 48, 64, 96);
    }

    @Test
    void defaultTemplateStopsAt128SampleRowsPerCluster() {
        CandidateGenerator.Candidates big = CandidateGenerator.resolve(AutoKOptions.defaults(), 10_000_000L, 16384);
        assertThat(big.ks()).containsExactly(4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128);
        assertThat(CandidateGenerator.resolve(AutoKOptions.builder().sampleRows(65536).build(), 10_000_000L, 65536)
                .ks()).endsWith(256, 384, 512);
        assertThat(big.source()).isEqualTo("template");
        CandidateGenerator.Candidates small = AutoKAnalysis.validate(AutoKOptions.defaults(), 2000);
        assertThat(small.ks()).containsExactly(4, 6, 8, 12);
    }

    @Test
    void tinyDataFallsBackToSmallRange() {
        assertThat(AutoKAnalysis.validate(AutoKOptions.defaults(), 100).ks()).containsExactly(2, 3, 4, 5, 6, 7, 8);
        assertThat(AutoKAnalysis.validate(AutoKOptions.defaults(), 3).ks()).containsExactly(2, 3);
        assertThatThrownBy(() -> AutoKAnalysis.validate(AutoKOptions.defaults(), 2))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("at least 3 rows");
    }

    @Test
    void explicitCandidatesAreHonouredSorted() {
        AutoKOptions options = AutoKOptions.builder().candidates(10, 3, 7).build();
        CandidateGenerator.Candidates c = AutoKAnalysis.validate(options, 500);
        assertThat(c.ks()).containsExactly(3, 7, 10);
        assertThat(c.source()).isEqualTo("explicit");
    }

    @Test
    void rangeWithStepAndTemplateWithinBounds() {
        AutoKOptions range = AutoKOptions.builder().min(5).max(20).step(5).build();
        assertThat(AutoKAnalysis.validate(range, 10_000).ks()).containsExactly(5, 10, 15, 20);
        assertThat(AutoKAnalysis.validate(range, 10_000).source()).isEqualTo("range");
        AutoKOptions bounded = AutoKOptions.builder().min(5).max(40).build();
        assertThat(AutoKAnalysis.validate(bounded, 10_000).ks()).containsExactly(5, 6, 8, 12, 16, 24, 32, 40);
        AutoKOptions stepOnly = AutoKOptions.builder().step(2).build();
        assertThat(AutoKAnalysis.validate(stepOnly, 1280).ks()).containsExactly(2, 4, 6, 8, 10);
    }

    @Test
    void badParametersGetClearErrors() {
        assertThatThrownBy(() -> AutoKOptions.builder().min(20).max(10).build())
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("autoKMin (20) must be smaller than autoKMax (10) so that there are at least 2 candidates");
        assertThatThrownBy(() -> AutoKOptions.builder().candidates(8).build())
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("autoKCandidates needs at least 2 candidates");
        assertThatThrownBy(() -> AutoKOptions.builder().candidates(4, 1).build())
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining(">= 2");
        assertThatThrownBy(() -> AutoKOptions.builder().candidates(4, 4, 8).build())
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("contains 4 twice");
        assertThatThrownBy(() -> AutoKOptions.builder().candidates(4, 8).min(3).build())
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> AutoKOptions.builder().step(0).build())
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("autoKStep must be >= 1");
        assertThatThrownBy(() -> AutoKOptions.builder().sampleRows(1).build())
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("autoKSampleRows");
        AutoKOptions tooMany = AutoKOptions.builder().candidates(4, 600).build();
        assertThatThrownBy(() -> AutoKAnalysis.validate(tooMany, 500))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("autoKCandidates: K = 600 is more than the 500 rows of the data");
        AutoKOptions smallSample = AutoKOptions.builder().candidates(4, 600).sampleRows(400).build();
        assertThatThrownBy(() -> AutoKAnalysis.validate(smallSample, 5000))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("more than the 400 sampled rows; raise autoKSampleRows");
        AutoKOptions narrow = AutoKOptions.builder().min(40).max(45).step(10).build();
        assertThatThrownBy(() -> AutoKAnalysis.validate(narrow, 5000))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("at least 2 candidates");
    }
}
