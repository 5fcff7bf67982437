package org.clostera.internal.kernels;

/** Vector API kernels. Placeholder until the SIMD kernels land: behaves exactly like the scalar ones. */
final class PanamaKernels extends ScalarKernels {
    PanamaKernels() {
    }

    @Override
    public String name() {
        return "panama-placeholder";
    }
}
