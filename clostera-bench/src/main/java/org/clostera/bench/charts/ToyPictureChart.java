package org.clostera.bench.charts;

import static org.clostera.bench.charts.SuiteResults.map;
import static org.clostera.bench.charts.SuiteResults.number;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The 2-D toy picture: the same points coloured by the true labels, dense k-means, clostera quality and fastest. */
final class ToyPictureChart {
    private static final int PANEL = 480;
    private static final List<String> PANELS = List.of("truth", "dense_kmeans", "quality", "fastest");

    private ToyPictureChart() {
    }

    static BufferedImage draw(Map<String, Object> toy) {
        BufferedImage image = new BufferedImage(2 * PANEL, 2 * PANEL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        double[] bounds = bounds((List<?>) toy.get("points"));
        for (int p = 0; p < PANELS.size(); p++) {
            String panel = PANELS.get(p);
            List<?> labels = panel.equals("truth") ? (List<?>) toy.get("truth") : (List<?>) map(toy, "labels").get(panel);
            String title = panel.equals("truth") ? "true clusters" : String.format(Locale.ROOT, "%s: NMI %.3f",
                    label(panel), number(toy, "scores." + panel + ".nmi"));
            JFreeChart chart = scatter(title, (List<?>) toy.get("points"), labels);
            // the same axes in every panel, so the pictures compare point by point
            chart.getXYPlot().getDomainAxis().setRange(bounds[0] - 0.5, bounds[1] + 0.5);
            chart.getXYPlot().getRangeAxis().setRange(bounds[2] - 0.5, bounds[3] + 0.5);
            chart.draw(g,
                    new Rectangle2D.Double((p % 2) * PANEL, (p / 2) * PANEL, PANEL, PANEL));
        }
        g.dispose();
        return image;
    }

    private static String label(String panel) {
        return switch (panel) {
            case "dense_kmeans" -> "dense k-means";
            case "quality" -> "clostera quality (OPQ)";
            default -> "clostera fastest (PQ)";
        };
    }

    /** Min x, max x, min y, max y. */
    private static double[] bounds(List<?> points) {
        double[] b = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
        for (Object point : points) {
            List<?> xy = (List<?>) point;
            double x = ((Number) xy.get(0)).doubleValue();
            double y = ((Number) xy.get(1)).doubleValue();
            b[0] = Math.min(b[0], x);
            b[1] = Math.max(b[1], x);
            b[2] = Math.min(b[2], y);
            b[3] = Math.max(b[3], y);
        }
        return b;
    }

    private static JFreeChart scatter(String title, List<?> points, List<?> labels) {
        XYSeriesCollection data = new XYSeriesCollection();
        int clusters = labels.stream().mapToInt(l -> ((Number) l).intValue()).max().orElse(0) + 1;
        XYSeries[] series = new XYSeries[clusters];
        for (int c = 0; c < clusters; c++) {
            series[c] = new XYSeries("cluster " + c, false, true);
            data.addSeries(series[c]);
        }
        for (int i = 0; i < points.size(); i++) {
            List<?> xy = (List<?>) points.get(i);
            series[((Number) labels.get(i)).intValue()].add(((Number) xy.get(0)).doubleValue(),
                    ((Number) xy.get(1)).doubleValue());
        }
        JFreeChart chart = ChartFactory.createScatterPlot(title, null, null, data, PlotOrientation.VERTICAL, false,
                false, false);
        XYItemRenderer renderer = chart.getXYPlot().getRenderer();
        for (int c = 0; c < clusters; c++) {
            renderer.setSeriesPaint(c, Color.getHSBColor((float) c / clusters, 0.75f, 0.85f));
            renderer.setSeriesShape(c, new java.awt.geom.Ellipse2D.Double(-2, -2, 4, 4));
        }
        ChartRenderer.style(chart);
        return chart;
    }
}
