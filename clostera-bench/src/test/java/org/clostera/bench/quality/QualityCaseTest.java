package org.clostera.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QualityCaseTest {

    @Test
    void standardSweepCoversEveryCombinationWithinTheSizeBounds() {
        List<QualityCase> cases = QualityCase.standard();
        assertThat(cases).hasSize(48);
        Set<String> names = new HashSet<>();
        Set<String> combinations = new HashSet<>();
        for (QualityCase c : cases) {
            names.add(c.name());
            combinations.add(c.family() + "/" + c.sizeConcentration() + "/" + c.centerDistance() + "/"
                    + c.correlatedShare());
            assertThat(c.k()).isBetween(5, 32);
            assertThat(c.dim()).isBetween(32, 256);
            assertThat(c.rows()).isBetween(5_000, 20_000);
            // The floor of 0.2% leaves at least 10 rows to the smallest cluster.
            assertThat(c.rows() * 0.002).isGreaterThanOrEqualTo(10);
        }
        assertThat(names).hasSize(48);
        assertThat(combinations).hasSize(48);
        QualityCase first = cases.get(0);
        assertThat(first.name()).isEqualTo("gaussian-k5-d32-n5k-dist12-a1");
        assertThat(first.dataset().separation()).isEqualTo(12 / (8 + 1.5 * Math.sqrt(32)));
        assertThat(cases.get(1).dataset().noiseRank()).isEqualTo(cases.get(1).dim() / 8);
    }
}
