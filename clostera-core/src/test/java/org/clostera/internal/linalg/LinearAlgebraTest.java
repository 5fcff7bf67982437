package org.clostera.internal.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinearAlgebraTest {

    @Test
    void systemPropertyValueJavaForcesThePureJavaPath() {
        LinearAlgebra forced = LinearAlgebra.select("java");
        assertThat(forced).isSameAs(LinearAlgebra.java());
        assertThat(forced.isNative()).isFalse();
        assertThat(forced.name()).contains("Java LAPACK");
    }

    @Test
    void autoPrefersNativeWhenPresent() {
        LinearAlgebra auto = LinearAlgebra.select("auto");
        assertThat(auto.isNative()).isEqualTo(LinearAlgebra.nativeBackend().isPresent());
        assertThat(LinearAlgebra.select(" AUTO ")).isSameAs(auto);
        assertThat(LinearAlgebra.get()).isSameAs(LinearAlgebra.select(System.getProperty(LinearAlgebra.FORCE_PROPERTY)));
    }

    @Test
    void nativeRequestedButMissingOrUnknownValueFailsClearly() {
        if (LinearAlgebra.nativeBackend().isEmpty()) {
            assertThatThrownBy(() -> LinearAlgebra.select("native")).hasMessageContaining("libopenblas0-pthread");
        } else {
            assertThat(LinearAlgebra.select("native").isNative()).isTrue();
        }
        assertThatThrownBy(() -> LinearAlgebra.select("mkl")).hasMessageContaining("must be java, native or auto");
    }
}
