package org.clostera.io.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.clostera.InvalidDataException;
import org.junit.jupiter.api.Test;

class NpyStreamVectorSourceTest {

    @Test
    void readsTheSameValuesAsTheMappedReader() {
        try (NpyStreamVectorSource streamed = NpyStreamVectorSource.open(NpyFixtures.fixture("f32_le.npy"));
             NpyVectorSource mapped = NpyVectorSource.open(NpyFixtures.fixture("f32_le.npy"))) {
            assertThat(streamed.rows()).isEqualTo(mapped.rows());
            assertThat(streamed.dim()).isEqualTo(mapped.dim());
            int n = (int) mapped.rows();
            float[] a = new float[n * mapped.dim()];
            float[] b = new float[n * mapped.dim()];
            streamed.read(0, n, a, 0);
            mapped.read(0, n, b, 0);
            assertThat(a).containsExactly(b);
            assertThat(a[mapped.dim() + 1]).isEqualTo(NpyFixtures.base(1, 1, mapped.dim()));
        }
    }

    @Test
    void rejectsWhatItCannotStreamAndBadData() {
        assertThatThrownBy(() -> NpyStreamVectorSource.open(NpyFixtures.fixture("f64_le.npy")))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("little-endian float32");
        assertThatThrownBy(() -> NpyStreamVectorSource.open(NpyFixtures.fixture("f32_truncated.npy")))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("truncated");
        try (NpyStreamVectorSource nan = NpyStreamVectorSource.open(NpyFixtures.fixture("f32_nan.npy"))) {
            assertThat(nan.checksFinite()).isTrue();
            float[] all = new float[(int) nan.rows() * nan.dim()];
            assertThatThrownBy(() -> nan.read(0, (int) nan.rows(), all, 0)).isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("non-finite").hasMessageContaining("f32_nan.npy");
        }
    }
}
