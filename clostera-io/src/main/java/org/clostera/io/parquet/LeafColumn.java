package org.clostera.io.parquet;

/**
 * One leaf column of one row group, read entry by entry (an entry is a value or a null/empty marker with
 * its repetition and definition levels). There is always a current entry while {@link #remaining()} > 0.
 */
interface LeafColumn {
    /** Entries not yet passed, the current one included. */
    long remaining();

    int repetitionLevel();

    int definitionLevel();

    /** The current entry's value as a float; only for entries at the maximum definition level. */
    float value();

    /** Moves past the current entry (and its value, if it has one). */
    void next();
}
