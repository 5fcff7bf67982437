package org.clostera.spark;

import java.io.Serializable;
import org.clostera.cluster.KSelection;

/**
 * What a {@link ClosteraKMeans} fit did: the K it used (and the auto-K report when it chose K), the cluster
 * sizes, the inertia after seeding and after each Lloyd update, and the time of each stage and of each
 * distributed Lloyd iteration. Kept by the fitted model; not saved with it.
 */
public final class ClosteraKMeansSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int k;
    private final KSelection kSelection;
    private final long[] clusterSizes;
    private final double[] inertiaHistory;
    private final int iterations;
    private final double[] iterationSeconds;
    private final double[] assignSeconds;
    private final long rows;
    private final int partitions;
    private final double trainSeconds;
    private final double encodeSeconds;
    private final double seedingSeconds;
    private final double lloydSeconds;
    private final int refinementMoves;
    private final int refinementPasses;
    private final double refineSeconds;

    ClosteraKMeansSummary(int k, KSelection kSelection, long[] clusterSizes, double[] inertiaHistory, int iterations,
                          double[] iterationSeconds, double[] assignSeconds, long rows, int partitions, double trainSeconds,
                          double encodeSeconds, double seedingSeconds, double lloydSeconds, int refinementMoves,
                          int refinementPasses, double refineSeconds) {
        this.k = k;
        this.kSelection = kSelection;
        this.clusterSizes = clusterSizes;
        this.inertiaHistory = inertiaHistory;
        this.iterations = iterations;
        this.iterationSeconds = iterationSeconds;
        this.assignSeconds = assignSeconds;
        this.rows = rows;
        this.partitions = partitions;
        this.trainSeconds = trainSeconds;
        this.encodeSeconds = encodeSeconds;
        this.seedingSeconds = seedingSeconds;
        this.lloydSeconds = lloydSeconds;
        this.refinementMoves = refinementMoves;
        this.refinementPasses = refinementPasses;
        this.refineSeconds = refineSeconds;
    }

    /** The K the clustering used: the configured one, or the one auto-K selected. */
    public int k() {
        return k;
    }

    /** Whether K was chosen automatically ({@code k} unset). */
    public boolean kSelected() {
        return kSelection != null;
    }

    /**
     * The auto-K report (candidates and their scores on the sample of codes), or null when K was set. Its
     * inertia figures are in the encoder's normalised coding space (the scores are ratios and need no units).
     */
    public KSelection kSelection() {
        return kSelection;
    }

    /** Training rows per cluster (a copy). */
    public long[] clusterSizes() {
        return clusterSizes.clone();
    }

    /**
     * Inertia (input units) after seeding, then after each update of the main Lloyd run ({@link #iterations()} + 1
     * values), then after each split/merge move the search over all codes accepted (as one machine records it).
     */
    public double[] inertiaHistory() {
        return inertiaHistory.clone();
    }

    /** The final inertia: sum of squared distances of the codes to their centers, in input units. */
    public double inertia() {
        return inertiaHistory[inertiaHistory.length - 1];
    }

    /** Lloyd center updates performed. */
    public int iterations() {
        return iterations;
    }

    /**
     * Wall seconds of the first assignment pass, then of each Lloyd iteration (update on the driver, broadcast,
     * assignment of all codes, tree aggregation), {@link #iterations()} + 1 values.
     */
    public double[] iterationSeconds() {
        return iterationSeconds.clone();
    }

    /**
     * Per pass (aligned with {@link #iterationSeconds()}), the seconds the tasks spent in clostera's assignment
     * kernel, summed over tasks: about the core-seconds of the pass's real work; the rest of its wall time is
     * Spark's (scheduling, broadcast, moving the histograms) and the driver's update.
     */
    public double[] assignSeconds() {
        return assignSeconds.clone();
    }

    /** Rows of the training dataset. */
    public long rows() {
        return rows;
    }

    /** Partitions of the training dataset. */
    public int partitions() {
        return partitions;
    }

    /** Seconds spent counting the rows, collecting the training sample and training the encoder. */
    public double trainSeconds() {
        return trainSeconds;
    }

    /** Seconds spent encoding (and checking) every row into the cached codes. */
    public double encodeSeconds() {
        return encodeSeconds;
    }

    /** Seconds spent choosing K (auto-K) or the initial centers, on the driver's sample of codes. */
    public double seedingSeconds() {
        return seedingSeconds;
    }

    /** Seconds of the main distributed Lloyd run. */
    public double lloydSeconds() {
        return lloydSeconds;
    }

    /**
     * Split/merge moves the refinement accepted: on the driver's seeding sample before Lloyd, and over all codes
     * after it (0 when it found none or was off), as {@code ClusteringModel.refinementMoves()} counts them.
     */
    public int refinementMoves() {
        return refinementMoves;
    }

    /**
     * Distributed assignment passes over all codes the split/merge search after Lloyd ran (its tried moves' Lloyd
     * runs and the final one); 0 when it tried no move.
     */
    public int refinementPasses() {
        return refinementPasses;
    }

    /** Seconds of the split/merge search over all codes after the main Lloyd run. */
    public double refineSeconds() {
        return refineSeconds;
    }
}
