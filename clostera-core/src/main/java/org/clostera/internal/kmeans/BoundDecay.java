package org.clostera.internal.kmeans;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.clostera.internal.kernels.Kernels;

/**
 * How far the bounds of {@link AssignmentBounds} may have fallen since they were stored, per center group: the
 * amount a pass subtracts from a stored bound before testing it.
 *
 * <p><b>Summed drift.</b> A bound stored in pass {@code p} is kept as {@code b + S(p)}, where {@code S} is the group's
 * drift (the largest movement of one of its centers in a pass) summed over all passes; in pass {@code q} it is tested
 * as {@code stored - S(q) = b - (S(q) - S(p))}: by the triangle inequality no center of the group came closer than
 * that. It needs no memory of when a bound was stored, but it counts every pass's largest step, while centers that
 * wander back and forth, or different centers of a group moving in different passes, are displaced far less.
 *
 * <p><b>Displacement.</b> So each stored bound also carries a tag ({@link Kernels#BOUND_TAG_BITS} low bits of its
 * float, {@link Kernels#shiftedLowerBounds}): the pass it was stored in, modulo {@link Kernels#BOUND_TAGS}. The
 * centers of the last {@link Kernels#BOUND_TAGS} passes are kept, and a bound tagged {@code t} is lowered by
 * {@code S(p_t) + D(p_t, q)} instead of {@code S(q)}, where {@code p_t} is the latest earlier pass with tag {@code t}
 * and {@code D(p_t, q)} the largest displacement of a center of the group from pass {@code p_t} to now. That holds
 * for a bound stored in any pass {@code p <= p_t} with that tag, not only {@code p_t}: summed drift takes it from
 * {@code p} to {@code p_t} ({@code b - (S(p_t) - S(p))}) and displacement from {@code p_t} to now, so tags can be
 * reused without rewriting old bounds. A new pass takes the tag whose pass stored the fewest bounds: the first passes,
 * which store most of them, keep their centers, and their bounds keep decaying by displacement (reusing tags in turn
 * made the bounds of pass 1 fall back to summed drift in pass 10, which then rescanned 3x a usual pass). On 1M x 128 gaussian codes at K = 10,000 (M = 16) this cleared three
 * quarters of the (code, group) pairs that summed drift left to the 8-bit pre-filter in passes 2-19, the same
 * labels by construction. The centers of the last passes cost {@code BOUND_TAGS x k x dim} floats; without room
 * for them every tag decays by summed drift, as before.
 */
final class BoundDecay {
    private static final int TAGS = Kernels.BOUND_TAGS;

    private final int groups;
    /** {@code groupOf[center]}: the group holding each center (original center order). */
    private final int[] groupOf;
    private final int dim;
    /** Per group, {@code S}: the drift of all passes so far, summed. */
    private final double[] shift;
    /** Per tag, the centers of the latest pass with that tag ({@code k x dim}); null without room for them. */
    private final float[][] centersOfTag;
    /** Per tag, {@link #shift} in the latest pass with that tag. */
    private final double[][] shiftOfTag;
    /** Per tag, the latest pass with that tag so far, or -1. */
    private final int[] passOfTag;
    /** Per tag and group, the largest displacement of a center from that tag's pass to the next pass's centers. */
    private final double[][] displacement;
    /** The pass {@link #displacement} was computed for (by {@link #drift}), or -1. */
    private int displacementPass = -1;
    /** Per group and tag ({@code [g * TAGS + t]}): the raised decay a pass subtracts ({@link #advance}). */
    private final float[] decays;
    /** Passes run since the bounds started: the pass being run, 0 for the first. */
    private int pass;
    /** The tag of the pass being run. */
    private int tag;
    /** Bounds stored in the pass being run, so far ({@link #stored}). */
    private final LongAdder stores = new LongAdder();
    /** Per tag, the bounds stored in the latest pass with that tag. */
    private final long[] storesOfTag = new long[TAGS];

    BoundDecay(int[] groupOf, int groups, int dim, boolean keepCenters) {
        this.groups = groups;
        this.groupOf = groupOf;
        this.dim = dim;
        this.shift = new double[groups];
        this.centersOfTag = keepCenters ? new float[TAGS][] : null;
        this.shiftOfTag = new double[TAGS][groups];
        this.passOfTag = new int[TAGS];
        Arrays.fill(passOfTag, -1);
        this.displacement = new double[TAGS][groups];
        this.decays = new float[groups * TAGS];
    }

    /** Bytes of the kept centers for {@code k} centers of {@code dim} dimensions. */
    static long centerBytes(int k, int dim) {
        return (long) TAGS * k * dim * Float.BYTES;
    }

    /** The tag of the bounds stored in the pass being run. */
    int tag() {
        return tag;
    }

