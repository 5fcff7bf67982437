package org.clostera.data;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clostera.InvalidParameterException;

/**
 * A bound on the memory a fit uses for data (not for the JVM itself), split into shares:
 *
 * <table>
 *   <caption>Shares of the budget B</caption>
 *   <tr><th>share</th><th>of B</th><th>what it bounds</th></tr>
 *   <tr><td>training sample</td><td>1/4</td><td>{@code trainRows x D x 4} bytes of the encoder's sample
 *       (the sample is clamped to fit; a clamp changes the codebooks, so it is logged)</td></tr>
 *   <tr><td>encode batches</td><td>1/8</td><td>two float batches of {@code batchRows x D x 4} bytes (one
 *       being read while the other is encoded)</td></tr>
 *   <tr><td>per-row data</td><td>5/8</td><td>first the k-means label of every row, {@code N x 4} bytes, kept
 *       while it iterates (a fit whose labels do not fit is rejected before any work); then the
 *       {@code N x M} codes if they fit in what is left, else they spill to a memory-mapped file
 *       ({@link CodeStoreFactory}); what remains may hold the per-code bounds of pruned k-means assignment
 *       (without room for them, k-means scans every center, logged)</td></tr>
 * </table>
 *
 * <p>Not counted: per-thread scratch of k-means ({@code K x M x Ks} ints and 16384 codes per thread), the
 * distance tables, centers, and the JVM itself; give the JVM heap ({@code -Xmx}) some headroom above B.
 * Only the training-sample clamp can change results: batch sizes and where the codes live never do.
 * {@link #UNLIMITED} keeps every default.
 */
public final class RamBudget {
    /** No bound: defaults everywhere, codes in heap. */
    public static final RamBudget UNLIMITED = new RamBudget(Long.MAX_VALUE);
    /** Smallest accepted budget. */
    public static final long MIN_BYTES = 1L << 16;

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?");

    private final long bytes;

    private RamBudget(long bytes) {
        this.bytes = bytes;
    }

    /** A budget of {@code bytes} (at least {@value #MIN_BYTES}). */
    public static RamBudget ofBytes(long bytes) {
        if (bytes < MIN_BYTES) {
            throw new InvalidParameterException("RAM budget must be at least " + MIN_BYTES + " bytes, got " + bytes);
        }
        return new RamBudget(bytes);
    }

    /**
     * Parses a size: a number of bytes with an optional binary unit {@code k}, {@code m}, {@code g} or
     * {@code t} (case-insensitive, optionally followed by {@code b} or {@code ib}): {@code "8g"},
     * {@code "512m"}, {@code "1.5G"}, {@code "65536"}, {@code "2GiB"}.
     */
    public static RamBudget parse(String text) {
        return ofBytes(parseBytes(text));
    }

    /** {@link #parse} without the minimum check: the byte count of a size text. */
    public static long parseBytes(String text) {
        if (text == null) {
            throw new InvalidParameterException("RAM size is missing");
        }
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidParameterException("cannot read RAM size '" + text
                    + "': expected a number with an optional unit k, m, g or t, e.g. 8g or 512m");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double value = Double.parseDouble(m.group(1)) * Math.pow(2, shift);
        if (value >= Long.MAX_VALUE) {
            throw new InvalidParameterException("RAM size '" + text + "' is too large");
        }
        long result = (long) value;
        if (result < 1) {
            throw new InvalidParameterException("RAM size '" + text + "' must be at least one byte");
        }
        return result;
    }

    /** The whole budget in bytes ({@link Long#MAX_VALUE} when unlimited). */
    public long bytes() {
        return bytes;
    }

    /** Whether this is {@link #UNLIMITED}. */
    public boolean unlimited() {
        return bytes == Long.MAX_VALUE;
    }

    /** Bytes for the encoder's training sample (1/4). */
    public long trainingSampleBytes() {
        return bytes / 4;
    }

    /** Bytes for the two encode batch buffers together (1/8). */
    public long encodeBatchBytes() {
        return bytes / 8;
    }

    /** Bytes for per-row data: labels first, then the codes if they fit (5/8). */
    public long rowDataBytes() {
        return bytes - trainingSampleBytes() - encodeBatchBytes();
    }

    /** The training sample size: {@code requested}, clamped to the rows of dimension {@code dim} that fit its share. */
    public int trainRows(int requested, int dim) {
        long fit = trainingSampleBytes() / (4L * dim);
        return (int) Math.min(requested, fit);
    }

    /**
     * Rows per encode batch so that two batches of dimension {@code dim} fit their share, at most
     * {@code defaultRows} (the unbudgeted size) and at least 1.
     */
    public int encodeBatchRows(int dim, int defaultRows) {
        long fit = encodeBatchBytes() / (2 * 4L * dim);
        return (int) Math.max(1, Math.min(defaultRows, fit));
    }

    /** Whether labels and {@code rows x codeBytes} codes together fit the per-row share (else codes spill). */
    public boolean codesFitInHeap(long rows, int codeBytes) {
        return unlimited() || rows <= rowDataBytes() / (4L + codeBytes);
    }

    /** Whether the labels of {@code rows} rows fit the per-row share. */
    public boolean labelsFit(long rows) {
        return unlimited() || rows <= rowDataBytes() / 4;
    }

    /** Rejects {@code rows} whose labels do not fit, naming the smallest budget that would do. */
    public void requireLabelsFit(long rows) {
        if (!labelsFit(rows)) {
            throw new InvalidParameterException("RAM budget " + this + " is too small for the labels of " + rows
                    + " rows (" + rows * 4 + " bytes, which must fit 5/8 of the budget); give at least "
                    + format((rows * 4 * 8 + 4) / 5));
        }
    }

    /** A size in the largest whole binary unit, e.g. {@code 512m} or {@code 1.5g}. */
    public static String format(long bytes) {
        String[] units = {"", "k", "m", "g", "t"};
        int u = 0;
        double v = bytes;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v)) + units[u];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RamBudget b && b.bytes == bytes;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bytes);
    }

    @Override
    public String toString() {
        return unlimited() ? "unlimited" : format(bytes);
    }
}
