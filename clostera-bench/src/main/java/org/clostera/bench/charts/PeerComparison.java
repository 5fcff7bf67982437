package org.clostera.bench.charts;

import static org.clostera.bench.charts.SuiteResults.map;
import static org.clostera.bench.charts.SuiteResults.number;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The note's two generated tables: {@code headline} (clostera fastest and quality against each peer over all
 * datasets: throughput and time ratios, then each contender's mean quality) and {@code peer-wins} (every dataset
 * and figure where a peer does better than clostera). A ratio is clostera's advantage: above 1 clostera is ahead
 * (faster, more vectors per second, lower error, higher NMI), below 1 the peer is.
 */
final class PeerComparison {
    /** Equal quality scores (e.g. both at NMI 1) are no win; differences under this share are noise. */
    private static final double TIE = 1e-9;

    /**
     * One figure compared between a clostera run and a peer.
     *
     * @param figure          what is compared, for the tables
     * @param closteraPath    the figure of clostera's run in a dataset's JSON
     * @param peerPath        the peer's figure
     * @param higherIsBetter  throughput, NMI: higher wins; seconds, errors: lower wins
     * @param speed           a speed figure (the headline's ratio table) rather than a quality one
     */
    record Comparison(String figure, String closteraPath, String peerPath, boolean higherIsBetter, boolean speed) {
        /** clostera's advantage on {@code d}: above 1 clostera is ahead. */
        double advantage(Map<String, Object> d) {
            double c = number(d, closteraPath);
            double p = number(d, peerPath);
            return higherIsBetter ? c / p : p / c;
        }

        String peerKey() {
            return peerPath.split("\\.")[1];
        }
    }

    static final List<Comparison> COMPARISONS = comparisons();

    private PeerComparison() {
    }

    private static List<Comparison> comparisons() {
        List<Comparison> all = new ArrayList<>();
        for (String mode : List.of("fastest", "quality")) {
            String c = "clostera." + mode + ".";
            String name = "clostera " + mode;
            all.add(new Comparison("encode vectors/s, " + name + " vs JVector PQ", c + "encode_vectors_per_s",
                    "peers.jvector_pq.encode_vectors_per_s", true, true));
            for (String peer : List.of("tribuo_kmeans", "dense_kmeans")) {
                String p = "peers." + peer + ".";
                String peerName = peerName(peer);
                all.add(new Comparison("s per k-means iteration, " + name + " vs " + peerName, c + "s_per_iteration",
                        p + "s_per_iteration", false, true));
                all.add(new Comparison("time to clusters (whole fit vs peer's k-means), " + name + " vs " + peerName,
                        c + "total_s", p + "cluster_s", false, true));
                all.add(new Comparison("NMI, " + name + " vs " + peerName, c + "nmi", p + "nmi", true, false));
                all.add(new Comparison("ARI, " + name + " vs " + peerName, c + "ari", p + "ari", true, false));
                all.add(new Comparison("assigned-center MSE, " + name + " vs " + peerName, c + "assigned_center_mse",
                        p + "assigned_center_mse", false, false));
            }
        }
        all.add(new Comparison("PQ reconstruction MSE, clostera fastest vs JVector PQ",
                "clostera.fastest.reconstruction_mse", "peers.jvector_pq.reconstruction_mse", false, false));
        return all;
    }

    static String peerName(String key) {
        return switch (key) {
            case "tribuo_kmeans" -> "Tribuo k-means";
            case "dense_kmeans" -> "Commons Math k-means";
            case "jvector_pq" -> "JVector PQ";
            default -> key;
        };
    }

    /** The headline: speed ratios over the datasets, then each contender's mean quality. */
    static String headline(List<Map<String, Object>> datasets) {
        StringBuilder t = new StringBuilder("| clostera vs peer | datasets | geometric mean | lowest | highest"
                + " | clostera ahead on |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Comparison c : COMPARISONS) {
            if (!c.speed()) {
                continue;
            }
            double logSum = 0;
            double low = Double.POSITIVE_INFINITY;
            double high = 0;
            int ahead = 0;
            for (Map<String, Object> d : datasets) {
                double a = c.advantage(d);
                logSum += Math.log(a);
                low = Math.min(low, a);
                high = Math.max(high, a);
                ahead += a > 1 ? 1 : 0;
            }
            t.append(String.format(Locale.ROOT, "| %s | %d | %.2fx | %.2fx | %.2fx | %d of %d |%n", c.figure(),
                    datasets.size(), Math.exp(logSum / datasets.size()), low, high, ahead, datasets.size()));
        }
        t.append("\n| contender | mean NMI | mean ARI | mean purity | geometric mean assigned-center MSE / truth's"
                + " | datasets on a subsample |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (String[] contender : new String[][] {{"clostera fastest (PQ)", "clostera.fastest"},
                {"clostera quality (OPQ)", "clostera.quality"}, {"Tribuo k-means (all threads)", "peers.tribuo_kmeans"},
                {"Commons Math k-means (1 thread)", "peers.dense_kmeans"}}) {
            double nmi = 0;
            double ari = 0;
            double purity = 0;
            double logMse = 0;
            int subsampled = 0;
            for (Map<String, Object> d : datasets) {
                Map<String, Object> run = map(d, contender[1]);
                nmi += number(run, "nmi");
                ari += number(run, "ari");
                purity += number(run, "purity");
                logMse += Math.log(number(run, "assigned_center_mse") / number(d, "truth_assigned_center_mse"));
                subsampled += Boolean.TRUE.equals(run.get("subsampled")) ? 1 : 0;
            }
            int n = datasets.size();
            t.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.4f | %d |%n", contender[0], nmi / n,
                    ari / n, purity / n, Math.exp(logMse / n), subsampled));
        }
        return t.toString();
    }

    /** Every dataset and figure where a peer is ahead of clostera, worst first within each figure. */
    static String peerWins(List<Map<String, Object>> datasets) {
        StringBuilder t = new StringBuilder();
        int wins = 0;
        for (Comparison c : COMPARISONS) {
            for (Map<String, Object> d : datasets) {
                double a = c.advantage(d);
                if (a < 1 - TIE) {
                    if (wins++ == 0) {
                        t.append("| dataset | figure | clostera | peer | clostera / peer advantage |\n"
                                + "| --- | --- | ---: | ---: | ---: |\n");
                    }
                    boolean subsample = Boolean.TRUE.equals(map(d, "peers." + c.peerKey()).get("subsampled"));
                    t.append(String.format(Locale.ROOT, "| %s | %s | %.4g | %.4g%s | %.3fx |%n", d.get("name"),
                            c.figure(), number(d, c.closteraPath()), number(d, c.peerPath()),
                            subsample ? " (subsample)" : "", a));
                }
            }
        }
        if (wins == 0) {
            t.append("No peer is ahead of clostera on any figure of these datasets.\n");
        } else {
            t.append(String.format(Locale.ROOT, "%n%d of %d comparisons (%d figures x %d datasets) go to a peer.%n",
                    wins, COMPARISONS.size() * datasets.size(), COMPARISONS.size(), datasets.size()));
        }
        return t.toString();
    }
}
