package org.clostera.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.clostera.bench.charts.Publish;
import org.clostera.bench.realdata.DatasetFolder;
import org.clostera.bench.realdata.LabeledVectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole suite, end to end, on the tiny preset: every file, every key, sane values. */
class BenchmarkSuiteTest {
    @TempDir
    static Path dir;
    static Map<String, Object> index;

    @BeforeAll
    static void runTinySuite() throws Exception {
        // the first 700 rows of digits (all 10 classes): the real-data path, in a fraction of the full set's time
        LabeledVectors digits = LabeledVectors.read(Path.of("src/test/resources/realdata/digits"));
        int rows = 700;
        Path folder = dir.resolve("digits-700");
        DatasetFolder.write(folder, Arrays.copyOf(digits.vectors(), rows * digits.dim()), digits.dim(),
                Arrays.copyOf(digits.labels(), rows), Map.of("name", "digits-700"));
        index = BenchmarkSuite.run(SuitePreset.named("tiny"), dir.resolve("results"), 2, 0, BenchmarkSuite.SECTIONS,
                List.of(folder, Path.of("no/such/folder")));
        dir = dir.resolve("results");
    }

    @Test
    void everySectionWritesItsFilesWithTheMachineInEach() {
        Map<String, Object> sections = map(index, "sections");
        assertEquals(BenchmarkSuite.SECTIONS, List.copyOf(sections.keySet()));
        for (String section : BenchmarkSuite.SECTIONS) {
            for (Object file : (List<?>) map(sections, section).get("files")) {
                Map<String, Object> json = ResultFiles.read(dir.resolve((String) file));
                Map<String, Object> machine = map(json, MachineInfo.KEY);
                for (String key : List.of("cpu", "cores", "threads", "jdk", "kernels", "blas")) {
                    assertTrue(machine.containsKey(key), file + " machine lacks " + key);
                }
                assertEquals(2, machine.get("threads"), file.toString());
            }
        }
        assertTrue(Files.isRegularFile(dir.resolve(BenchmarkSuite.INDEX_FILE)));
        assertTrue((double) index.get("cpu_seconds") > 0);
        assertTrue((double) map(sections, "datasets").get("cpu_seconds") > 0);
        assertEquals(List.of("k-sweep-1.json"), map(sections, "k-sweep").get("files"));
    }

