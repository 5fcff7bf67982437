package org.clostera.io.synthetic;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.clostera.InvalidParameterException;

/**
 * The shape of the clusters of a {@link SyntheticDataset}. Every distribution places the cluster centers
 * the same way (see {@link SyntheticDataset}); they differ in the within-cluster noise. Noise always has
 * unit variance per dimension on average, so the separation knob means the same for all of them.
 */
public enum Distribution {
    /** Isotropic Gaussian noise: {@code x = center + N(0, I)}. The easy baseline. */
    GAUSSIAN("gaussian"),
    /**
     * Per-cluster anisotropic Gaussian: the noise is scaled per dimension by factors drawn log-uniformly
     * in [0.2, 2] (then normalised to unit mean variance), and then pairs of dimensions, paired by a
     * per-cluster random permutation, are rotated by per-cluster random angles (one layer of Givens
     * rotations). So each cluster is an ellipsoid with a 100:1 variance ratio whose axes are not aligned
     * with the coordinate axes, at O(D) cost per row.
     */
    ANISOTROPIC("anisotropic"),
    /**
     * Heavy-tailed noise: every coordinate is an independent Student-t variate with 5 degrees of freedom,
     * scaled to unit variance (kurtosis 9 instead of 3: coordinates beyond 4 standard deviations are
     * 56 times as frequent as for a Gaussian). Outlying coordinates stretch PQ codebooks and pull
     * means, while row norms still concentrate in high dimension.
     */
    STUDENT_T("student_t"),
    /**
     * Block-correlated noise: the dimensions are split into blocks of about 16 by one global random
     * permutation (so a block's dimensions are scattered over the vector, and PQ's contiguous subspaces
     * cut across the blocks). In each block a row draws two latent factors, multiplied by per-cluster
     * random loadings; 80% of the variance is this rank-2 block structure and 20% independent noise.
     * A rotation (OPQ) can gather correlated dimensions into one subspace; plain PQ cannot.
     */
    BLOCK_MIXED("block_mixed");

    private final String cliName;

    Distribution(String cliName) {
        this.cliName = cliName;
    }

    /** The lower-case name used on the command line, e.g. {@code student_t}. */
    public String cliName() {
        return cliName;
    }

    /** Parses a CLI name (case-insensitive, '-' accepted for '_'); the error lists the valid names. */
    public static Distribution fromCliName(String name) {
        if (name != null) {
            String normalized = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            for (Distribution d : values()) {
                if (d.cliName.equals(normalized)) {
                    return d;
                }
            }
        }
        throw new InvalidParameterException("unknown distribution '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Distribution::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
