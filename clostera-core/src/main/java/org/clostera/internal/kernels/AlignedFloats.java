package org.clostera.internal.kernels;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A float array whose element {@code offset} starts on a 64-byte cache-line boundary whenever the JVM's heap
 * layout lets us know where arrays start, for tables that the vector kernels read a cache line at a time
 * ({@link Kernels#lookupArgmin}: a misaligned 64-byte load touches two lines; measured ~30% slower).
 *
 * <p>Java exposes no addresses, but G1 (the default collector) places every array of at least half a heap
 * region ("humongous") at the start of a region, and regions are aligned to their size; the elements then
 * start one array header (16 bytes, 12 with compact object headers) later. So the array is allocated at
 * least that large and read from the offset that skips to the next cache line. With another collector or
 * an unknown header size the offset is 0 and alignment is left to chance: results never depend on it, only
 * speed. {@code -Dclostera.kernels.alignTables=false} turns it off (to measure the difference).
 *
 * @param array  the storage, at least {@code offset + length} long
 * @param offset index of the first element of the table, in {@code [0, 16)}
 */
public record AlignedFloats(float[] array, int offset) {
    /** Cache line size assumed by the kernels. */
    public static final int LINE_FLOATS = 16;
    /** Turns alignment off when set to {@code false}. */
    public static final String PROPERTY = "clostera.kernels.alignTables";
    /**
     * Tables of at least this many bytes (the ones that live in L2 and are read hot) may be padded up to
     * {@link #LARGE_TABLE_PADDING} bytes to become humongous; smaller ones only up to 4x their own size, so
     * that frequently built small tables do not churn humongous regions.
     */
    private static final long LARGE_TABLE_BYTES = 256L << 10;
    private static final long LARGE_TABLE_PADDING = 16L << 20;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 32;

    /** A zeroed table of {@code length} floats, cache-line aligned when the heap layout is known. */
    public static AlignedFloats allocate(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length);
        }
        HeapLayout layout = HeapLayout.CURRENT;
        if (!layout.known()) {
            return new AlignedFloats(new float[length], 0);
        }
        long humongousFloats = layout.regionBytes() / 8 + LINE_FLOATS; // > half a region, header included
        long needed = (long) length + LINE_FLOATS;
        long size = Math.max(needed, humongousFloats);
        long tableBytes = (long) Float.BYTES * length;
        long paddingBytes = (long) Float.BYTES * (size - needed);
        boolean worthIt = paddingBytes <= 4 * tableBytes
                || (tableBytes >= LARGE_TABLE_BYTES && paddingBytes <= LARGE_TABLE_PADDING);
        if (size > MAX_ARRAY || !worthIt) {
            return new AlignedFloats(new float[length], 0);
        }
        return new AlignedFloats(new float[(int) size], layout.alignedOffset());
    }

    /** Whether {@link #allocate} aligns tables in this JVM. */
    public static boolean enabled() {
        return HeapLayout.CURRENT.known();
    }

    /** What this JVM tells about where large arrays start. */
    private record HeapLayout(long regionBytes, int baseOffsetBytes) {
        private static final Logger LOG = LoggerFactory.getLogger(AlignedFloats.class);
        static final HeapLayout CURRENT = detect();

        boolean known() {
            return regionBytes > 0;
        }

        int alignedOffset() {
            return ((64 - baseOffsetBytes % 64) % 64) / Float.BYTES;
        }

        private static HeapLayout detect() {
            if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim())) {
                return new HeapLayout(0, 0);
            }
            try {
                boolean g1 = false;
                for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                    g1 |= gc.getName().startsWith("G1 ");
                }
                HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                if (!g1 || hotspot == null) {
                    LOG.debug("table alignment off: not running G1");
                    return new HeapLayout(0, 0);
                }
                long region = Long.parseLong(hotspot.getVMOption("G1HeapRegionSize").getValue());
                int base;
                if (flag(hotspot, "UseCompactObjectHeaders")) {
                    base = 12;
                } else if (flag(hotspot, "UseCompressedClassPointers")) {
                    base = 16;
                } else {
                    LOG.debug("table alignment off: unknown array header size");
                    return new HeapLayout(0, 0);
                }
                if (region < 1 << 20 || Long.bitCount(region) != 1) {
                    return new HeapLayout(0, 0);
                }
                return new HeapLayout(region, base);
            } catch (RuntimeException | LinkageError e) {
                // Not HotSpot, no java.management, or an option this JVM does not have: stay unaligned.
                LOG.debug("table alignment off: {}", e.toString());
                return new HeapLayout(0, 0);
            }
        }

        private static boolean flag(HotSpotDiagnosticMXBean hotspot, String name) {
            try {
                return Boolean.parseBoolean(hotspot.getVMOption(name).getValue());
            } catch (IllegalArgumentException e) {
                return false; // the option does not exist in this JVM (e.g. compact headers before JDK 24)
            }
        }
    }
}
