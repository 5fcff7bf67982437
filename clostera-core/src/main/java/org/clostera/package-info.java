/**
 * clostera: k-means for very large collections of high-dimensional vectors on one machine, run on product
 * quantization codes.
 *
 * <p>The pipeline: an encoder ({@link org.clostera.quantize.PQEncoder}, or {@link org.clostera.quantize.OPQEncoder}
 * with a learned rotation) is trained on a sample, every row is compressed to M bytes, k-means runs on the codes
 * (seeding, Lloyd with pruned assignment, a split/merge search that escapes Lloyd's local optima), K can be chosen
 * automatically, and small and mid-sized inputs end with exact passes on the rows themselves. {@link
 * org.clostera.Clusterer} is the one-call estimator; {@code fit} returns an immutable {@link
 * org.clostera.ClusteringModel} that predicts, saves and loads.
 *
 * <p>A complete program (the same code runs in {@code PackageExampleTest}):
 * <pre>{@code
 * import java.nio.file.Path;
 * import java.util.Random;
 * import org.clostera.Clusterer;
 * import org.clostera.ClusteringModel;
 *
 * public class Example {
 *     public static void main(String[] args) {
 *         // 3 groups of 1,000 points in 32 dimensions, around 0, 10 and 20 in every coordinate.
 *         Random random = new Random(0);
 *         float[][] vectors = new float[3_000][32];
 *         for (int i = 0; i < vectors.length; i++) {
 *             for (int j = 0; j < 32; j++) {
 *                 vectors[i][j] = 10 * (i % 3) + (float) random.nextGaussian();
 *             }
 *         }
 *         ClusteringModel model = Clusterer.builder()   // k(null), the default: K chosen automatically
 *                 .autoKCandidates(2, 3, 4, 6)
 *                 .fit(vectors);
 *         System.out.println("K = " + model.k());      // K = 3
 *         int[] labels = model.labels();               // the cluster of every row
 *         model.save(Path.of("groups.model"));
 *         int[] again = ClusteringModel.load(Path.of("groups.model")).predict(vectors);   // equals labels
 *     }
 * }
 * }</pre>
 *
 * <p>Reading files (.npy, parquet, raw float32, .fvecs) and on-disk code stores live in the {@code clostera-io}
 * module; {@code clostera} is the command-line tool.
 */
package org.clostera;
