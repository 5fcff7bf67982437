package org.clostera.cluster;

import org.clostera.InvalidParameterException;
import org.clostera.internal.ParameterChecks;

/**
 * How code-space k-means runs: its stopping rule, its seeding sample and the memory its speed-ups may use.
 * The one definition of these settings, their defaults and their checks: {@link PQKMeans.Builder},
 * {@link OPQMeans.Builder} and {@code Clusterer.Builder} hold one and their setters write through it.
 * Immutable; every value is checked by the canonical constructor.
 *
 * <pre>{@code
 * KMeansSettings longer = KMeansSettings.defaults().withIterations(50).withTolerance(0);
 * PQKMeans km = PQKMeans.builder().encoder(encoder).k(64).kmeans(longer).build().fit(codes);
 * }</pre>
 *
 * @param iterations        maximum center updates, >= 0 (0 = seeding and one assignment; default
 *                          {@value #DEFAULT_ITERATIONS})
 * @param tolerance         stop when an iteration lowers the inertia by less than this fraction of it; finite,
 *                          >= 0 (0 = run until no label changes or the iterations are spent; default
 *                          {@value #DEFAULT_TOLERANCE})
 * @param seedingSampleRows codes sampled for k-means++ seeding, >= 1 (at least 4 K are used, at most N;
 *                          default {@value #DEFAULT_SEEDING_SAMPLE_ROWS})
 * @param lookupTableBytes  budget of one distance-table tile, >= 1 (default 4 MiB); only changes speed
 * @param pruningMemory     most bytes the pruned assignment may keep, >= 0 (0 = no pruning): per-code bounds, and
 *                          where room is left 8-bit copies of the tables, each center group's smallest entries and
 *                          the last 8 passes' centers (K x D floats each); with the split/merge refinement
 *                          also what its trials start from (per-cluster code histograms, K x M x Ks ints, and each
 *                          code's distance to its center, 4 bytes per code; a third of it each, three at a time),
 *                          or {@value #AUTOMATIC_PRUNING_MEMORY} (default) for automatic: a quarter of the
 *                          JVM's maximum heap, or with a {@code Clusterer} RAM budget what its per-row share
 *                          leaves. Only changes speed: labels, centers and inertia are the same with any value
 */
public record KMeansSettings(int iterations, double tolerance, int seedingSampleRows, long lookupTableBytes,
                             long pruningMemory) {
    /** Default maximum center updates. */
    public static final int DEFAULT_ITERATIONS = 20;
    /** Default relative inertia improvement below which k-means stops. */
    public static final double DEFAULT_TOLERANCE = 1e-4;
    /** Default seeding sample. */
    public static final int DEFAULT_SEEDING_SAMPLE_ROWS = 16384;
    /** 4 MiB: the largest tile; the table is split into ~1 MiB tiles of >= 64 centers below that. */
    public static final long DEFAULT_LOOKUP_TABLE_BYTES = 4L << 20;
    /** {@link #pruningMemory()} chosen automatically. */
    public static final long AUTOMATIC_PRUNING_MEMORY = -1;

    private static final KMeansSettings DEFAULTS = new KMeansSettings(DEFAULT_ITERATIONS, DEFAULT_TOLERANCE,
            DEFAULT_SEEDING_SAMPLE_ROWS, DEFAULT_LOOKUP_TABLE_BYTES, AUTOMATIC_PRUNING_MEMORY);

    /** Checks every value; an out-of-range one gives an {@code InvalidParameterException} naming it. */
    public KMeansSettings {
        ParameterChecks.atLeast("iterations", iterations, 0);
        ParameterChecks.tolerance(tolerance);
        ParameterChecks.atLeast("seedingSampleRows", seedingSampleRows, 1);
        ParameterChecks.atLeast("lookupTableBytes", lookupTableBytes, 1);
        if (pruningMemory < AUTOMATIC_PRUNING_MEMORY) {
            throw new InvalidParameterException("pruningMemory must be >= 0 bytes (0 = no pruning, "
                    + AUTOMATIC_PRUNING_MEMORY + " = automatic), got " + pruningMemory);
        }
    }

    /** 20 iterations, tolerance 1e-4, 16384 seeding rows, 4 MiB table tiles, automatic pruning memory. */
    public static KMeansSettings defaults() {
        return DEFAULTS;
    }

    /** Whether {@link #pruningMemory()} is left to the automatic rule. */
    public boolean automaticPruningMemory() {
        return pruningMemory == AUTOMATIC_PRUNING_MEMORY;
    }

    /** These settings with at most {@code value} center updates. */
    public KMeansSettings withIterations(int value) {
        return new KMeansSettings(value, tolerance, seedingSampleRows, lookupTableBytes, pruningMemory);
    }

    /** These settings with tolerance {@code value}. */
    public KMeansSettings withTolerance(double value) {
        return new KMeansSettings(iterations, value, seedingSampleRows, lookupTableBytes, pruningMemory);
    }

    /** These settings with a seeding sample of {@code value} codes. */
    public KMeansSettings withSeedingSampleRows(int value) {
        return new KMeansSettings(iterations, tolerance, value, lookupTableBytes, pruningMemory);
    }

    /** These settings with distance-table tiles of at most {@code value} bytes. */
    public KMeansSettings withLookupTableBytes(long value) {
        return new KMeansSettings(iterations, tolerance, seedingSampleRows, value, pruningMemory);
    }

    /** These settings with at most {@code value} bytes of bounds ({@value #AUTOMATIC_PRUNING_MEMORY} = automatic). */
    public KMeansSettings withPruningMemory(long value) {
        return new KMeansSettings(iterations, tolerance, seedingSampleRows, lookupTableBytes, value);
    }
}
