package org.clostera.bench.charts;

import static org.clostera.bench.charts.SuiteResults.list;
import static org.clostera.bench.charts.SuiteResults.map;
import static org.clostera.bench.charts.SuiteResults.number;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The suite's PNG charts, drawn from its JSON with JFreeChart: time, encode throughput, quality and
 * reconstruction error per dataset (clostera fastest and quality against the peers), time vs K, time vs N,
 * auto-K accuracy and the 2-D toy picture. Each chart is written to a temporary name and renamed.
 */
public final class ChartRenderer {
    static final int WIDTH = 1000;
    static final int HEIGHT = 560;
    static final String FASTEST = "clostera fastest (PQ)";
    static final String QUALITY = "clostera quality (OPQ)";
    static final String DENSE = "dense k-means (Commons Math, 1 thread)";
    static final String TRIBUO = "dense k-means (Tribuo, all threads)";
    static final String JVECTOR = "JVector PQ";

    private ChartRenderer() {
    }

    /** Renders every chart the results allow into {@code assets}; returns the file names written. */
    public static List<String> render(SuiteResults results, Path assets) {
        List<String> written = new ArrayList<>();
        List<Map<String, Object>> datasets = results.datasetList();
        if (!datasets.isEmpty()) {
            written.add(save(assets, "suite-time.png", perDataset(datasets, "Time per dataset (fit; dense: clustering)",
                    "seconds", true, List.of(
                            series(FASTEST, d -> number(d, "clostera.fastest.total_s")),
                            series(QUALITY, d -> number(d, "clostera.quality.total_s")),
                            series(TRIBUO, d -> number(d, "peers.tribuo_kmeans.cluster_s")),
                            series(DENSE, d -> number(d, "peers.dense_kmeans.cluster_s"))))));
            written.add(save(assets, "suite-seconds-per-iteration.png", perDataset(datasets,
                    "Seconds per k-means iteration", "seconds", true, List.of(
                            series(FASTEST, d -> number(d, "clostera.fastest.s_per_iteration")),
                            series(QUALITY, d -> number(d, "clostera.quality.s_per_iteration")),
                            series(TRIBUO, d -> number(d, "peers.tribuo_kmeans.s_per_iteration")),
                            series(DENSE, d -> number(d, "peers.dense_kmeans.s_per_iteration"))))));
            written.add(save(assets, "suite-encode-throughput.png", perDataset(datasets,
                    "Encoding throughput at the same M and Ks", "vectors per second", true, List.of(
                            series(FASTEST, d -> number(d, "clostera.fastest.encode_vectors_per_s")),
                            series(QUALITY, d -> number(d, "clostera.quality.encode_vectors_per_s")),
                            series(JVECTOR, d -> number(d, "peers.jvector_pq.encode_vectors_per_s"))))));
            written.add(save(assets, "suite-quality-nmi.png", perDataset(datasets, "Quality: NMI against the true labels",
                    "NMI", false, List.of(
                            series(FASTEST, d -> number(d, "clostera.fastest.nmi")),
                            series(QUALITY, d -> number(d, "clostera.quality.nmi")),
                            series(TRIBUO, d -> number(d, "peers.tribuo_kmeans.nmi")),
                            series(DENSE, d -> number(d, "peers.dense_kmeans.nmi"))))));
            written.add(save(assets, "suite-reconstruction-error.png", perDataset(datasets,
                    "PQ vs OPQ reconstruction error (relative to clostera PQ)", "MSE / clostera PQ's MSE", false,
                    List.of(series(FASTEST, d -> 1.0),
                            series(QUALITY, d -> number(d, "clostera.quality.reconstruction_mse")
                                    / number(d, "clostera.fastest.reconstruction_mse")),
                            series(JVECTOR, d -> number(d, "peers.jvector_pq.reconstruction_mse")
                                    / number(d, "clostera.fastest.reconstruction_mse"))))));
        }
        if (results.qualitySweep() != null) {
            JFreeChart sse = perDataset(list(results.qualitySweep(), "datasets"),
                    "k-means cost / the true partition's (below 1: cheaper than the truth)",
                    "SSE / true partition's SSE", false, List.of(
                            series("clostera PQ", d -> number(d, "pq.sse_ratio_to_truth")),
                            series("clostera OPQ", d -> number(d, "opq.sse_ratio_to_truth")),
                            series("dense k-means++ reference", d -> number(d, "dense_kmeans.sse_ratio_to_truth"))));
            // the ratios sit within a few percent of 1: an axis from 0 would hide every difference
            ((NumberAxis) sse.getCategoryPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
            ((BarRenderer) sse.getCategoryPlot().getRenderer()).setIncludeBaseInRange(false);
            written.add(save(assets, "quality-sweep.png", sse));
        }
        for (int i = 0; i < results.kSweeps().size(); i++) {
            written.add(save(assets, "k-sweep-" + (i + 1) + ".png", kSweep(results.kSweeps().get(i))));
        }
        if (results.nSweep() != null) {
            written.add(save(assets, "n-sweep.png", nSweep(results.nSweep())));
        }
        if (results.autoK() != null) {
            written.add(save(assets, "autok-accuracy.png", autoK(results.autoK())));
        }
        if (results.toy() != null) {
            written.add(saveImage(assets, "toy-2d.png", ToyPictureChart.draw(results.toy())));
        }
        return written;
    }

    private record Series(String name, ToDoubleFunction<Map<String, Object>> value) {
    }

    private static Series series(String name, ToDoubleFunction<Map<String, Object>> value) {
        return new Series(name, value);
    }

    private static JFreeChart perDataset(List<Map<String, Object>> datasets, String title, String axis, boolean log,
                                         List<Series> series) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map<String, Object> d : datasets) {
            for (Series s : series) {
                data.addValue(s.value().applyAsDouble(d), s.name(), (String) d.get("name"));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, axis, data, PlotOrientation.VERTICAL, true, false,
                false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        if (log) {
            // bars start at the axis' lower end: put it just under the smallest value, not at a fixed 1e-4
            double smallest = Double.POSITIVE_INFINITY;
            for (int row = 0; row < data.getRowCount(); row++) {
                for (int column = 0; column < data.getColumnCount(); column++) {
                    Number value = data.getValue(row, column);
                    if (value != null && value.doubleValue() > 0) {
                        smallest = Math.min(smallest, value.doubleValue());
                    }
                }
            }
            LogAxis logAxis = new LogAxis(axis);
            logAxis.setSmallestValue(Double.isFinite(smallest) ? smallest / 2 : 1e-4);
            logAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // whole powers of ten
            plot.setRangeAxis(logAxis);
        }
        style(chart);
        return chart;
    }

    private static JFreeChart kSweep(Map<String, Object> sweep) {
        XYSeries stage = new XYSeries("cluster stage (s)");
        XYSeries pass = new XYSeries("one assignment pass (s)");
        for (Map<String, Object> fit : list(sweep, "fits")) {
            stage.add(number(fit, "k"), number(fit, "cluster_s"));
            pass.add(number(fit, "k"), number(fit, "ms_per_pass") / 1000);
        }
        String title = String.format(java.util.Locale.ROOT, "Time vs K: %s %,d x %d, M=%d, Ks=%d",
                sweep.get("distribution"), (long) number(sweep, "rows"), (long) number(sweep, "dim"),
                (long) number(sweep, "subquantizers"), (long) number(sweep, "codebook_size"));
        return xyChart(title, "K", "seconds", stage, pass);
    }

    private static JFreeChart nSweep(Map<String, Object> sweep) {
        XYSeries train = new XYSeries("PQ training (s)");
        XYSeries encode = new XYSeries("encoding, median (s)");
        XYSeries iteration = new XYSeries("assignment pass over all codes, median (s)");
        Map<String, Object> first = null;
        for (Map<String, Object> run : list(sweep, "runs")) {
            first = first == null ? run : first;
            double rows = number(run, "rows");
            train.add(rows, number(run, "train_s"));
            encode.add(rows, rows / number(run, "encode_vectors_per_s_median"));
            iteration.add(rows, number(run, "assignment_pass_ms_median") / 1000);
        }
        String title = first == null ? "Time vs N" : String.format(java.util.Locale.ROOT,
                "Time vs N: %s, D=%d, K=%d, M=%d, Ks=%d", first.get("distribution"), (long) number(first, "dim"),
                (long) number(first, "k"), (long) number(first, "subquantizers"), (long) number(first, "codebook_size"));
        return xyChart(title, "rows N", "seconds", train, encode, iteration);
    }

    private static JFreeChart autoK(Map<String, Object> autoK) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries picks = new XYSeries("auto-K pick (library default)");
        XYSeries truth = new XYSeries("true K");
        double maxK = 0;
        for (Object suite : map(autoK, "suites").values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) suite;
            for (Map<String, Object> d : list(s, "datasets")) {
                picks.add(number(d, "true_k"), number(d, "selected_k"));
                maxK = Math.max(maxK, Math.max(number(d, "true_k"), number(d, "selected_k")));
            }
        }
        truth.add(0, 0);
        truth.add(maxK, maxK);
        data.addSeries(picks);
        data.addSeries(truth);
        JFreeChart chart = ChartFactory.createScatterPlot("Auto-K accuracy: selected vs true K", "true K",
                "selected K", data, PlotOrientation.VERTICAL, true, false, false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShapesVisible(1, false);
        chart.getXYPlot().setRenderer(renderer);
        style(chart);
        return chart;
    }

    private static JFreeChart xyChart(String title, String xLabel, String yLabel, XYSeries... series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series) {
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true,
                false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        plot.setRenderer(renderer);
        style(chart);
        return chart;
    }

    static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(248, 248, 248));
        chart.setAntiAlias(true);
    }

    private static String save(Path assets, String name, JFreeChart chart) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        g.dispose();
        return saveImage(assets, name, image);
    }

    private static String saveImage(Path assets, String name, BufferedImage image) {
        Path target = assets.resolve(name);
        Path temp = assets.resolve(name + ".tmp");
        try {
            Files.createDirectories(assets);
            if (!ImageIO.write(image, "png", temp.toFile())) {
                throw new IOException("no PNG writer");
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart " + target, e);
        }
    }
}
