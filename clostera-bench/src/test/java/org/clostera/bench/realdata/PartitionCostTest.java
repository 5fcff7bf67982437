package org.clostera.bench.realdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PartitionCostTest {
    @Test
    void sumsSquaredDistancesToEachClustersMeanPerValue() {
        // Cluster 7: (0,0), (2,0) -> mean (1,0), cost 1 + 1. Cluster -3: (0,1), (0,5), (0,3) -> mean (0,3),
        // cost 4 + 4 + 0. Total 10 over 5 rows x 2 dims.
        float[] rows = {0, 0, 0, 1, 2, 0, 0, 5, 0, 3};
        int[] labels = {7, -3, 7, -3, -3};
        assertThat(PartitionCost.ssePerDim(rows, 2, labels)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aRowAloneCostsNothingAndOneClusterCostsTheTotalVariance() {
        float[] rows = {1, 2, 3, 4};
        assertThat(PartitionCost.ssePerDim(rows, 1, new int[] {0, 1, 2, 3})).isZero();
        assertThat(PartitionCost.ssePerDim(rows, 1, new int[] {5, 5, 5, 5})).isCloseTo(1.25, within(1e-12));
    }

    @Test
    void staysExactFarFromTheOrigin() {
        // Sums in double: float rows at 1e6 +- 1 keep their spread.
        float[] rows = {1e6f - 1, 1e6f + 1, 1e6f - 1, 1e6f + 1};
        assertThat(PartitionCost.ssePerDim(rows, 1, new int[] {0, 0, 0, 0})).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void rejectsLabelsThatDoNotMatchTheRows() {
        assertThatThrownBy(() -> PartitionCost.ssePerDim(new float[6], 2, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("need 2 x 2 values, got 6");
    }
}
