package org.clostera.cluster;

import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Prints SSE / purity with refinement on and off on hard mixtures: {@code -Dclostera.probe=true}. */
@EnabledIfSystemProperty(named = "clostera.probe", matches = "true")
class RefinementProbe {
    @Test
    void table() {
        int[][] shapes = {{20000, 64, 32}, {20000, 128, 20}, {30000, 64, 48}, {10000, 32, 16}};
        double[] gaps = {5, 9};
        for (int[] shape : shapes) {
            for (double gap : gaps) {
                for (long seed = 0; seed < 1; seed++) {
                    HardMixture d = HardMixture.generate(shape[0], shape[1], shape[2], 1.0, gap, seed == 0 ? 0 : 2, seed);
                    PQEncoder encoder = PQEncoder.builder().subquantizers(shape[1] / 4).codebookSize(64)
                            .seed(1).threads(2).fit(d.data(), d.dim());
                    StringBuilder line = new StringBuilder(String.format("N=%d D=%d K=%d gap=%.0f seed=%d truth %.5f",
                            shape[0], shape[1], shape[2], gap, seed, d.sse(d.truth(), d.k())));
                    for (boolean refine : new boolean[] {false, true}) {
                        long t0 = System.nanoTime();
                        PQKMeans km = PQKMeans.builder().k(d.k()).encoder(encoder).threads(2).refinement(refine)
                                .build().fit(org.clostera.data.ArrayVectorSource.of(d.data(), d.dim()));
                        double s = (System.nanoTime() - t0) / 1e9;
                        int[] labels = km.labels();
                        line.append(String.format(" | %s inertia %.6g sse %.5f pur %.4f %.2fs", refine ? "ref" : "off",
                                km.inertiaHistory()[km.inertiaHistory().length - 1], d.sse(labels, d.k()), d.purity(labels, d.k()), s));
                    }
                    // Lloyd started from the true means (in coding space): where the truth sits in code space.
                    try (org.clostera.data.HeapCodeStore codes = PQKMeans.encode(encoder,
                            org.clostera.data.ArrayVectorSource.of(d.data(), d.dim()), org.clostera.ProgressListener.NONE);
                         org.clostera.internal.parallel.WorkerPool pool = new org.clostera.internal.parallel.WorkerPool(2)) {
                        float[] means = new float[d.k() * d.dim()];
                        double[] sum = new double[d.k() * d.dim()];
                        int[] size = new int[d.k()];
                        for (int i = 0; i < d.rows(); i++) {
                            size[d.truth()[i]]++;
                            for (int j = 0; j < d.dim(); j++) {
                                sum[d.truth()[i] * d.dim() + j] += d.data()[i * d.dim() + j];
                            }
                        }
                        for (int i = 0; i < means.length; i++) {
                            means[i] = (float) (sum[i] / size[i / d.dim()]);
                        }
                        for (int it : new int[] {0, 20}) {
                            org.clostera.internal.kmeans.CodeSpaceKMeans.Result r = org.clostera.internal.kmeans.CodeSpaceKMeans.run(
                                    codes, encoder, d.k(), means,
                                    org.clostera.internal.kmeans.CodeSpaceKMeans.Options.defaults().withIterations(it).withRefinement(false), pool);
                            line.append(String.format(" | truth-start it=%d inertia %.6g sse %.5f pur %.4f", it, r.inertia(),
                                    d.sse(r.labels(), d.k()), d.purity(r.labels(), d.k())));
                        }
                    }
                    System.out.println(line);
                }
            }
        }
    }
}
