package org.clostera.data;

import java.nio.file.Path;
import org.clostera.InvalidParameterException;

/**
 * Makes the {@link CodeStore} a fit encodes into. The default, {@link #heap()}, keeps codes in heap
 * memory; clostera-io's {@code MappedFileCodeStoreFactory} spills them to memory-mapped files, which is
 * what a {@link RamBudget} asks for when the codes exceed its share.
 */
public interface CodeStoreFactory {

    /** Heap stores only ({@link HeapCodeStore}); cannot write code files. */
    static CodeStoreFactory heap() {
        return HeapCodeStoreFactory.INSTANCE;
    }

    /** A store for {@code rows x codeBytes} codes that leaves nothing behind once closed. */
    CodeStore create(long rows, int codeBytes);

    /**
     * A store that becomes the file {@code target} when {@link PersistentCodeStore#commit() committed}
     * (written under a temporary name, renamed at commit; deleted when closed without commit).
     */
    default PersistentCodeStore createPersistent(long rows, int codeBytes, Path target) {
        throw new InvalidParameterException("this code store factory (" + this + ") cannot write code files such as "
                + target + "; use a file-backed factory, e.g. org.clostera.io.store.MappedFileCodeStoreFactory");
    }
}

/** The single heap factory (one instance, so a fit can tell that codes cannot spill). */
final class HeapCodeStoreFactory implements CodeStoreFactory {
    static final CodeStoreFactory INSTANCE = new HeapCodeStoreFactory();

    private HeapCodeStoreFactory() {
    }

    @Override
    public CodeStore create(long rows, int codeBytes) {
        return new HeapCodeStore(rows, codeBytes);
    }

    @Override
    public String toString() {
        return "heap";
    }
}
