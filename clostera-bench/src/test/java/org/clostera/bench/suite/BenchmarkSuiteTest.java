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
            Map<String, Object> tribuo = map(map(d, "peers"), "tribuo_kmeans");
            assertPositive(tribuo, "s_per_iteration", d.get("name") + " tribuo");
            assertPositive(tribuo, "assigned_center_mse", d.get("name") + " tribuo");
            assertQuality(tribuo, d.get("name") + " tribuo");
            assertEquals(2, tribuo.get("threads"));
            assertEquals(20, tribuo.get("max_iterations"), "clostera's iteration cap");
            int iterations = ((Number) tribuo.get("iterations")).intValue();
            assertTrue(iterations >= 1 && iterations <= 20, d.get("name") + " tribuo iterations " + iterations);
            assertEquals(iterations < 20, tribuo.get("stopped_before_cap"));
            Map<String, Object> dense = map(map(d, "peers"), "dense_kmeans");
            assertPositive(dense, "s_per_iteration", d.get("name") + " dense");
            assertQuality(dense, d.get("name") + " dense");
            // the tiny preset's dense peer clusters at most 1,000 rows: the generated sets are subsampled, and say so
            boolean real = "real".equals(d.get("family"));
            assertEquals(!real, dense.get("subsampled"));
            assertEquals(real ? 700 : 1000, dense.get("rows_clustered"));
            assertEquals(!real, tribuo.get("subsampled"));
            assertEquals(real ? 700 : 1000, tribuo.get("rows_clustered"));
            assertTrue(List.of("skipped", "ran").contains(map(map(d, "peers"), "faiss").get("status")));
        }
        // flat sizes, centers 7 noise deviations apart: every contender finds the 4 clusters up to the overlap
        Map<String, Object> easy = datasets.get(0);
        assertTrue((double) map(map(easy, "clostera"), "fastest").get("purity") > 0.98);
        assertTrue((double) map(map(easy, "clostera"), "quality").get("purity") > 0.98);
        assertTrue((double) map(map(easy, "peers"), "dense_kmeans").get("purity") > 0.98);
        assertTrue((double) map(map(easy, "peers"), "tribuo_kmeans").get("purity") > 0.98);
        Map<String, Object> digits = datasets.get(8);
        assertTrue((double) map(map(digits, "clostera"), "quality").get("purity") > 0.6);
        assertTrue((double) map(map(digits, "peers"), "dense_kmeans").get("purity") > 0.6);
    }

    @Test
    void theQualitySweepScoresEachModeAgainstTheTruth() {
        Map<String, Object> sweep = ResultFiles.read(dir.resolve(BenchmarkSuite.QUALITY_SWEEP_FILE));
        assertTrue(sweep.containsKey(MachineInfo.KEY));
        List<Map<String, Object>> datasets = list(sweep, "datasets");
        assertEquals(List.of("gaussian-k5-d32-n5k-dist12-a1"), datasets.stream().map(d -> d.get("name")).toList());
        for (String mode : List.of("pq", "opq", "dense_kmeans")) {
            double ratio = (double) map(datasets.get(0), mode).get("sse_ratio_to_truth");
            // centers 12 noise deviations apart: every method recovers the true partition, at its cost
            assertEquals(1.0, ratio, 1e-3, mode);
        }
        assertFalse(datasets.get(0).containsKey("auto_k_pq"), "the suite's sweep runs without auto-K");
        assertEquals(1, map(map(sweep, "summary"), "opq").get("sse_at_most_truth"));
    }

    @Test
    void theHeadlineAndEveryPeerWinAreGenerated() throws Exception {
        Path readme = dir.resolveSibling("HEADLINE.md");
        Files.writeString(readme, "<!-- suite:headline -->\n<!-- /suite:headline -->\n<!-- suite:peer-wins -->\n"
                + "<!-- /suite:peer-wins -->\n<!-- suite:quality-sweep -->\n<!-- /suite:quality-sweep -->\n");
        Publish.publish(dir, dir.resolveSibling("headline-assets"), List.of(readme));
        String text = Files.readString(readme);
        assertTrue(text.contains("| clostera vs peer | datasets | geometric mean | lowest | highest | clostera ahead on |"),
                text);
        for (String row : List.of("| encode vectors/s, clostera fastest vs JVector PQ | 9 | ",
                "| s per k-means iteration, clostera quality vs Tribuo k-means | 9 | ",
                "| time to clusters (whole fit vs peer's k-means), clostera fastest vs Commons Math k-means | 9 | ",
                "| clostera quality (OPQ) | ", "| Tribuo k-means (all threads) | ")) {
            assertTrue(text.contains(row), row + " in\n" + text);
        }
        assertTrue(text.contains("| Commons Math k-means (1 thread) | ") && text.contains(" | 8 |\n<!-- /suite:headline"),
                "the dense peers ran on a subsample of the 8 generated sets: " + text);
        // the peer-wins list: a row per dataset and figure a peer wins, then their count (at tiny sizes there are some)
        assertTrue(text.contains("<!-- suite:peer-wins -->\n| dataset | figure | clostera | peer | clostera / peer"
                + " advantage |\n"), text);
        assertTrue(java.util.regex.Pattern.compile("\n\n\\d+ of 207 comparisons \\(23 figures x 9 datasets\\) go to a"
                + " peer\\.\n<!-- /suite:peer-wins -->").matcher(text).find(), text);
        assertTrue(text.contains("| 0 | gaussian-k5-d32-n5k-dist12-a1 | 5,000 | 32 | 5 | "), text);
        assertTrue(text.contains("| SSE <= truth x (1 + 1e-4), of 1 | 1 | 1 | 1 |"), text);
    }

    @Test
    void theDryRunPrintsThePlanOfTheLargePreset() {
        String plan = SuitePlan.describe(SuitePreset.named("large"), Path.of("out"), 32, BenchmarkSuite.SECTIONS,
                List.of(Path.of("no/such/folder")));
        assertTrue(plan.startsWith("suite plan: preset large, 32 threads, results in out, heap "), plan);
        assertTrue(plan.contains("  gaussian-n10m-d128-k256-dist7: 10,000,000 x 128, K 256, M 32, Ks 256; dense peers"
                + " on 200,000 rows; ~5,468 MiB for the rows and Tribuo's copy\n"), plan);
        assertTrue(plan.contains("  block_mixed-n200k-d2048-k64-dist7: 200,000 x 2048, K 64, "), plan);
        assertTrue(plan.contains("--k-list 1024,2048,4096,10000"), plan);
        assertTrue(plan.contains("  real: no/such/folder (absent: skipped)\n"), plan);
        assertTrue(plan.contains("quality-sweep:\n  QualitySweep --no-auto-k\n"), plan);
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
                "suite-quality-nmi.png", "suite-reconstruction-error.png", "quality-sweep.png", "k-sweep-1.png",
                "n-sweep.png", "autok-accuracy.png", "toy-2d.png"), charts);
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
        assertEquals(readme + ": marker <!-- suite:speedups --> names no table of these results; known: machine,"
                + " headline, peer-wins, peers, faiss, datasets, quality-sweep, k-sweep, n-sweep, auto-k, kernels", unknown.getMessage());
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
        assertEquals("unknown section 'charts'; expected some of datasets,quality-sweep,toy,k-sweep,n-sweep,auto-k,"
                + "kernels",
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
