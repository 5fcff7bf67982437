package org.clostera.bench.autok;

import java.util.Locale;
import java.util.SplittableRandom;
import org.clostera.data.VectorSource;

/**
 * A synthetic mixture with known K and unequal cluster sizes, generated row by row from (seed, row) so
 * that any row can be read at any time without holding the data in memory: the sweep uses small ones,
 * the cost measurement a large one.
 *
 * <p>Cluster weights grow geometrically from 1 to {@code sizeRatio} (largest / smallest cluster), rows
 * are assigned to clusters by a seeded shuffle. Centers are N(0, separation^2) per dimension and the
 * within-cluster noise has unit scale, so centers are about {@code separation * sqrt(2 D)} apart while
 * a cluster's radius is about {@code sqrt(D)}. Families:
 * <ul>
 *   <li>{@code gaussian}: isotropic unit noise;</li>
 *   <li>{@code anisotropic}: per-cluster per-dimension scales in [0.5, 2] (log-uniform) plus one
 *       elongated random direction per cluster (scale 3);</li>
 *   <li>{@code student_t}: multivariate Student t with 3 degrees of freedom (heavy-tailed radii);</li>
 *   <li>{@code block_mixed}: dimensions in 4 blocks with noise scales 0.5, 1, 1.5, 2; every cluster's
 *       center differs from the origin on two of the four blocks only.</li>
 * </ul>
 */
final class SweepDataset implements VectorSource {
    static final String[] FAMILIES = {"gaussian", "anisotropic", "student_t", "block_mixed"};

    private static final int T_DEGREES = 3;

    private final String family;
    private final int k;
    private final int dim;
    private final long seed;
    private final int[] labels;
    private final int[] sizes;
    private final float[] centers;
    private final float[] scales;
    private final float[] directions;

    SweepDataset(String family, int k, int dim, int rows, double separation, double sizeRatio, long seed) {
        this.family = family;
        this.k = k;
        this.dim = dim;
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        this.sizes = clusterSizes(rows, k, sizeRatio);
        this.labels = shuffledLabels(sizes, rows, random.split());
        this.centers = new float[k * dim];
        this.scales = new float[k * dim];
        this.directions = new float[k * dim];
        SplittableRandom geometry = random.split();
        int block = Math.max(1, dim / 4);
        for (int c = 0; c < k; c++) {
            int skipA = geometry.nextInt(4);
            int skipB = (skipA + 1 + geometry.nextInt(3)) % 4;
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                double center = separation * geometry.nextGaussian();
                double scale = 1;
                switch (family) {
                    case "anisotropic" -> scale = Math.exp((geometry.nextDouble() * 2 - 1) * Math.log(2));
                    case "block_mixed" -> {
                        int b = Math.min(3, j / block);
                        scale = 0.5 * (b + 1);
                        if (b == skipA || b == skipB) {
                            center = 0;
                        } else {
                            center *= Math.sqrt(2);
                        }
                    }
                    case "gaussian", "student_t" -> {
                    }
                    default -> throw new IllegalArgumentException("unknown family " + family);
                }
                centers[c * dim + j] = (float) center;
                scales[c * dim + j] = (float) scale;
                double d = geometry.nextGaussian();
                directions[c * dim + j] = (float) d;
                norm += d * d;
            }
            float inv = (float) (3 / Math.sqrt(norm));
            for (int j = 0; j < dim; j++) {
                directions[c * dim + j] *= inv;
            }
        }
    }

    /** Sizes growing geometrically from the smallest to {@code ratio} times it, summing to {@code rows}. */
    static int[] clusterSizes(int rows, int k, double ratio) {
        double[] weights = new double[k];
        double total = 0;
        for (int c = 0; c < k; c++) {
            weights[c] = k == 1 ? 1 : Math.pow(ratio, c / (double) (k - 1));
            total += weights[c];
        }
        int[] sizes = new int[k];
        int assigned = 0;
        for (int c = 0; c < k; c++) {
            sizes[c] = (int) Math.floor(rows * weights[c] / total);
            assigned += sizes[c];
        }
        sizes[k - 1] += rows - assigned;
        return sizes;
    }

    private static int[] shuffledLabels(int[] sizes, int rows, SplittableRandom random) {
        int[] labels = new int[rows];
        int r = 0;
        for (int c = 0; c < sizes.length; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                labels[r++] = c;
            }
        }
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        return labels;
    }

    int k() {
        return k;
    }

    int[] sizes() {
        return sizes.clone();
    }

    int label(long row) {
        return labels[(int) row];
    }

    @Override
    public long rows() {
        return labels.length;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void read(long firstRow, int count, float[] dst, int dstOffset) {
        for (int i = 0; i < count; i++) {
            generate(firstRow + i, dst, dstOffset + i * dim);
        }
    }

    private void generate(long row, float[] dst, int offset) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + row * 0xBF58476D1CE4E5B9L + 1);
        int c = labels[(int) row];
        int base = c * dim;
        double radial = 1;
        if (family.equals("student_t")) {
            double chiSquare = 0;
            for (int i = 0; i < T_DEGREES; i++) {
                double g = random.nextGaussian();
                chiSquare += g * g;
            }
            radial = Math.sqrt(T_DEGREES / Math.max(chiSquare, 1e-12)) * Math.sqrt((T_DEGREES - 2.0) / T_DEGREES);
        }
        double along = family.equals("anisotropic") ? random.nextGaussian() : 0;
        for (int j = 0; j < dim; j++) {
            double value = centers[base + j] + radial * scales[base + j] * random.nextGaussian()
                    + along * directions[base + j];
            dst[offset + j] = (float) value;
        }
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "%s K=%d D=%d N=%d", family, k, dim, labels.length);
    }
}
