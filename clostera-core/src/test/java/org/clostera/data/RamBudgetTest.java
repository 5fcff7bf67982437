package org.clostera.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.clostera.InvalidParameterException;
import org.junit.jupiter.api.Test;

class RamBudgetTest {

    @Test
    void parsesSizesWithBinaryUnits() {
        assertThat(RamBudget.parse("8g").bytes()).isEqualTo(8L << 30);
        assertThat(RamBudget.parse("512m").bytes()).isEqualTo(512L << 20);
        assertThat(RamBudget.parse("512M").bytes()).isEqualTo(512L << 20);
        assertThat(RamBudget.parse("1.5G").bytes()).isEqualTo(3L << 29);
        assertThat(RamBudget.parse("2GiB").bytes()).isEqualTo(2L << 30);
        assertThat(RamBudget.parse("100kb").bytes()).isEqualTo(102_400);
        assertThat(RamBudget.parse(" 65536 ").bytes()).isEqualTo(65_536);
        assertThat(RamBudget.parse("1t").bytes()).isEqualTo(1L << 40);
        assertThat(RamBudget.parse("512m").toString()).isEqualTo("512m");
        assertThat(RamBudget.parse("1.5g").toString()).isEqualTo("1.50g");
    }

    @Test
    void rejectsUnreadableOrTooSmallSizes() {
        for (String bad : new String[] {"", "abc", "-1g", "8x", "g", "1..5m"}) {
            assertThatThrownBy(() -> RamBudget.parse(bad)).as(bad).isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("cannot read RAM size '" + bad + "'");
        }
        assertThatThrownBy(() -> RamBudget.parse("1k")).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("at least 65536 bytes, got 1024");
        assertThatThrownBy(() -> RamBudget.parse(null)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> RamBudget.parse("99999999t")).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("too large");
    }

    @Test
    void splitsTheBudgetIntoDocumentedShares() {
        RamBudget b = RamBudget.parse("1g");
        assertThat(b.trainingSampleBytes()).isEqualTo(256L << 20);
        assertThat(b.encodeBatchBytes()).isEqualTo(128L << 20);
        assertThat(b.rowDataBytes()).isEqualTo(640L << 20);
        // 256 MiB of training share holds 262144 rows of D = 256; the default 32768 is untouched.
        assertThat(b.trainRows(32_768, 256)).isEqualTo(32_768);
        assertThat(b.trainRows(1_000_000, 256)).isEqualTo(262_144);
        // Two batches in 128 MiB: 65536 rows of D = 256, capped by the unbudgeted default.
        assertThat(b.encodeBatchRows(256, 32_768)).isEqualTo(32_768);
        assertThat(b.encodeBatchRows(256, 1 << 20)).isEqualTo(65_536);
        assertThat(RamBudget.ofBytes(65_536).encodeBatchRows(1 << 20, 256)).isEqualTo(1);
        // 640 MiB per-row share: labels (4 B) + codes (16 B) of up to 33554432 rows stay in heap.
        assertThat(b.codesFitInHeap(33_554_432, 16)).isTrue();
        assertThat(b.codesFitInHeap(33_554_433, 16)).isFalse();
        assertThat(b.labelsFit(167_772_160)).isTrue();
        assertThat(b.labelsFit(167_772_161)).isFalse();
        assertThatThrownBy(() -> b.requireLabelsFit(200_000_000)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("too small for the labels of 200000000 rows");
    }

    @Test
    void unlimitedKeepsEverything() {
        RamBudget u = RamBudget.UNLIMITED;
        assertThat(u.unlimited()).isTrue();
        assertThat(u.codesFitInHeap(Long.MAX_VALUE / 256, 256)).isTrue();
        assertThat(u.labelsFit(Long.MAX_VALUE)).isTrue();
        assertThat(u.trainRows(32_768, 4096)).isEqualTo(32_768);
        assertThat(u.toString()).isEqualTo("unlimited");
    }
}
