package org.clostera.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector species used by {@link PanamaKernels}. Kept out of the kernels class (Lucene's habit) so that the
 * constructor's checks run before any species is initialised; {@code static final} so C2 constant-folds
 * the species and intrinsifies every vector operation.
 */
final class PanamaConstants {
    /**
     * Forces a narrower vector size in bits (64 * 2^k) to test the 128/256-bit code paths on a wider
     * machine. For correctness tests only.
     */
    static final String VECTOR_BITS_PROPERTY = "clostera.kernels.vectorBits";

    static final VectorSpecies<Float> FLOATS = floatSpecies();
    static final int LANES = FLOATS.length();
    /** Doubles of the same bit size as {@link #FLOATS} (half the lanes), for exact float-to-double widening. */
    static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, FLOATS.vectorShape());
    /** Ints with as many lanes as {@link #FLOATS} (same bit size), for masks that combine with float ones. */
    static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());

    /**
     * Bytes of the bit size of {@link #FLOATS}, at most 256 bits: one vector is at most one
     * {@code Kernels.QUANTIZED_WIDTH_ALIGNMENT}-byte row segment of the quantized tables.
     */
    static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(Math.min(256, FLOATS.vectorBitSize())));
    /** Shorts of the shape of {@link #BYTES} (half its lanes): the quantized kernel's 16-bit accumulators. */
    static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class, BYTES.vectorShape());
    /** Bytes of half the bit size of {@link #BYTES}: as many lanes as {@link #SHORTS}, loaded to be widened into them. */
    static final VectorSpecies<Byte> HALF_BYTES = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(BYTES.vectorBitSize() / 2));

    /** Floats of half the bit size of {@link #FLOATS}: as many lanes as {@link #DOUBLES}, for double-to-float rounding. */
    static final VectorSpecies<Float> HALF_FLOATS = VectorSpecies.of(float.class,
            VectorShape.forBitSize(FLOATS.vectorBitSize() / 2));
    /** Ints with as many lanes as {@link #HALF_FLOATS}. */
    static final VectorSpecies<Integer> HALF_INTS = VectorSpecies.of(int.class, HALF_FLOATS.vectorShape());

    private PanamaConstants() {
    }

    /** The vector size the kernels will use: the preferred one unless {@link #VECTOR_BITS_PROPERTY} forces one. */
    static int vectorBitSize() {
        String forced = System.getProperty(VECTOR_BITS_PROPERTY);
        return forced == null ? VectorShape.preferredShape().vectorBitSize() : Integer.parseInt(forced.trim());
    }

    private static VectorSpecies<Float> floatSpecies() {
        int bits = vectorBitSize();
        return bits == VectorShape.preferredShape().vectorBitSize()
                ? FloatVector.SPECIES_PREFERRED
                : VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
    }
}
