package org.clostera.data;

import java.nio.file.Path;

/**
 * A {@link CodeStore} destined for a file: written under a temporary name, and moved onto
 * {@link #target()} by {@link #commit()}. Closing without a commit deletes the temporary file, so a failed
 * fit leaves nothing half-written behind.
 */
public interface PersistentCodeStore extends CodeStore {

    /** Where the codes end up. */
    Path target();

    /** Flushes the (complete) codes and renames them onto {@link #target()}; the store stays readable. */
    void commit();
}
