package org.clostera.io.spill;

import java.nio.file.Path;
import org.clostera.InvalidParameterException;
import org.clostera.data.CodeStore;
import org.clostera.data.HeapCodeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses where codes live: on the heap while they fit the budget given for them, else spilled to disk. */
public final class CodeStores {
    private static final Logger LOG = LoggerFactory.getLogger(CodeStores.class);

    private CodeStores() {
    }

    /**
     * A {@link HeapCodeStore} when {@code rows x codeBytes <= maxHeapBytes}, otherwise a {@link FileCodeStore}
     * in {@code spillDirectory} (which must then be given). The caller closes the store.
     */
    public static CodeStore create(long rows, int codeBytes, long maxHeapBytes, Path spillDirectory) {
        if (rows < 0 || codeBytes <= 0 || maxHeapBytes < 0) {
            throw new InvalidParameterException("need rows >= 0, codeBytes > 0 and maxHeapBytes >= 0, got "
                    + rows + ", " + codeBytes + ", " + maxHeapBytes);
        }
        long bytes = rows > Long.MAX_VALUE / codeBytes ? Long.MAX_VALUE : rows * codeBytes;
        if (bytes <= maxHeapBytes) {
            return new HeapCodeStore(rows, codeBytes);
        }
        if (spillDirectory == null) {
            throw new InvalidParameterException("the codes need " + bytes + " bytes, more than the " + maxHeapBytes
                    + " bytes allowed in memory, and no spill folder was given");
        }
        LOG.info("codes need {} MiB, more than the {} MiB allowed in memory: spilling to {}",
                bytes >> 20, maxHeapBytes >> 20, spillDirectory);
        return FileCodeStore.createTemp(spillDirectory, rows, codeBytes);
    }
}
