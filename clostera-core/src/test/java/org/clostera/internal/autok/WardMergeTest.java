package org.clostera.internal.autok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WardMergeTest {

    @Test
    void mergesTheCheapestPairsIntoWeightedMeans() {
        // 1-D centers 0, 1, 10, 12: Ward costs (equal counts) 0.5 for {0, 1}, 2 for {10, 12}, far more otherwise.
        float[] centers = {0, 1, 10, 12};
        assertThat(WardMerge.mergeTo(centers, new long[] {3, 1, 1, 1}, 3, 1)).containsExactly(0.25f, 10f, 12f);
        assertThat(WardMerge.mergeTo(centers, new long[] {3, 1, 1, 1}, 2, 1)).containsExactly(0.25f, 11f);
        assertThat(WardMerge.mergeTo(centers, new long[] {3, 1, 1, 1}, 4, 1)).containsExactly(0f, 1f, 10f, 12f);
    }

    @Test
    void anEmptyCenterMergesFirstAndDisappears() {
        // Center 1 (index 2) holds no points: merging it costs nothing and keeps its partner's position.
        float[] centers = {0, 0, 5, 5, 100, 100};
        assertThat(WardMerge.mergeTo(centers, new long[] {10, 10, 0}, 2, 2)).containsExactly(0f, 0f, 5f, 5f);
    }

    @Test
    void rejectsATargetOutsideOneToK() {
        assertThatThrownBy(() -> WardMerge.mergeTo(new float[] {0, 1}, new long[] {1, 1}, 3, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot merge 2 centers to 3");
    }
}
