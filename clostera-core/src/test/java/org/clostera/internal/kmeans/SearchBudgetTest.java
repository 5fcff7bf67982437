package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How much the split/merge search may spend, and on which sample. */
class SearchBudgetTest {
    @Test
    void theSearchOverAllCodesSpendsTwiceTheLloydRunAtMostTheIterationLimit() {
        assertThat(CodeSpaceKMeans.fullSearchPasses(20, 4)).isEqualTo(8);
        assertThat(CodeSpaceKMeans.fullSearchPasses(20, 0)).isEqualTo(2);
        assertThat(CodeSpaceKMeans.fullSearchPasses(20, 18)).isEqualTo(20);
        // One whole try is always allowed.
        assertThat(CodeSpaceKMeans.fullSearch(CodeSpaceKMeans.fullSearchPasses(20, 1)).budget())
                .isEqualTo(CodeSpaceKMeans.FULL_SEARCH.iterations());
    }

    @Test
    void theSearchSampleHoldsSixtyFourRowsPerClusterUpToItsCap() {
        assertThat(Math.min((long) CodeSpaceKMeans.SEARCH_ROWS_PER_CLUSTER * 256, CodeSpaceKMeans.SEARCH_SAMPLE_CAP))
                .isEqualTo(CodeSpaceKMeans.Options.DEFAULT_SEEDING_SAMPLE_ROWS);
        assertThat(CodeSpaceKMeans.SEARCH_SAMPLE_CAP).isEqualTo(65_536);
    }
}
