package org.clostera.internal.kmeans;

import org.clostera.ProgressListener;
import org.clostera.data.CodeStore;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.parallel.WorkerPool;

/**
 * {@link AllCodesLloyd} over a code store in this JVM: {@link CodeSpaceKMeans#lloydFrom}, incremental passes.
 *
 * <p>Remembers the {@link AssignmentState} of the last two results it knows (the one runs start from and the
 * latest run's, which the split/merge search may accept as its next start), so a trial starts from its previous
 * result's histograms and distances instead of a pass over the codes that rebuilds them. States are matched to a
 * result by its labels object, which runs copy and never modify. With a running trial's own, at most three
 * states are held, so each is planned in a third of the state memory. Not thread-safe (the search is sequential).
 */
final class LocalLloyd implements AllCodesLloyd {
    private final CodeStore codes;
    private final CodingSpaceCodebooks books;
    private final int k;
    private final long lookupTableBytes;
    private final long stateBytes;
    private final Kernels kernels;
    private final WorkerPool pool;
    private RowLabels startLabels;
    private AssignmentState startState;
    private RowLabels latestLabels;
    private AssignmentState latestState;

    /**
     * @param stateBytes memory for the states kept (histograms and per-code distances, a third of it each), as the
     *                   pruning memory ({@link CodeSpaceKMeans.Options#effectiveBoundBytes()}): what does not fit is
     *                   rebuilt from the codes, as without states
     */
    LocalLloyd(CodeStore codes, CodingSpaceCodebooks books, int k, long lookupTableBytes, long stateBytes,
               Kernels kernels, WorkerPool pool) {
        this.codes = codes;
        this.books = books;
        this.k = k;
        this.lookupTableBytes = lookupTableBytes;
        this.stateBytes = stateBytes;
        this.kernels = kernels;
        this.pool = pool;
    }

    /**
     * Remembers {@code state} (null: none) as that of {@code result}'s labels, e.g. the main Lloyd run's, when it
     * fits a third of the state memory.
     */
    LocalLloyd startingFrom(CodeSpaceKMeans.Result result, AssignmentState state) {
        if (state != null && state.bytes() > stateBytes / 3) {
            state = null;
        }
        startLabels = state == null ? null : result.rowLabels();
        startState = state;
        latestLabels = null;
        latestState = null;
        return this;
    }

    @Override
    public long rows() {
        return codes.rows();
    }

    @Override
    public CodeSpaceKMeans.Result lloydFrom(CodeSpaceKMeans.Result previous, float[] centers, int iterations,
                                            double tolerance) {
        RowLabels from = previous == null ? null : previous.rowLabels();
        AssignmentState start = null;
        if (from != null && from == latestLabels) {
            // The latest run's result was accepted: it is the start now, the older start is no longer needed.
            startLabels = latestLabels;
            startState = latestState;
        }
        if (from != null && from == startLabels) {
            start = startState;
        }
        CodeSpaceKMeans.Run run = CodeSpaceKMeans.lloydRun(codes, books, k, centers, previous, start, true,
                iterations, tolerance, lookupTableBytes, stateBytes / 3, ProgressListener.NONE, kernels, pool);
        latestLabels = run.result().rowLabels();
        latestState = run.state();
        return run.result();
    }
}
