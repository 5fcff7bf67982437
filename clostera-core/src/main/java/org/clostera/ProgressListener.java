package org.clostera;

/**
 * Receives progress of long-running stages (training, encoding, clustering). Core and io never print;
 * callers that want a progress bar implement this. Calls may come from worker threads.
 */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void onProgress(String stage, long done, long total) {
        }
    };

    /** A stage starts; {@code total} is its amount of work in stage-specific units, or -1 if unknown. */
    default void onStageStart(String stage, long total) {
    }

    /** {@code done} of {@code total} units of the stage are complete. */
    void onProgress(String stage, long done, long total);

    /** The stage has finished. */
    default void onStageEnd(String stage) {
    }
}