    @Test
    void everyDatasetHasBothModesAndThePeersWithSaneFigures() {
        Map<String, Object> report = ResultFiles.read(dir.resolve(BenchmarkSuite.DATASETS_FILE));
        List<Map<String, Object>> datasets = list(report, "datasets");
        assertEquals(9, datasets.size(), "4 families x 2 settings + digits");
        assertEquals(true, report.get("complete"));
        assertEquals(List.of("gaussian", "gaussian", "anisotropic", "anisotropic", "student_t", "student_t",
                "block_mixed", "block_mixed", "real"), datasets.stream().map(d -> d.get("family")).toList());
        assertEquals("digits-700", datasets.get(8).get("name"));
        assertEquals(700, datasets.get(8).get("rows"));
        assertEquals(10, datasets.get(8).get("k"));
        assertEquals("gaussian-n1500-d16-k4-dist5-hard", datasets.get(1).get("name"));
        assertEquals(List.of(Map.of("path", "no/such/folder", "reason", "no such dataset folder")),
                report.get("skipped"));
        for (Map<String, Object> d : datasets) {
            for (String mode : List.of("fastest", "quality")) {
                Map<String, Object> run = map(map(d, "clostera"), mode);
                for (String key : List.of("train_s", "encode_s", "cluster_s", "encode_vectors_per_s",
                        "s_per_iteration", "reconstruction_mse", "assigned_center_mse")) {
                    assertPositive(run, key, d.get("name") + " " + mode);
                }
                assertQuality(run, d.get("name") + " " + mode);
            }
            assertEquals("PQ", map(map(d, "clostera"), "fastest").get("encoder"));
            assertEquals("OPQ", map(map(d, "clostera"), "quality").get("encoder"));
            Map<String, Object> jvector = map(map(d, "peers"), "jvector_pq");
            assertEquals(map(map(d, "clostera"), "fastest").get("subquantizers"), jvector.get("subquantizers"));
            assertEquals(map(map(d, "clostera"), "fastest").get("codebook_size"), jvector.get("codebook_size"));
            for (String key : List.of("train_s", "encode_vectors_per_s", "reconstruction_mse")) {
                assertPositive(jvector, key, d.get("name") + " jvector");
            }
            Map<String, Object> dense = map(map(d, "peers"), "dense_kmeans");
            assertPositive(dense, "s_per_iteration", d.get("name") + " dense");
            assertQuality(dense, d.get("name") + " dense");
            // the tiny preset's dense peer clusters at most 1,000 rows: the generated sets are subsampled, and say so
            boolean real = "real".equals(d.get("family"));
            assertEquals(!real, dense.get("subsampled"));
            assertEquals(real ? 700 : 1000, dense.get("rows_clustered"));
            assertTrue(List.of("skipped", "ran").contains(map(map(d, "peers"), "faiss").get("status")));
        }
        // flat sizes, centers 7 noise deviations apart: every contender finds the 4 clusters up to the overlap
        Map<String, Object> easy = datasets.get(0);
        assertTrue((double) map(map(easy, "clostera"), "fastest").get("purity") > 0.98);
        assertTrue((double) map(map(easy, "clostera"), "quality").get("purity") > 0.98);
        assertTrue((double) map(map(easy, "peers"), "dense_kmeans").get("purity") > 0.98);
        Map<String, Object> digits = datasets.get(8);
        assertTrue((double) map(map(digits, "clostera"), "quality").get("purity") > 0.6);
        assertTrue((double) map(map(digits, "peers"), "dense_kmeans").get("purity") > 0.6);
    }

    @Test
    void theSweepsHoldTheirRows() {
        Map<String, Object> kSweep = ResultFiles.read(dir.resolve("k-sweep-1.json"));
        assertEquals(List.of(4, 8), list(kSweep, "fits").stream().map(f -> f.get("k")).toList());
        assertTrue(kSweep.containsKey("machine_reported"));
        Map<String, Object> nSweep = ResultFiles.read(dir.resolve(BenchmarkSuite.N_SWEEP_FILE));
        assertEquals(List.of(1000, 2000), list(nSweep, "runs").stream().map(r -> r.get("rows")).toList());
        for (Map<String, Object> run : list(nSweep, "runs")) {
            assertPositive(run, "encode_vectors_per_s_median", "n sweep");
        }
        Map<String, Object> autoK = ResultFiles.read(dir.resolve(BenchmarkSuite.AUTO_K_FILE));
        assertEquals(2, list(map(map(autoK, "suites"), "synthetic"), "datasets").size());
        Map<String, Object> kernels = ResultFiles.read(dir.resolve(BenchmarkSuite.KERNELS_FILE));
        List<Map<String, Object>> jmh = list(kernels, "results");
        assertEquals(List.of("org.clostera.bench.jmh.KernelsBenchmark.lookupArgminScalar",
                "org.clostera.bench.jmh.KernelsBenchmark.lookupArgminVector"),
                jmh.stream().map(r -> r.get("benchmark")).toList());
        Map<String, Object> toy = ResultFiles.read(dir.resolve(BenchmarkSuite.TOY_FILE));
        assertEquals(600, list(toy, "points").size());
        assertEquals(List.of("dense_kmeans", "fastest", "quality"), List.copyOf(map(toy, "labels").keySet()));
    }

