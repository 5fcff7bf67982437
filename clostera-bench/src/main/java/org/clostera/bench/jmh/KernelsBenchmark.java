package org.clostera.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.clostera.internal.kernels.AlignedFloats;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scalar / Vector API pairs of the hot kernels at the shapes clostera runs (D=2048, M=64, Ks=64):
 * PQ encoding ({@code nearestCodewords}, ns per vector for all 64 subspaces), code-space k-means
 * assignment ({@code lookupArgmin}, ns per code against K centers) and its table build
 * ({@code subspaceDistanceTable}, ns per full M x Ks x K table), and the 8-bit pre-filter of pruned passes
 * ({@code quantizedMinima}, ns per code against a 32-center group, next to the float kernel on the same group).
 * Every setup runs both implementations
 * once and throws if they disagree, so a fast but wrong kernel cannot win.
 *
 * <p>Next to JMH's wall-clock score each benchmark reports {@code cpuNanosPerOp}, the thread's CPU time per
 * operation: on a shared, oversubscribed machine the wall clock also counts time spent descheduled.
 *
 * <p>Run: {@code java -jar clostera-bench/target/benchmarks.jar KernelsBenchmark -f 1 -wi 3 -i 5}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KernelsBenchmark {
    static final int DIM = 2048;
    static final int SUBQUANTIZERS = 64;
    static final int WIDTH = DIM / SUBQUANTIZERS;
    static final int CODEBOOK_SIZE = 64;
    static final int ENCODE_ROWS = 1024;
    static final int LOOKUP_CODES = 16384;

    static final Kernels SCALAR = KernelsProvider.scalar();
    static final Kernels VECTOR = KernelsProvider.panama().orElseThrow(
            () -> new IllegalStateException("run with --add-modules jdk.incubator.vector"));

    /** PQ codebooks of all 64 subspaces and a batch of rows to encode. */
    @State(Scope.Thread)
    public static class Encode {
        final float[] rows = gaussian(new Random(1), ENCODE_ROWS * DIM);
        final float[][] codebooksT = new float[SUBQUANTIZERS][];
        final float[][] norms = new float[SUBQUANTIZERS][];
        final int[] labels = new int[SUBQUANTIZERS * ENCODE_ROWS];

        @Setup(Level.Trial)
        public void setUp() {
            Random random = new Random(2);
            for (int s = 0; s < SUBQUANTIZERS; s++) {
                codebooksT[s] = gaussian(random, WIDTH * CODEBOOK_SIZE);
                norms[s] = new float[CODEBOOK_SIZE];
                for (int c = 0; c < CODEBOOK_SIZE; c++) {
                    for (int j = 0; j < WIDTH; j++) {
                        float v = codebooksT[s][j * CODEBOOK_SIZE + c];
                        norms[s][c] = Math.fma(v, v, norms[s][c]);
                    }
                }
            }
            int[] expected = run(SCALAR).clone();
            requireEqual("nearestCodewords", expected, run(VECTOR));
        }

        int[] run(Kernels kernels) {
            for (int s = 0; s < SUBQUANTIZERS; s++) {
                kernels.nearestCodewords(rows, s * WIDTH, DIM, ENCODE_ROWS, WIDTH, codebooksT[s], norms[s],
                        CODEBOOK_SIZE, labels, s * ENCODE_ROWS, null, 0);
            }
            return labels;
        }
    }

    /**
     * A lookup table of K centers (one tile) and a block of 6-bit codes. {@code lineOffset} moves the table
     * that many bytes past a cache-line boundary (as far as {@link AlignedFloats} can align it): 0 is what
     * clostera uses, 16 is where a plain {@code float[]} of this size starts under G1.
     */
    @State(Scope.Thread)
    public static class Lookup {
        @Param({"16", "24", "64", "256"})
        public int centers;

        @Param({"0", "16"})
        public int lineOffset;

        byte[] codes;
        float[] lut;
        int lutOffset;
        final int[] labels = new int[LOOKUP_CODES];
        final float[] distances = new float[LOOKUP_CODES];

        @Setup(Level.Trial)
        public void setUp() {
            Random random = new Random(3);
            codes = new byte[LOOKUP_CODES * SUBQUANTIZERS];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = (byte) random.nextInt(CODEBOOK_SIZE);
            }
            AlignedFloats table = AlignedFloats.allocate(SUBQUANTIZERS * CODEBOOK_SIZE * centers + 16);
            lut = table.array();
            lutOffset = table.offset() + lineOffset / Float.BYTES;
            for (int i = 0; i < lut.length; i++) {
                lut[i] = random.nextFloat();
            }
            int[] expected = run(SCALAR).clone();
            float[] expectedDistances = distances.clone();
            requireEqual("lookupArgmin", expected, run(VECTOR));
            if (!Arrays.equals(expectedDistances, distances)) {
                throw new IllegalStateException("lookupArgmin: vector distances differ from scalar");
            }
        }

        int[] run(Kernels kernels) {
            Arrays.fill(distances, Float.POSITIVE_INFINITY);
            kernels.lookupArgmin(codes, 0, LOOKUP_CODES, SUBQUANTIZERS, lut, lutOffset, centers, CODEBOOK_SIZE,
                    centers, 0, labels, distances, 0);
            return labels;
        }
    }

    /**
     * The 8-bit tables of one 32-center group (the pruned pass's pre-filter, {@code quantizedMinima}) next to the
     * float tables of the same group ({@code lookupArgmin}, {@code Lookup} at 32 centers): ns per code.
     */
    @State(Scope.Thread)
    public static class Quantized {
        static final int GROUP = 32;
        byte[] codes;
        final byte[] qlut = new byte[SUBQUANTIZERS * CODEBOOK_SIZE * GROUP];
        final float[] lut = new float[SUBQUANTIZERS * CODEBOOK_SIZE * GROUP];
        final int[] minima = new int[LOOKUP_CODES];
        /** The codes in a shuffled order, as a pruned pass reads the codes left for a group. */
        final int[] rows = new int[LOOKUP_CODES];
        final int[] labels = new int[LOOKUP_CODES];
        final float[] distances = new float[LOOKUP_CODES];

        @Setup(Level.Trial)
        public void setUp() {
            Random random = new Random(4);
            codes = new byte[LOOKUP_CODES * SUBQUANTIZERS];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = (byte) random.nextInt(CODEBOOK_SIZE);
            }
            for (int i = 0; i < LOOKUP_CODES; i++) {
                int j = random.nextInt(i + 1);
                rows[i] = rows[j];
                rows[j] = i;
            }
            int largest = Math.min(255, Short.MAX_VALUE / SUBQUANTIZERS);
            for (int i = 0; i < qlut.length; i++) {
                qlut[i] = (byte) random.nextInt(largest + 1);
                lut[i] = random.nextFloat();
            }
            int[] expected = run(SCALAR).clone();
            requireEqual("quantizedMinima", expected, run(VECTOR));
        }

        int[] run(Kernels kernels) {
            kernels.quantizedMinima(codes, rows, 0, LOOKUP_CODES, SUBQUANTIZERS, qlut, 0, GROUP, CODEBOOK_SIZE, minima, 0);
            return minima;
        }

        int[] runFloat(Kernels kernels) {
            Arrays.fill(distances, Float.POSITIVE_INFINITY);
            kernels.lookupArgmin(codes, 0, LOOKUP_CODES, SUBQUANTIZERS, lut, 0, GROUP, CODEBOOK_SIZE, GROUP, 0,
                    labels, distances, 0);
            return labels;
        }
    }

    /** Codebooks and K=64 centers: one full M x Ks x K distance table per operation. */
    @State(Scope.Thread)
    public static class Table {
        static final int CENTERS = 64;

        final float[][] codebooksT = new float[SUBQUANTIZERS][];
        final float[] centers = gaussian(new Random(4), CENTERS * DIM);
        final float[] table = new float[SUBQUANTIZERS * CODEBOOK_SIZE * CENTERS];

        @Setup(Level.Trial)
        public void setUp() {
            Random random = new Random(5);
            for (int s = 0; s < SUBQUANTIZERS; s++) {
                codebooksT[s] = gaussian(random, WIDTH * CODEBOOK_SIZE);
            }
            float[] expected = run(SCALAR).clone();
            if (!Arrays.equals(expected, run(VECTOR))) {
                throw new IllegalStateException("subspaceDistanceTable: vector result differs from scalar");
            }
        }

        float[] run(Kernels kernels) {
            for (int s = 0; s < SUBQUANTIZERS; s++) {
                kernels.subspaceDistanceTable(codebooksT[s], CODEBOOK_SIZE, WIDTH, centers, s * WIDTH, DIM, CENTERS,
                        table, s * CODEBOOK_SIZE * CENTERS, CENTERS);
            }
            return table;
        }
    }

    /** Thread CPU time per operation, reported as the secondary result {@code cpuNanosPerOp}. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        private long nanos;
        private long operations;

        @Setup(Level.Iteration)
        public void reset() {
            nanos = 0;
            operations = 0;
        }

        public long cpuNanosPerOp() {
            return operations == 0 ? 0 : Math.round((double) nanos / operations);
        }

        long start() {
            return THREADS.getCurrentThreadCpuTime();
        }

        /** Java evaluates arguments left to right, so {@code stop(start(), ops, run())} times the run. */
        <T> T stop(long start, int ops, T result) {
            nanos += THREADS.getCurrentThreadCpuTime() - start;
            operations += ops;
            return result;
        }
    }

    /** ns per encoded vector (all 64 subspaces). */
    @Benchmark
    @OperationsPerInvocation(ENCODE_ROWS)
    public int[] encodeScalar(Encode state, CpuTime cpu) {
        return cpu.stop(cpu.start(), ENCODE_ROWS, state.run(SCALAR));
    }

    @Benchmark
    @OperationsPerInvocation(ENCODE_ROWS)
    public int[] encodeVector(Encode state, CpuTime cpu) {
        return cpu.stop(cpu.start(), ENCODE_ROWS, state.run(VECTOR));
    }

    /** ns per code (M=64 table lookups per center). */
    @Benchmark
    @OperationsPerInvocation(LOOKUP_CODES)
    public int[] lookupArgminScalar(Lookup state, CpuTime cpu) {
        return cpu.stop(cpu.start(), LOOKUP_CODES, state.run(SCALAR));
    }

    @Benchmark
    @OperationsPerInvocation(LOOKUP_CODES)
    public int[] lookupArgminVector(Lookup state, CpuTime cpu) {
        return cpu.stop(cpu.start(), LOOKUP_CODES, state.run(VECTOR));
    }

    /** ns per code against one 32-center group: 8-bit tables (64 byte lookups per center). */
    @Benchmark
    @OperationsPerInvocation(LOOKUP_CODES)
    public int[] quantizedMinimaScalar(Quantized state, CpuTime cpu) {
        return cpu.stop(cpu.start(), LOOKUP_CODES, state.run(SCALAR));
    }

    @Benchmark
    @OperationsPerInvocation(LOOKUP_CODES)
    public int[] quantizedMinimaVector(Quantized state, CpuTime cpu) {
        return cpu.stop(cpu.start(), LOOKUP_CODES, state.run(VECTOR));
    }

    /** The same group's float tables, for the ratio. */
    @Benchmark
    @OperationsPerInvocation(LOOKUP_CODES)
    public int[] groupArgminVector(Quantized state, CpuTime cpu) {
        return cpu.stop(cpu.start(), LOOKUP_CODES, state.runFloat(VECTOR));
    }

    /** ns per full table (64 subspaces x 64 codewords x 64 centers). */
    @Benchmark
    public float[] distanceTableScalar(Table state, CpuTime cpu) {
        return cpu.stop(cpu.start(), 1, state.run(SCALAR));
    }

    @Benchmark
    public float[] distanceTableVector(Table state, CpuTime cpu) {
        return cpu.stop(cpu.start(), 1, state.run(VECTOR));
    }

    static float[] gaussian(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    static void requireEqual(String kernel, int[] expected, int[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException(kernel + ": vector result differs from scalar");
        }
    }
}
