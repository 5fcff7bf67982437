package org.clostera;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AutomaticRawRefinementTest {
    @Test
    void smallDataGetsTwentyIterations() {
        assertThat(AutomaticRawRefinement.iterations(1_797, 64, 10, 256)).isEqualTo(20);
        assertThat(AutomaticRawRefinement.iterations(20_000, 384, 20, 256)).isEqualTo(20);
    }

    @Test
    void passesCostAtMostTwiceTheEncodersDistanceWork() {
        assertThat(AutomaticRawRefinement.iterations(100_000, 128, 64, 256)).isEqualTo(8);
        assertThat(AutomaticRawRefinement.iterations(100_000, 128, 64, 64)).isEqualTo(2);
        assertThat(AutomaticRawRefinement.iterations(100_000, 128, 65, 64)).isZero();
        assertThat(AutomaticRawRefinement.iterations(100_000, 128, 1_024, 256)).isZero();
        assertThat(AutomaticRawRefinement.iterations(100_000, 128, 1, 256)).isEqualTo(20);
    }

    @Test
    void inputsAboveOneGibibyteOfFloatsAreNotReadAgain() {
        assertThat(AutomaticRawRefinement.iterations(1L << 20, 256, 8, 256)).isEqualTo(20);
        assertThat(AutomaticRawRefinement.iterations((1L << 20) + 1, 256, 8, 256)).isZero();
        assertThat(AutomaticRawRefinement.iterations(200_000, 2_048, 64, 64)).isZero();
        assertThat(AutomaticRawRefinement.iterations(3_000_000_000L, 1, 2, 256)).isZero();
        // Few dimensions: the row count bounds the per-row label memory.
        assertThat(AutomaticRawRefinement.iterations(1L << 24, 8, 8, 256)).isEqualTo(20);
        assertThat(AutomaticRawRefinement.iterations((1L << 24) + 1, 8, 8, 256)).isZero();
    }
}