    /** Counts {@code count} bounds stored in the pass being run (any thread). */
    void stored(int count) {
        stores.add(count);
    }

    /** {@code S} of group {@code g}: the shift a bound stored now is kept with. */
    double shift(int g) {
        return shift[g];
    }

    /** Every group's decays, {@link Kernels#BOUND_TAGS} from {@link #decaysOffset}. */
    float[] decays() {
        return decays;
    }

    static int decaysOffset(int g) {
        return g * TAGS;
    }

    /**
     * Per group, an upper bound of how far any of its centers moved from {@code before} (the centers of the pass just
     * run) to {@code after} ({@code k x dim}, original order): the largest Euclidean norm of a center's movement,
     * computed in double and raised by a relative 1e-12 to cover its own rounding. With kept centers it also keeps
     * {@code before} under the pass's tag and measures, the same way, each kept pass's displacement to {@code after}.
     */
    double[] drift(float[] before, float[] after) {
        double[] drift = largestMovement(before, after, new double[groups]);
        if (centersOfTag != null) {
            int t = tag;
            if (centersOfTag[t] == null) {
                centersOfTag[t] = new float[before.length];
            }
            System.arraycopy(before, 0, centersOfTag[t], 0, before.length);
            System.arraycopy(shift, 0, shiftOfTag[t], 0, groups);
            passOfTag[t] = pass;
            storesOfTag[t] = stores.sumThenReset();
            for (int other = 0; other < TAGS; other++) {
                if (other == t) {
                    System.arraycopy(drift, 0, displacement[t], 0, groups);
                } else if (passOfTag[other] >= 0) {
                    largestMovement(centersOfTag[other], after, displacement[other]);
                }
            }
            displacementPass = pass + 1;
        }
        return drift;
    }

    /** Per group, the largest movement of a center from {@code from} to {@code to}, into {@code moved}. */
    private double[] largestMovement(float[] from, float[] to, double[] moved) {
        Arrays.fill(moved, 0);
        int k = groupOf.length;
        for (int c = 0; c < k; c++) {
            double sum = 0;
            for (int j = c * dim, end = j + dim; j < end; j++) {
                double diff = (double) to[j] - from[j];
                sum += diff * diff;
            }
            int g = groupOf[c];
            moved[g] = Math.max(moved[g], sum);
        }
        for (int g = 0; g < groups; g++) {
            moved[g] = Math.sqrt(moved[g]) * (1 + 1e-12);
        }
        return moved;
    }

    /**
     * Takes in the drift of one pass's centers ({@link #drift}) before the pass runs, picks the pass's tag, and sets
     * each group's decays: per tag {@code min(S(q), S(p_t) + D(p_t, q))} (either is a valid decay, so the smaller
     * is), raised so that a float sum with a raised limit stays above the exact one
     * ({@link TableSumRounding#raisedLimit}). Without the displacements of this pass (no kept centers, or no
     * {@link #drift} call since the last pass) every kept pass is dropped and all tags decay by summed drift: a tag
     * may only stand for a pass at least as new as every bound that carries it.
     */
    void advance(double[] drift) {
        for (int g = 0; g < groups; g++) {
            shift[g] += drift[g];
        }
        pass++;
        boolean displaced = displacementPass == pass;
        if (!displaced) {
            Arrays.fill(passOfTag, -1);
            stores.reset();
        }
        tag = nextTag();
        for (int g = 0; g < groups; g++) {
            for (int t = 0; t < TAGS; t++) {
                double decay = shift[g];
                if (displaced && passOfTag[t] >= 0) {
                    decay = Math.min(decay, shiftOfTag[t][g] + displacement[t][g]);
                }
                decays[g * TAGS + t] = TableSumRounding.raisedLimit(decay);
            }
        }
    }

    /**
     * Before a pass from nothing (new centers, no drift), which stores every bound anew and tests them in the same
     * pass: every tag decays by summed drift, exact for bounds stored now, and no kept pass is used until the next
     * {@link #drift}.
     */
    void restart() {
        Arrays.fill(passOfTag, -1);
        displacementPass = -1;
        stores.reset();
        for (int g = 0; g < groups; g++) {
            Arrays.fill(decays, g * TAGS, (g + 1) * TAGS, TableSumRounding.raisedLimit(shift[g]));
        }
    }

    /** An unused tag, else the one whose pass stored the fewest bounds (the lowest such tag). */
    private int nextTag() {
        int best = 0;
        for (int t = 0; t < TAGS; t++) {
            if (passOfTag[t] < 0) {
                return t;
            }
            if (storesOfTag[t] < storesOfTag[best]) {
                best = t;
            }
        }
        return best;
    }
}
