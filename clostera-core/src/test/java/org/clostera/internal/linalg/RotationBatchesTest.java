package org.clostera.internal.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.clostera.InvalidParameterException;
import org.junit.jupiter.api.Test;

class RotationBatchesTest {

    @Test
    void sizesBatchesFromTheDefaultTarget() {
        // 32 MiB of floats at D = 2048: 4096 rows
        assertThat(RotationBatches.rows(2048, Map.of())).isEqualTo(4096);
        assertThat(RotationBatches.rows(100, Map.of())).isEqualTo((32 << 20) / 400);
    }

    @Test
    void environmentVariableOverridesTheTarget() {
        assertThat(RotationBatches.rows(2048, Map.of(RotationBatches.ENV, "8"))).isEqualTo(1024);
        assertThat(RotationBatches.rows(2048, Map.of(RotationBatches.ENV, " 256 "))).isEqualTo(32768);
        // at least one row even for huge rows
        assertThat(RotationBatches.rowsForMib(1 << 20, 1)).isEqualTo(1);
    }

    @Test
    void rejectsInvalidValuesNamingTheVariable() {
        assertThatThrownBy(() -> RotationBatches.rows(64, Map.of(RotationBatches.ENV, "lots")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining(RotationBatches.ENV);
        assertThatThrownBy(() -> RotationBatches.rows(64, Map.of(RotationBatches.ENV, "0")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("1..8192");
    }
}
