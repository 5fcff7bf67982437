package org.clostera;

import java.nio.file.Path;
import org.clostera.data.CodeStore;
import org.clostera.data.CodeStoreFactory;
import org.clostera.data.HeapCodeStore;
import org.clostera.data.PersistentCodeStore;
import org.clostera.data.RamBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a {@link Clusterer} fit keeps its codes: in heap while they fit the {@link RamBudget}'s code share,
 * otherwise in a store from the factory (a memory-mapped temporary file with clostera-io's factory), or in
 * the code file {@code codesOutput} when one is asked for.
 *
 * @param budget      the RAM budget (unlimited by default)
 * @param factory     makes spilled and persistent stores
 * @param codesOutput where to keep the codes of a successful fit, or null
 */
record FitStorage(RamBudget budget, CodeStoreFactory factory, Path codesOutput) {
    private static final Logger LOG = LoggerFactory.getLogger(FitStorage.class);

    /** Rejects, before any work, a fit whose labels or codes cannot be kept as configured. */
    void validate(long rows, int codeBytes, String source) {
        budget.requireLabelsFit(rows);
        boolean heapOnly = factory == CodeStoreFactory.heap();
        if (codesOutput != null && heapOnly) {
            throw new InvalidParameterException("codesOutputPath " + codesOutput + " needs a file-backed code store "
                    + "factory: set codeStoreFactory(new org.clostera.io.store.MappedFileCodeStoreFactory(dir))");
        }
        if (heapOnly && !budget.codesFitInHeap(rows, codeBytes)) {
            throw new InvalidParameterException("the codes of " + source + " (" + rows + " x " + codeBytes
                    + " bytes) exceed what the RAM budget " + budget + " leaves for codes (5/8 minus the labels) "
                    + "and the code store factory keeps codes in heap: set codeStoreFactory(new "
                    + "org.clostera.io.store.MappedFileCodeStoreFactory(dir)) to spill them to disk, or raise the "
                    + "budget");
        }
    }

    /** A store for {@code rows x codeBytes} codes; the caller closes it. */
    CodeStore open(long rows, int codeBytes) {
        if (codesOutput != null) {
            LOG.info("codes go to {} ({} x {} bytes)", codesOutput, rows, codeBytes);
            return factory.createPersistent(rows, codeBytes, codesOutput);
        }
        if (budget.codesFitInHeap(rows, codeBytes)) {
            return new HeapCodeStore(rows, codeBytes);
        }
        LOG.info("codes ({} x {} bytes) exceed the code share of the RAM budget {}: spilling to disk", rows,
                codeBytes, budget);
        return factory.create(rows, codeBytes);
    }

    /** Keeps the codes of a successful fit (commits a persistent store). */
    void complete(CodeStore codes) {
        if (codesOutput != null && codes instanceof PersistentCodeStore persistent) {
            persistent.commit();
        }
    }
}
