package org.clostera;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program in the package overview ({@code org/clostera/package-info.java}), kept running. */
class PackageExampleTest {
    @Test
    void thePackageOverviewExampleRunsAsDocumented(@TempDir Path dir) {
        Random random = new Random(0);
        float[][] vectors = new float[3_000][32];
        for (int i = 0; i < vectors.length; i++) {
            for (int j = 0; j < 32; j++) {
                vectors[i][j] = 10 * (i % 3) + (float) random.nextGaussian();
            }
        }
        ClusteringModel model = Clusterer.builder()
                .autoKCandidates(2, 3, 4, 6)
                .fit(vectors);
        assertThat(model.k()).isEqualTo(3);
        int[] labels = model.labels();
        Path file = dir.resolve("groups.model");
        model.save(file);
        int[] again = ClusteringModel.load(file).predict(vectors);
        assertThat(again).isEqualTo(labels);
        for (int i = 3; i < labels.length; i++) {
            assertThat(labels[i]).isEqualTo(labels[i % 3]);
        }
    }
}
