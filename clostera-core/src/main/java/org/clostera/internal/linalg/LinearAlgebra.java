package org.clostera.internal.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import dev.ludovic.netlib.lapack.NativeLAPACK;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dense linear algebra backend, chosen once per JVM: native BLAS/LAPACK (OpenBLAS through netlib's
 * JNI wrappers) when the system has it, else the pure-Java path (netlib's Java LAPACK, and a blocked
 * Vector API {@link Gemm} when {@code jdk.incubator.vector} is readable, else netlib's Java BLAS).
 * One log line says which, and how to get the native one.
 *
 * <p>{@code -Dclostera.blas=java} forces the pure-Java path; {@code -Dclostera.blas=native} requires the
 * native one (failing loudly when missing).
 */
public final class LinearAlgebra {
    /** System property forcing the backend: {@code java}, {@code native} or {@code auto} (default). */
    public static final String FORCE_PROPERTY = "clostera.blas";

    /**
     * System property: {@code java} makes the native backend use the Vector API GEMM for matrix products
     * (native LAPACK still does the decompositions). Older OpenBLAS builds (e.g. Debian 12's 0.3.21) run
     * AVX2 kernels on AVX-512 CPUs they do not know (Zen 4/5), where the Java GEMM can be faster;
     * {@code OPENBLAS_CORETYPE=SkylakeX} in the environment is the other remedy.
     */
    public static final String GEMM_PROPERTY = "clostera.gemm";

    private static final Logger LOG = LoggerFactory.getLogger(LinearAlgebra.class);
    private static final String PANAMA_GEMM_CLASS = "org.clostera.internal.linalg.PanamaGemm";
    private static final String NATIVE_HINT = "install native OpenBLAS for 10-30x faster OPQ training and "
            + "encoding (Debian/Ubuntu: apt-get install libopenblas0-pthread; Fedora: dnf install openblas-pthreads)";

    private final String name;
    private final boolean nativeBackend;
    private final Gemm gemm;
    private final LAPACK lapack;

    private LinearAlgebra(String name, boolean nativeBackend, Gemm gemm, LAPACK lapack) {
        this.name = name;
        this.nativeBackend = nativeBackend;
        this.gemm = gemm;
        this.lapack = lapack;
    }

    /** The backend chosen for this JVM (honours {@link #FORCE_PROPERTY}). */
    public static LinearAlgebra get() {
        return Holder.INSTANCE;
    }

    /** The pure-Java backend, always available (for tests and benchmarks comparing both paths). */
    public static LinearAlgebra java() {
        return Holder.JAVA;
    }

    /** The native backend when this system has native BLAS and LAPACK, regardless of the property. */
    public static Optional<LinearAlgebra> nativeBackend() {
        return Optional.ofNullable(Holder.NATIVE);
    }

    /** Human-readable description, e.g. "native BLAS/LAPACK (libopenblas.so.0 via JNI)". */
    public String name() {
        return name;
    }

    /** Whether this is the native (JNI) backend. */
    public boolean isNative() {
        return nativeBackend;
    }

    /** Matrix products. */
    public Gemm gemm() {
        return gemm;
    }

    /** LAPACK routines (SVD, symmetric eigen-decomposition). */
    public LAPACK lapack() {
        return lapack;
    }

    @Override
    public String toString() {
        return name;
    }

    private static final class Holder {
        static final LinearAlgebra JAVA = Loader.loadJava();
        static final LinearAlgebra NATIVE = Loader.loadNative();
        static final LinearAlgebra INSTANCE = select(System.getProperty(FORCE_PROPERTY, "auto"));
    }

    /** The backend for a value of {@link #FORCE_PROPERTY}, logging the choice (one line). */
    static LinearAlgebra select(String property) {
        LinearAlgebra java = Holder.JAVA;
        LinearAlgebra nativeOne = Holder.NATIVE;
        String forced = property == null ? "auto" : property.trim().toLowerCase(Locale.ROOT);
        switch (forced) {
            case "java" -> {
                LOG.info("clostera dense math: pure-Java path ({}), forced by -D{}=java", java.name, FORCE_PROPERTY);
                return java;
            }
            case "native" -> {
                if (nativeOne == null) {
                    throw new IllegalStateException("-D" + FORCE_PROPERTY + "=native but no native BLAS/LAPACK "
                            + "could be loaded; " + NATIVE_HINT);
                }
                LOG.info("clostera dense math: {}", nativeOne.name);
                return nativeOne;
            }
            case "auto", "" -> {
                if (nativeOne != null) {
                    LOG.info("clostera dense math: {}", nativeOne.name);
                    return nativeOne;
                }
                LOG.warn("clostera dense math: pure-Java path ({}); no native BLAS/LAPACK found: {}", java.name,
                        NATIVE_HINT);
                return java;
            }
            default -> throw new IllegalStateException("-D" + FORCE_PROPERTY + " must be java, native or auto, got '"
                    + forced + "'");
        }
    }

    private static final class Loader {
        private static LinearAlgebra loadJava() {
            Gemm gemm = loadPanamaGemm();
            if (gemm == null) {
                gemm = new NetlibGemm(JavaBLAS.getInstance(), "netlib Java BLAS");
            }
            return new LinearAlgebra("netlib Java LAPACK + " + gemm.name(), false, gemm, JavaLAPACK.getInstance());
        }

        private static LinearAlgebra loadNative() {
            BLAS blas;
            LAPACK lapack;
            try {
                blas = NativeBLAS.getInstance();
                lapack = NativeLAPACK.getInstance();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("native BLAS/LAPACK unavailable", e);
                return null;
            }
            String library = loadedBlasLibrary();
            if ("java".equalsIgnoreCase(System.getProperty(GEMM_PROPERTY, "").trim())) {
                Gemm java = Holder.JAVA.gemm;
                return new LinearAlgebra("native LAPACK (" + library + " via JNI) + " + java.name() + " (-D"
                        + GEMM_PROPERTY + "=java)", true, java, lapack);
            }
            return new LinearAlgebra("native BLAS/LAPACK (" + library + " via JNI)", true,
                    new NetlibGemm(blas, "native sgemm (" + library + ")"), lapack);
        }

        /** The BLAS shared library the JNI wrapper bound to (from /proc/self/maps on Linux). */
        private static String loadedBlasLibrary() {
            Path maps = Path.of("/proc/self/maps");
            if (!Files.isReadable(maps)) {
                return "system libblas";
            }
            try (Stream<String> lines = Files.lines(maps)) {
                return lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                        .filter(p -> p.contains("openblas") || p.contains("mkl") || p.contains("libblas")
                                || p.contains("blis"))
                        .map(p -> Path.of(p).getFileName().toString())
                        .filter(f -> !f.contains("netlib"))
                        .sorted((x, y) -> Boolean.compare(!x.contains("openblas"), !y.contains("openblas")))
                        .findFirst().orElse("system libblas");
            } catch (IOException | RuntimeException e) {
                return "system libblas";
            }
        }

        private static Gemm loadPanamaGemm() {
            Optional<Module> vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector");
            if (vectorModule.isEmpty()) {
                return null;
            }
            LinearAlgebra.class.getModule().addReads(vectorModule.get());
            try {
                Class<?> type = Class.forName(PANAMA_GEMM_CLASS);
                return (Gemm) MethodHandles.lookup()
                        .findConstructor(type, MethodType.methodType(void.class)).invoke();
            } catch (UnsupportedOperationException e) {
                LOG.debug("Vector API sgemm unavailable: {}", e.getMessage());
                return null;
            } catch (ClassNotFoundException e) {
                throw new LinkageError("missing " + PANAMA_GEMM_CLASS, e);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new LinkageError("cannot construct " + PANAMA_GEMM_CLASS, e);
            }
        }
    }
}
