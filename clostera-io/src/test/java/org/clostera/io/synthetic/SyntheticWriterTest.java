package org.clostera.io.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.clostera.InvalidParameterException;
import org.clostera.ProgressListener;
import org.clostera.io.npy.NpyLabels;
import org.clostera.io.npy.NpyVectorSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticWriterTest {
    @TempDir
    Path tmp;

    @Test
    void outputIsIndependentOfThreadsAndBlockSize() throws IOException {
        SyntheticDataset ds = SyntheticDataset.builder().distribution(Distribution.BLOCK_MIXED).rows(1001).dim(24)
                .clusters(6).seed(11).build();
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        SyntheticWriter.write(ds, a, 1, ProgressListener.NONE, 1001);
        SyntheticWriter.write(ds, b, 2, ProgressListener.NONE, 7);
        SyntheticWriter.write(ds, c, 3);
        for (String file : new String[] {SyntheticWriter.VECTORS_FILE, SyntheticWriter.LABELS_FILE}) {
            byte[] expected = Files.readAllBytes(a.resolve(file));
            assertThat(Files.readAllBytes(b.resolve(file))).as(file).isEqualTo(expected);
            assertThat(Files.readAllBytes(c.resolve(file))).as(file).isEqualTo(expected);
        }
        assertThat(list(a)).containsExactly("labels.npy", "vectors.npy");

        // What was written is exactly the dataset.
        float[] expected = new float[1001 * 24];
        ds.read(0, 1001, expected, 0);
        try (NpyVectorSource src = NpyVectorSource.open(b.resolve(SyntheticWriter.VECTORS_FILE))) {
            assertThat(src.rows()).isEqualTo(1001);
            assertThat(src.dim()).isEqualTo(24);
            float[] actual = new float[expected.length];
            src.read(0, 1001, actual, 0);
            assertThat(actual).isEqualTo(expected);
        }
        int[] labels = new int[1001];
        ds.labels(0, 1001, labels);
        assertThat(NpyLabels.read(b.resolve(SyntheticWriter.LABELS_FILE))).isEqualTo(labels);
    }

    @Test
    void hardDatasetsAreIndependentOfThreadsAndBlockSize() throws IOException {
        SyntheticDataset ds = SyntheticDataset.builder().distribution(Distribution.STUDENT_T).rows(777).dim(16)
                .clusters(9).seed(4).separation(0.2).sizeConcentration(0.3).correlatedNoise(0.4, 3).build();
        SyntheticWriter.write(ds, tmp.resolve("a"), 1, ProgressListener.NONE, 777);
        SyntheticWriter.write(ds, tmp.resolve("b"), 3, ProgressListener.NONE, 5);
        for (String file : new String[] {SyntheticWriter.VECTORS_FILE, SyntheticWriter.LABELS_FILE}) {
            assertThat(Files.readAllBytes(tmp.resolve("b").resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(file)));
        }
    }

    @Test
    void rejectsSizesNoFileCanHoldBeforeCreatingAnything() {
        assertThat(SyntheticWriter.outputBytes(10, 3)).isEqualTo(10 * 3 * 4 + 10 * 4 + 512);
        assertThatThrownBy(() -> SyntheticWriter.outputBytes(Long.MAX_VALUE, 8))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("rows x dim = 9223372036854775807 x 8 float32 values take more bytes than a file can hold"
                        + " (9223372036854775807)");
        SyntheticDataset huge = SyntheticDataset.builder().rows(Long.MAX_VALUE / 2).dim(3).clusters(2).build();
        Path target = tmp.resolve("never");
        assertThatThrownBy(() -> SyntheticWriter.write(huge, target, 1)).isInstanceOf(InvalidParameterException.class);
        assertThat(target).doesNotExist();
    }

    @Test
    void reportsProgressUpToAllRows() {
        SyntheticDataset ds = SyntheticDataset.builder().rows(500).dim(3).clusters(2).build();
        List<Long> done = new ArrayList<>();
        List<String> events = new ArrayList<>();
        SyntheticWriter.write(ds, tmp.resolve("p"), 1, new ProgressListener() {
            @Override
            public void onStageStart(String stage, long total) {
                events.add("start " + stage + " " + total);
            }

            @Override
            public void onProgress(String stage, long d, long total) {
                done.add(d);
            }

            @Override
            public void onStageEnd(String stage) {
                events.add("end " + stage);
            }
        }, 100);
        assertThat(done).containsExactly(100L, 200L, 300L, 400L, 500L);
        assertThat(events).containsExactly("start generate 500", "end generate");
    }

    @Test
    void blockRowsTargetsAboutEightMiB() {
        assertThat(SyntheticWriter.blockRows(2048)).isEqualTo(1024);
        assertThat(SyntheticWriter.blockRows(1)).isEqualTo(1 << 20);
        assertThat(SyntheticWriter.blockRows(1 << 30)).isEqualTo(1);
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
