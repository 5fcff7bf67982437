package org.clostera.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class AlignedFloatsTest {

    @Test
    void everyTableFitsBehindItsOffset() {
        for (int length : new int[] {0, 1, 15, 16, 17, 1000, 65_536, 262_144, 1 << 20}) {
            AlignedFloats table = AlignedFloats.allocate(length);
            assertThat(table.offset()).as("length %d", length).isBetween(0, AlignedFloats.LINE_FLOATS - 1);
            assertThat(table.array().length).as("length %d", length).isGreaterThanOrEqualTo(table.offset() + length);
            for (float value : table.array()) {
                assertThat(value).as("zeroed").isZero();
            }
        }
    }

    @Test
    void underG1TheOffsetSkipsTheArrayHeaderToTheNextCacheLine() {
        boolean g1 = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).anyMatch(name -> name.startsWith("G1 "));
        if (!g1 || !AlignedFloats.enabled()) {
            assertThat(AlignedFloats.allocate(1 << 20).offset()).isZero();
            return;
        }
        // A 1 MiB table: humongous (region-aligned) with any region size up to 8 MiB, so the 16-byte array
        // header (12 bytes with compact object headers) is followed by 12 (13) floats of padding.
        AlignedFloats table = AlignedFloats.allocate(1 << 18);
        assertThat(table.offset()).isIn(12, 13);
        // Tiny tables are not padded up to half a region unless that costs at most 4x their size.
        assertThat(AlignedFloats.allocate(64).array().length).isLessThan(1 << 16);
    }

    @Test
    void rejectsNegativeLengths() {
        assertThatThrownBy(() -> AlignedFloats.allocate(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
