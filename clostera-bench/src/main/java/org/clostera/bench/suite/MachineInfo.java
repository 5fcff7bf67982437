package org.clostera.bench.suite;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.clostera.internal.kernels.KernelsProvider;

/** The machine a result was measured on, written into every JSON file of the suite. */
public final class MachineInfo {
    /** The key every suite file carries the machine under. */
    public static final String KEY = "machine";

    private MachineInfo() {
    }

    /** CPU model, cores, JDK, clostera's kernels and dense-math (BLAS) backend, heap and JVM flags. */
    public static Map<String, Object> describe(int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("threads", threads);
        m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + Runtime.version());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("kernels", KernelsProvider.get().name());
        m.put("blas", dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getName());
        m.put("dense_math", denseMath());
        m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        m.put("jvm_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        m.put("date", Instant.now().toString());
        return m;
    }

    /**
     * clostera's own description of its dense-math path (native LAPACK via JNI or pure Java, which GEMM), read
     * reflectively: core does not export the package, and the suite runs on the class path where that is allowed.
     */
    private static String denseMath() {
        try {
            Object algebra = Class.forName("org.clostera.internal.linalg.LinearAlgebra").getMethod("get").invoke(null);
            return String.valueOf(algebra.getClass().getMethod("name").invoke(algebra));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}
