package org.clostera.bench.quality;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.clostera.data.ArrayVectorSource;
import org.clostera.data.VectorSource;
import org.clostera.io.synthetic.Distribution;
import org.clostera.io.synthetic.SyntheticDataset;
import org.clostera.bench.realdata.LabeledVectors;
import org.clostera.quantize.OPQEncoder;
import org.clostera.quantize.PQEncoder;
import org.clostera.quantize.ReconstructionError;

/**
 * Reconstruction MSE of plain PQ against OPQ at the same M, Ks and seed, with the rotation OPQ kept and the
 * process CPU seconds of each training (the machine may be shared: CPU time, not wall time).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp clostera-bench/target/benchmarks.jar org.clostera.bench.quality.OpqVsPq \
 *   digits [folder]                  # M = 8, Ks = 16 / 64 / 256 on scikit-learn's digits (all 1,797 rows)
 *   flat [families]                  # the quality sweep's flat datasets (default gaussian,anisotropic), defaults
 *   timing family rows dim m [ks]    # one synthetic set, e.g. timing gaussian 100000 128 16
 * </pre>
 */
public final class OpqVsPq {
    private static final Path DIGITS = Path.of("clostera-bench/src/test/resources/realdata/digits");
    private static final int THREADS = 2;

    private OpqVsPq() {
    }

    public static void main(String[] args) {
        String mode = args.length == 0 ? "digits" : args[0];
        switch (mode) {
            case "digits" -> digits(args.length > 1 ? Path.of(args[1]) : DIGITS);
            case "flat" -> flat(args.length > 1 ? args[1] : "gaussian,anisotropic");
            case "timing" -> timing(Distribution.fromCliName(args[1]), Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]), Integer.parseInt(args[4]), args.length > 5 ? Integer.parseInt(args[5]) : 256);
            default -> throw new IllegalArgumentException("mode must be digits, flat or timing, got " + mode);
        }
    }

    private static void digits(Path folder) {
        LabeledVectors digits = LabeledVectors.read(folder);
        VectorSource source = ArrayVectorSource.of(digits.vectors(), digits.dim());
        System.out.println("digits " + source.rows() + " x " + source.dim() + ", M = 8, seed 0, " + THREADS + " threads");
        for (int ks : new int[] {16, 64, 256}) {
            compare("Ks=" + ks, source, 8, ks, (int) source.rows());
        }
    }

    private static void flat(String families) {
        List<Distribution> wanted = new ArrayList<>();
        for (String name : families.split(",")) {
            wanted.add(Distribution.fromCliName(name.trim()));
        }
        for (QualityCase c : QualityCase.standard()) {
            if (c.sizeConcentration() == 1.0 && wanted.contains(c.family())) {
                // Default M (from D) and Ks, as the sweep's Clusterer uses them.
                compare(c.name(), c.dataset(), 0, 256, c.rows());
            }
        }
    }

    private static void timing(Distribution family, int rows, int dim, int m, int ks) {
        SyntheticDataset data = SyntheticDataset.builder().distribution(family).rows(rows).dim(dim).clusters(64)
                .seed(42).separation(SyntheticDataset.separationForCenterDistance(7, dim)).build();
        float[] vectors = new float[Math.multiplyExact(rows, dim)];
        data.read(0, rows, vectors, 0);
        VectorSource source = ArrayVectorSource.of(vectors, dim);
        compare(family.cliName() + " " + rows + "x" + dim + " M=" + m + " Ks=" + ks, source, m, ks, 10_000);
    }

    /** Trains PQ then OPQ (default settings otherwise, seed 0) and prints both errors and CPU seconds. */
    private static void compare(String name, VectorSource source, int m, int ks, int evalRows) {
        double start = cpuSeconds();
        PQEncoder pq = PQEncoder.builder().subquantizers(m).codebookSize(ks).seed(0).threads(THREADS).fit(source);
        double pqSeconds = cpuSeconds() - start;
        start = cpuSeconds();
        OPQEncoder opq = OPQEncoder.builder().subquantizers(m).codebookSize(ks).seed(0).threads(THREADS).fit(source);
        double opqSeconds = cpuSeconds() - start;
        int rows = (int) Math.min(evalRows, source.rows());
        double pqError = ReconstructionError.meanSquaredError(pq, source, rows, 1);
        double opqError = ReconstructionError.meanSquaredError(opq, source, rows, 1);
        System.out.printf(Locale.ROOT, "%-44s M=%-3d PQ %.4f  OPQ %.4f  OPQ/PQ %.3f  kept %-9s train CPU s: PQ %.2f, "
                        + "OPQ %.2f%n", name, pq.subquantizers(), pqError, opqError, opqError / pqError, kept(opq),
                pqSeconds, opqSeconds);
    }

    private static String kept(OPQEncoder opq) {
        return opq.rotationStart().name();
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}
