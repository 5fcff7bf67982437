package org.clostera.bench.autok;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One generated dataset of the sweep.
 *
 * @param generator  {@link #SYNTHETIC} or {@link #SWEEP}
 * @param family     distribution family ({@link SweepDataset#FAMILIES})
 * @param k          true number of clusters
 * @param dim        dimension
 * @param rows       rows
 * @param separation the generator's separation parameter (for {@link #SWEEP}: per-dimension standard
 *                   deviation of the centers, noise has unit scale; for {@link #SYNTHETIC}: its
 *                   {@code separation}, 1 = its default, centers about {@code 8 + 1.5 sqrt(D)} apart)
 * @param sizeRatio  largest / smallest cluster size ({@link #SWEEP} only; SYNTHETIC draws sizes up to 3x)
 * @param seed       generator seed
 */
record SweepCase(String generator, String family, int k, int dim, int rows, double separation, double sizeRatio,
                 long seed) {
    /** The generator of clostera-io ({@code org.clostera.io.synthetic.SyntheticDataset}). */
    static final String SYNTHETIC = "synthetic";
    /** The sweep's own, harder generator ({@link SweepDataset}). */
    static final String SWEEP = "sweep";

    String name() {
        return String.format(Locale.ROOT, "%s%s-k%d-d%d", generator.equals(SYNTHETIC) ? "synthetic-" : "", family,
                k, dim);
    }

    LabeledData dataset() {
        return generator.equals(SYNTHETIC) ? LabeledData.synthetic(this)
                : LabeledData.of(new SweepDataset(family, k, dim, rows, separation, sizeRatio, seed));
    }

    /**
     * The fixed sweep: 24 datasets, each family six times, K over 4..64 and D over 32..1024 in a Latin
     * arrangement (every family meets small and large K and small and large D), size ratios 3 to 6 and
     * center separations 0.5 to 1.0. Chosen once, before looking at any result.
     */
    static List<SweepCase> standard(int rows) {
        return standard(SWEEP, rows, new double[] {0.5, 0.75, 1.0});
    }

    /**
     * The same 24 (family, K, D) combinations on clostera-io's generator, at separations 0.5, 0.75 and 1
     * of its scale (1 is its default; below 1 is harder).
     */
    static List<SweepCase> synthetic(int rows) {
        return standard(SYNTHETIC, rows, new double[] {0.5, 0.75, 1.0});
    }

    private static List<SweepCase> standard(String generator, int rows, double[] separations) {
        int[] ks = {4, 6, 8, 12, 16, 24, 32, 48, 64};
        int[] dims = {32, 64, 128, 256, 512, 1024};
        double[] ratios = {3, 4, 6};
        List<SweepCase> cases = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String family = SweepDataset.FAMILIES[i % 4];
            int k = ks[(i * 5) % ks.length];
            int dim = dims[(i * 7 + i / 6) % dims.length];
            double separation = separations[(i / 4 + i) % separations.length];
            double ratio = ratios[(i / 2) % ratios.length];
            cases.add(new SweepCase(generator, family, k, dim, rows, separation, ratio, 1000L + i));
        }
        return cases;
    }
}
