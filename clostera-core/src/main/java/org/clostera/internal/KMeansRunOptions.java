package org.clostera.internal;

import org.clostera.ProgressListener;
import org.clostera.cluster.KMeansSettings;
import org.clostera.internal.kmeans.CodeSpaceKMeans;

/** The engine's options for a run with the public settings: the one mapping from the API to the engine. */
public final class KMeansRunOptions {
    private KMeansRunOptions() {
    }

    /**
     * Options running {@code kmeans} from {@code seed}, with the split/merge search when {@code splitMerge};
     * progress goes to {@code listener} (null = none).
     */
    public static CodeSpaceKMeans.Options of(KMeansSettings kmeans, boolean splitMerge, long seed,
                                             ProgressListener listener) {
        return new CodeSpaceKMeans.Options(kmeans.iterations(), kmeans.tolerance(), seed, kmeans.seedingSampleRows(),
                kmeans.lookupTableBytes(), listener).withRefinement(splitMerge).withBoundBytes(kmeans.pruningMemory());
    }
}