    @Test
    void publishDrawsEveryChartAndRegeneratesTheReadmeTablesIdempotently() throws Exception {
        Path assets = dir.resolveSibling("assets");
        Path readme = dir.resolveSibling("README.md");
        String text = "# Results\n\nintro\n<!-- suite:peers -->\nstale table\n<!-- /suite:peers -->\n\nbetween\n"
                + "<!-- suite:k-sweep -->\n<!-- /suite:k-sweep -->\n<!-- suite:machine -->\nx\n<!-- /suite:machine -->\nend\n";
        Files.writeString(readme, text);
        List<String> charts = Publish.publish(dir, assets, List.of(readme));
        assertEquals(List.of("suite-time.png", "suite-seconds-per-iteration.png", "suite-encode-throughput.png",
                "suite-quality-nmi.png", "suite-reconstruction-error.png", "k-sweep-1.png", "n-sweep.png",
                "autok-accuracy.png", "toy-2d.png"), charts);
        for (String chart : charts) {
            BufferedImage image = ImageIO.read(assets.resolve(chart).toFile());
            assertEquals(chart.equals("toy-2d.png") ? 960 : 1000, image.getWidth(), chart);
        }
        String once = Files.readString(readme);
        assertTrue(once.startsWith("# Results\n\nintro\n<!-- suite:peers -->\n| dataset | encode: fastest / JVector PQ |"),
                once);
        assertFalse(once.contains("stale table"));
        assertTrue(once.contains("\n| gaussian-n1500-d16-k4-dist7 | "), once);
        assertTrue(once.contains("| digits-700 | "), once);
        assertTrue(once.contains("<!-- /suite:peers -->\n\nbetween\n<!-- suite:k-sweep -->\n| data | K |"), once);
        assertTrue(once.contains("| gaussian 2,000 x 16, M=4, Ks=16 | 8 | "), once);
        assertTrue(once.endsWith("<!-- /suite:machine -->\nend\n"), once);
        assertTrue(once.contains("<!-- suite:machine -->\nMeasured on "), once);
        Publish.publish(dir, assets, List.of(readme));
        assertEquals(once, Files.readString(readme), "a second run changes nothing");

        Files.writeString(readme, "<!-- suite:speedups -->\n<!-- /suite:speedups -->\n");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Publish.publish(dir, assets, List.of(readme)));
        assertEquals(readme + ": marker <!-- suite:speedups --> names no table of these results; known: machine, peers,"
                + " datasets, k-sweep, n-sweep, auto-k, kernels", unknown.getMessage());
        IllegalArgumentException notSuite = assertThrows(IllegalArgumentException.class,
                () -> Publish.publish(assets, assets, List.of()));
        assertEquals(assets + " holds no suite.json: not a suite result folder (run"
                + " org.clostera.bench.suite.BenchmarkSuite first)", notSuite.getMessage());
    }

    @Test
    void badOptionsAreNamed() {
        IllegalArgumentException preset = assertThrows(IllegalArgumentException.class,
                () -> BenchmarkSuite.main(new String[] {"--preset", "huge"}));
        assertEquals("unknown preset 'huge'; expected tiny, small or large", preset.getMessage());
        IllegalArgumentException section = assertThrows(IllegalArgumentException.class,
                () -> BenchmarkSuite.main(new String[] {"--sections", "datasets,charts"}));
        assertEquals("unknown section 'charts'; expected some of datasets,toy,k-sweep,n-sweep,auto-k,kernels",
                section.getMessage());
        assertFalse(Files.exists(Path.of("benchmarks/results/suite-small")));
    }

    private static void assertPositive(Map<String, Object> map, String key, String where) {
        double value = ((Number) map.get(key)).doubleValue();
        assertTrue(value > 0 && Double.isFinite(value), where + ": " + key + " = " + value);
    }

    private static void assertQuality(Map<String, Object> run, String where) {
        for (String key : List.of("purity", "ari", "nmi", "v_measure")) {
            double value = ((Number) run.get(key)).doubleValue();
            assertTrue(value > 0 && value <= 1 + 1e-9, where + ": " + key + " = " + value);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> json, String key) {
        return (Map<String, Object>) json.get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> json, String key) {
        return (List<Map<String, Object>>) json.get(key);
    }
}
