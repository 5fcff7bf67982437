package org.clostera.quantize;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.SplittableRandom;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.HeapCodeStore;
import org.clostera.data.RowSampler;
import org.clostera.data.VectorSource;
import org.clostera.internal.linalg.LinearAlgebra;

/**
 * Manual measurement (not a unit test) of OPQ vs PQ at scale: training time, encode throughput and
 * reconstruction MSE on block-mixed data with correlated dimensions. Optionally writes the data and the
 * training/evaluation row indices as {@code .npy} for {@code clostera-bench/scripts/faiss_opq_reference.py}.
 *
 * <pre>
 * ./mvnw -q -B -pl clostera-core -am test-compile
 * java --add-modules jdk.incubator.vector -Xmx12g -cp clostera-core/target/classes:clostera-core/target/test-classes:$CP \
 *   org.clostera.quantize.OPQScaleMeasurement rows=65536 dim=2048 m=64 ks=64 opq=3 threads=2 mode=both [blas=java] [npy=/tmp/bm]
 * </pre>
 */
public final class OPQScaleMeasurement {
    private OPQScaleMeasurement() {
    }

    public static void main(String[] args) throws IOException {
        java.util.Map<String, String> opt = new java.util.HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opt.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int rows = Integer.parseInt(opt.getOrDefault("rows", "65536"));
        int dim = Integer.parseInt(opt.getOrDefault("dim", "2048"));
        int m = Integer.parseInt(opt.getOrDefault("m", "64"));
        int ks = Integer.parseInt(opt.getOrDefault("ks", "64"));
        int opq = Integer.parseInt(opt.getOrDefault("opq", "3"));
        int threads = Integer.parseInt(opt.getOrDefault("threads", "2"));
        int trainRows = Integer.parseInt(opt.getOrDefault("train", "32768"));
        int evalRows = Integer.parseInt(opt.getOrDefault("eval", "16384"));
        String mode = opt.getOrDefault("mode", "both");
        boolean forceJava = "java".equals(opt.get("blas"));

        long t0 = System.nanoTime();
        float[] data = BlockMixed.generate(rows, dim, 64, 42);
        System.out.printf(Locale.ROOT, "generated %d x %d block-mixed rows in %.1f s%n", rows, dim, (System.nanoTime() - t0) / 1e9);
        VectorSource source = ArrayVectorSource.of(data, dim);
        if (opt.containsKey("npy")) {
            String prefix = opt.get("npy");
            writeNpyFloat(Path.of(prefix + "_data.npy"), data, rows, dim);
            writeNpyLong(Path.of(prefix + "_train_idx.npy"), RowSampler.sample(rows, trainRows, 0));
            writeNpyLong(Path.of(prefix + "_eval_idx.npy"), RowSampler.sample(rows, evalRows, 1));
            System.out.println("wrote " + prefix + "_{data,train_idx,eval_idx}.npy");
        }
        if (mode.equals("pq") || mode.equals("both")) {
            long start = System.nanoTime();
            long cpu = cpuNanos();
            PQEncoder pq = PQEncoder.builder().subquantizers(m).codebookSize(ks).trainRows(trainRows).threads(threads)
                    .seed(0).fit(source);
            double train = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "pq training: %.1f s wall, %.1f s process CPU%n", train, (cpuNanos() - cpu) / 1e9);
            report("pq", pq, train, 0, source, rows, evalRows);
        }
        if (mode.equals("opq") || mode.equals("both")) {
            LinearAlgebra backend = forceJava ? LinearAlgebra.java() : LinearAlgebra.get();
            long start = System.nanoTime();
            long cpu = cpuNanos();
            OPQEncoder enc = OPQEncoder.builder().subquantizers(m).codebookSize(ks).trainRows(trainRows)
                    .opqIterations(opq).threads(threads).seed(0).linearAlgebra(backend).fit(source);
            double train = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "opq training: %.1f s wall, %.1f s process CPU%n", train, (cpuNanos() - cpu) / 1e9);
            System.out.println("opq backend: " + enc.linearAlgebra() + "; rounds' sample MSE "
                    + java.util.Arrays.toString(enc.rotatedErrorHistory()));
            report("opq", enc, train, enc.rotationSeconds(), source, rows, evalRows);
        }
    }

    private static void report(String name, Encoder enc, double train, double rotation, VectorSource source,
                               int rows, int evalRows) {
        HeapCodeStore codes = new HeapCodeStore(rows, enc.subquantizers());
        enc.encode(source, codes, null); // warm-up
        long start = System.nanoTime();
        long cpu = cpuNanos();
        enc.encode(source, codes, null);
        double encode = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s encode: %.2f s wall, %.2f s process CPU%n", name, encode, (cpuNanos() - cpu) / 1e9);
        double mse = ReconstructionError.meanSquaredError(enc, source, evalRows, 1);
        System.out.printf(Locale.ROOT, "%s: train %.1f s (rotation %.1f s), encode %d rows in %.2f s = %.0f vectors/s, "
                + "reconstruction_mse %.6f%n", name, train, rotation, rows, encode, rows / encode, mse);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Block-mixed data with correlated dimensions, row by row from (seed, row). */
    static final class BlockMixed {
        static float[] generate(int rows, int dim, int clusters, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            int latent = 32;
            int block = Math.max(1, dim / 4);
            float[] centers = new float[clusters * dim];
            for (int c = 0; c < clusters; c++) {
                int skipA = random.nextInt(4);
                int skipB = (skipA + 1 + random.nextInt(3)) % 4;
                for (int j = 0; j < dim; j++) {
                    int b = Math.min(3, j / block);
                    centers[c * dim + j] = b == skipA || b == skipB ? 0f : (float) (0.6 * CorrelatedData.gaussian(random));
                }
            }
            // Shared latent factors mixed into every dimension: correlations across subspaces.
            float[] mixing = new float[latent * dim];
            for (int i = 0; i < mixing.length; i++) {
                mixing[i] = (float) (CorrelatedData.gaussian(random) * 0.3 / Math.sqrt(1 + i / dim));
            }
            float[] data = new float[Math.multiplyExact(rows, dim)];
            java.util.stream.IntStream.range(0, rows).parallel().forEach(r -> {
                SplittableRandom rr = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + r);
                int c = rr.nextInt(clusters);
                float[] z = new float[latent];
                for (int l = 0; l < latent; l++) {
                    z[l] = (float) CorrelatedData.gaussian(rr);
                }
                int base = r * dim;
                for (int j = 0; j < dim; j++) {
                    int b = Math.min(3, j / block);
                    data[base + j] = centers[c * dim + j] + (float) (0.25 * (b + 1) * 0.5 * CorrelatedData.gaussian(rr));
                }
                for (int l = 0; l < latent; l++) {
                    float zl = z[l];
                    int mb = l * dim;
                    for (int j = 0; j < dim; j++) {
                        data[base + j] += zl * mixing[mb + j];
                    }
                }
            });
            return data;
        }
    }

    static void writeNpyFloat(Path path, float[] data, int rows, int dim) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(header("<f4", "(" + rows + ", " + dim + ")"));
            ByteBuffer buf = ByteBuffer.allocate(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : data) {
                if (!buf.hasRemaining()) {
                    buf.flip();
                    ch.write(buf);
                    buf.clear();
                }
                buf.putFloat(v);
            }
            buf.flip();
            ch.write(buf);
        }
    }

    static void writeNpyLong(Path path, long[] values) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(header("<i8", "(" + values.length + ",)"));
            ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) {
                buf.putLong(v);
            }
            buf.flip();
            ch.write(buf);
        }
    }

    private static ByteBuffer header(String descr, String shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String text = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) text.length());
        b.put(text.getBytes(StandardCharsets.US_ASCII));
        b.flip();
        return b;
    }
}
