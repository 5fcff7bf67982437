package org.clostera.internal.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link Kernels} implementation once per JVM: the Vector API one when the
 * {@code jdk.incubator.vector} module is readable and usable, else the scalar one with one warning
 * saying how to enable it. {@code -Dclostera.kernels=scalar} forces the scalar kernels. Warnings go through
 * {@link UserNotices}, so they reach the user even when no SLF4J provider is bound.
 */
public final class KernelsProvider {
    /** System property that forces an implementation: {@code scalar} or {@code panama}. */
    public static final String FORCE_PROPERTY = "clostera.kernels";

    private static final Logger LOG = LoggerFactory.getLogger(KernelsProvider.class);
    /** The warning when the JVM runs without {@code --add-modules jdk.incubator.vector}. */
    static final String VECTOR_MODULE_HINT = "Java vector incubator module is not readable; clostera uses its "
            + "scalar kernels (several times slower). Pass '--add-modules jdk.incubator.vector' to the JVM to "
            + "enable the Vector API kernels.";
    private static final String PANAMA_CLASS = "org.clostera.internal.kernels.PanamaKernels";

    private KernelsProvider() {
    }

    /** The kernels chosen at start-up. */
    public static Kernels get() {
        return Holder.INSTANCE;
    }

    /** The portable scalar kernels (the reference). */
    public static Kernels scalar() {
        return Holder.SCALAR;
    }

    /**
     * The Vector API kernels when this JVM can run them (regardless of {@link #FORCE_PROPERTY}),
     * for tests and benchmarks that compare both paths.
     */
    public static Optional<Kernels> panama() {
        return Optional.ofNullable(Holder.PANAMA);
    }

    /**
     * The choice {@link #get()} makes, given the value of {@link #FORCE_PROPERTY} (nullable) and the Vector API
     * kernels (null when unavailable). Package-private for tests.
     */
    static Kernels choose(String forced, Kernels panama, Kernels scalar) {
        String force = forced == null ? "" : forced.trim();
        if (force.equalsIgnoreCase("scalar")) {
            LOG.info("clostera kernels: scalar (forced by -D{}=scalar)", FORCE_PROPERTY);
            return scalar;
        }
        if (!force.isEmpty() && !force.equalsIgnoreCase("panama")) {
            UserNotices.warnOnce(KernelsProvider.class, "kernels.force-property",
                    "Ignoring -D" + FORCE_PROPERTY + "=" + forced + ": expected 'scalar' or 'panama'.");
        }
        if (panama != null) {
            LOG.debug("clostera kernels: {}", panama.name());
            return panama;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            UserNotices.warnOnce(KernelsProvider.class, "kernels.vector-module", VECTOR_MODULE_HINT);
        }
        return scalar;
    }

    // A holder class so lookup happens once, lazily, without class-loading deadlocks.
    private static final class Holder {
        static final Kernels SCALAR = new ScalarKernels();
        static final Kernels PANAMA = loadPanama();
        static final Kernels INSTANCE = choose(System.getProperty(FORCE_PROPERTY), PANAMA, SCALAR);

        private static Kernels loadPanama() {
            Optional<Module> vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector");
            if (vectorModule.isEmpty()) {
                return null;
            }
            KernelsProvider.class.getModule().addReads(vectorModule.get());
            Class<?> panamaClass;
            try {
                panamaClass = Class.forName(PANAMA_CLASS);
            } catch (ClassNotFoundException e) {
                // Packaging bug, not a runtime condition: the class ships in the same jar.
                throw new LinkageError("missing " + PANAMA_CLASS, e);
            }
            try {
                return (Kernels) MethodHandles.lookup()
                        .findConstructor(panamaClass, MethodType.methodType(void.class))
                        .invoke();
            } catch (UnsupportedOperationException e) {
                UserNotices.warnOnce(KernelsProvider.class, "kernels.vector-unavailable",
                        "Vector API kernels unavailable (" + e.getMessage() + "); clostera uses its scalar kernels.");
                return null;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new LinkageError("cannot construct " + PANAMA_CLASS, e);
            }
        }
    }
}
