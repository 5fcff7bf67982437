package org.clostera.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelsProviderTest {
    private static final boolean VECTOR_MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    @Test
    void getReturnsTheVectorKernelsExactlyWhenTheModuleIsReadable() {
        if (VECTOR_MODULE) {
            assertThat(KernelsProvider.panama()).isPresent();
            assertThat(KernelsProvider.get()).isSameAs(KernelsProvider.panama().get());
            String bits = System.getProperty(PanamaConstants.VECTOR_BITS_PROPERTY);
            if (bits != null) {
                assertThat(KernelsProvider.get().name()).isEqualTo("panama-" + bits);
            } else {
                assertThat(KernelsProvider.get().name()).matches("panama-(128|256|512|1024|2048)");
            }
        } else {
            assertThat(KernelsProvider.panama()).isEmpty();
            assertThat(KernelsProvider.get()).isSameAs(KernelsProvider.scalar());
        }
        assertThat(KernelsProvider.scalar().name()).isEqualTo("scalar");
    }

    @Test
    void forcePropertyChoosesScalar() {
        Kernels scalar = new ScalarKernels();
        Kernels vector = new ScalarKernels() {
            @Override
            public String name() {
                return "vector-stand-in";
            }
        };
        assertThat(KernelsProvider.choose("scalar", vector, scalar)).isSameAs(scalar);
        assertThat(KernelsProvider.choose(" SCALAR ", vector, scalar)).isSameAs(scalar);
        assertThat(KernelsProvider.choose(null, vector, scalar)).isSameAs(vector);
        assertThat(KernelsProvider.choose("", vector, scalar)).isSameAs(vector);
        assertThat(KernelsProvider.choose("panama", vector, scalar)).isSameAs(vector);
        assertThat(KernelsProvider.choose("bogus", vector, scalar)).isSameAs(vector);
        assertThat(KernelsProvider.choose(null, null, scalar)).isSameAs(scalar);
        assertThat(KernelsProvider.choose("panama", null, scalar)).isSameAs(scalar);
    }

    @Test
    void theHintNamesTheFlagThatEnablesTheVectorKernels() {
        assertThat(KernelsProvider.VECTOR_MODULE_HINT)
                .contains("scalar kernels")
                .contains("'--add-modules jdk.incubator.vector'");
    }
}
