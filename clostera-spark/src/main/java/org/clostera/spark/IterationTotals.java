package org.clostera.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.clostera.internal.kmeans.CodeSpaceStep;

/**
 * The sum over all code blocks of one assignment pass: the per-cluster code histogram (integer counts: exact
 * in any merge order), and per block its inertia and a hash of its labels, keyed by the block's first row so
 * the driver adds the inertia in row order and can tell whether any label changed since the last pass.
 */
final class IterationTotals implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Null until the first block (the zero value travels to every task, so it stays small). */
    private int[] histogram;
    private final TreeMap<Long, Double> inertia = new TreeMap<>();
    private final TreeMap<Long, Long> labelHashes = new TreeMap<>();
    private long assignNanos;

    IterationTotals add(CodeBlock block, CodeSpaceStep.Slice slice, long nanos) {
        assignNanos += nanos;
        if (histogram == null) {
            histogram = slice.histogram(); // the slice's own array: adopted, not copied
        } else {
            addHistogram(slice.histogram());
        }
        inertia.put(block.firstRow(), slice.inertia());
        labelHashes.put(block.firstRow(), hash(slice.labels()));
        return this;
    }

    IterationTotals merge(IterationTotals other) {
        if (other.histogram != null) {
            addHistogram(other.histogram);
        }
        inertia.putAll(other.inertia);
        labelHashes.putAll(other.labelHashes);
        assignNanos += other.assignNanos;
        return this;
    }

    private void addHistogram(int[] counts) {
        if (histogram == null) {
            histogram = counts.clone(); // another partial's: copied
            return;
        }
        for (int i = 0; i < counts.length; i++) {
            histogram[i] += counts[i];
        }
    }

    /** Seconds the tasks spent in clostera's assignment, summed over tasks (CPU-bound: about core-seconds). */
    double assignSeconds() {
        return assignNanos / 1e9;
    }

    int[] histogram() {
        return histogram;
    }

    /** The inertia of all codes, summed in row order of the blocks. */
    double inertia() {
        double sum = 0;
        for (double value : inertia.values()) {
            sum += value;
        }
        return sum;
    }

    /** Label hashes per block: equal maps mean (but for a 2^-64 chance) that no label changed. */
    Map<Long, Long> labelHashes() {
        return labelHashes;
    }

    private static long hash(int[] labels) {
        long h = 0x243F_6A88_85A3_08D3L;
        for (int label : labels) {
            h = (h ^ label) * 0x9E37_79B9_7F4A_7C15L;
            h ^= h >>> 29;
        }
        return h;
    }
}
