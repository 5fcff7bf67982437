package org.clostera.internal.autok;

import java.util.Arrays;
import java.util.TreeSet;
import org.clostera.InvalidParameterException;
import org.clostera.cluster.AutoKOptions;

/**
 * Turns {@link AutoKOptions} into the concrete candidate K values for a data set, and checks them
 * against the data before any work starts.
 */
public final class CandidateGenerator {
    /**
     * Generated candidates stop where the sample would hold fewer than this many codes per cluster on
     * average: below that the scores are too noisy to compare (and the analysis stops being cheap).
     */
    public static final int MIN_SAMPLE_ROWS_PER_CLUSTER = 128;

    /** The resolved candidates (ascending) and where they came from: explicit, template or range. */
    public record Candidates(int[] ks, String source) {
    }

    private CandidateGenerator() {
    }

    /** The built-in template 4, 6, 8, 12, 16, 24, 32, 48, ... (powers of two and 1.5 times them) up to {@code max}. */
    public static int[] template(int max) {
        TreeSet<Integer> values = new TreeSet<>();
        for (long power = 4; power <= max; power *= 2) {
            values.add((int) power);
            long between = power * 3 / 2;
            if (between <= max) {
                values.add((int) between);
            }
        }
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Resolves the candidates for data of {@code rows} rows scored on a sample of {@code sampleRows}
     * codes ({@code min(rows, options.sampleRows())}).
     *
     * @throws InvalidParameterException when a candidate exceeds the rows or the sample, or fewer than
     *                                   two candidates remain
     */
    public static Candidates resolve(AutoKOptions options, long rows, int sampleRows) {
        if (rows < 3) {
            throw new InvalidParameterException("automatic K needs at least 3 rows, the data has " + rows);
        }
        int[] explicit = options.candidates();
        if (explicit != null) {
            checkAgainstData(explicit, "autoKCandidates", rows, sampleRows);
            return new Candidates(explicit, "explicit");
        }
        Integer min = options.min();
        Integer max = options.max();
        if (max != null) {
            checkAgainstData(new int[] {max}, "autoKMax", rows, sampleRows);
        }
        if (min != null) {
            checkAgainstData(new int[] {min}, "autoKMin", rows, sampleRows);
        }
        int dataLimit = sampleRows / MIN_SAMPLE_ROWS_PER_CLUSTER;
        int upper = max != null ? max : dataLimit;
        if (options.step() != null) {
            int from = min != null ? min : 2;
            int to = max != null ? max : Math.max(dataLimit, from + options.step());
            checkAgainstData(new int[] {to}, "autoKMax (derived from the sample size)", rows, sampleRows);
            int count = (to - from) / options.step() + 1;
            int[] ks = new int[count];
            for (int i = 0; i < count; i++) {
                ks[i] = from + i * options.step();
            }
            return new Candidates(requireTwo(ks, options), "range");
        }
        TreeSet<Integer> values = new TreeSet<>();
        for (int k : template(upper)) {
            if (min == null || k >= min) {
                values.add(k);
            }
        }
        if (min != null) {
            values.add(min);
        }
        if (max != null) {
            values.add(max);
        }
        if (values.size() < 2 && min == null && max == null) {
            // Small data: the template does not fit; score every K from 2 up to a few per cluster.
            values.clear();
            int smallLimit = (int) Math.min(Math.min(rows, sampleRows), Math.max(3, Math.min(8, sampleRows / 8)));
            for (int k = 2; k <= smallLimit; k++) {
                values.add(k);
            }
        }
        int[] ks = values.stream().mapToInt(Integer::intValue).toArray();
        return new Candidates(requireTwo(ks, options), "template");
    }

    private static int[] requireTwo(int[] ks, AutoKOptions options) {
        if (ks.length < 2) {
            throw new InvalidParameterException("automatic K needs at least 2 candidates but " + options
                    + " gives " + Arrays.toString(ks) + " for this data; widen autoKMin/autoKMax or give autoKCandidates");
        }
        return ks;
    }

    private static void checkAgainstData(int[] ks, String what, long rows, int sampleRows) {
        for (int k : ks) {
            if (k > rows) {
                throw new InvalidParameterException(what + ": K = " + k + " is more than the " + rows
                        + " rows of the data");
            }
            if (k > sampleRows) {
                throw new InvalidParameterException(what + ": K = " + k + " is more than the " + sampleRows
                        + " sampled rows; raise autoKSampleRows");
            }
        }
    }
}
