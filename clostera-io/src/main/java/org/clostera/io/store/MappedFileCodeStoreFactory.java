package org.clostera.io.store;

import java.nio.file.Path;
import org.clostera.InvalidParameterException;
import org.clostera.data.CodeStore;
import org.clostera.data.CodeStoreFactory;
import org.clostera.data.PersistentCodeStore;

/**
 * Spills codes to memory-mapped files: temporary stores under a spill directory (deleted on close, and
 * at JVM exit if still open), persistent ones at the requested path. Use with
 * {@code Clusterer.builder().maxRamBytes(...).codeStoreFactory(new MappedFileCodeStoreFactory(dir))}.
 */
public final class MappedFileCodeStoreFactory implements CodeStoreFactory {
    private final Path spillDirectory;

    /** Spills under {@code spillDirectory} (null = {@code java.io.tmpdir}). */
    public MappedFileCodeStoreFactory(Path spillDirectory) {
        this.spillDirectory = spillDirectory != null ? spillDirectory : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Spills under {@code java.io.tmpdir}. */
    public MappedFileCodeStoreFactory() {
        this(null);
    }

    /** Where temporary stores go. */
    public Path spillDirectory() {
        return spillDirectory;
    }

    @Override
    public CodeStore create(long rows, int codeBytes) {
        return MappedFileCodeStore.createTemporary(spillDirectory, rows, codeBytes);
    }

    @Override
    public PersistentCodeStore createPersistent(long rows, int codeBytes, Path target) {
        if (target == null) {
            throw new InvalidParameterException("code file path is null");
        }
        return MappedFileCodeStore.createPersistent(target, rows, codeBytes);
    }

    @Override
    public String toString() {
        return "mapped files under " + spillDirectory;
    }
}
