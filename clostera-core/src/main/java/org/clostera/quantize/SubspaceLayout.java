package org.clostera.quantize;

import java.util.Arrays;
import org.clostera.InvalidParameterException;

/**
 * How D dimensions are split into M contiguous subspaces. When M does not divide D the remainder is
 * spread over the first subspaces (widths differ by at most one), so any M in 1..D works.
 */
public final class SubspaceLayout {
    private final int dim;
    private final int[] offsets;
    private final int[] widths;

    private SubspaceLayout(int dim, int[] offsets, int[] widths) {
        this.dim = dim;
        this.offsets = offsets;
        this.widths = widths;
    }

    /** Splits {@code dim} dimensions into {@code subspaces} near-equal contiguous subspaces. */
    public static SubspaceLayout of(int dim, int subspaces) {
        if (dim <= 0) {
            throw new InvalidParameterException("dimension must be > 0, got " + dim);
        }
        if (subspaces <= 0 || subspaces > dim) {
            throw new InvalidParameterException("subquantizers M must be in 1.." + dim + " for dimension "
                    + dim + ", got " + subspaces);
        }
        int[] offsets = new int[subspaces];
        int[] widths = new int[subspaces];
        int base = dim / subspaces;
        int extra = dim % subspaces;
        int offset = 0;
        for (int s = 0; s < subspaces; s++) {
            widths[s] = base + (s < extra ? 1 : 0);
            offsets[s] = offset;
            offset += widths[s];
        }
        return new SubspaceLayout(dim, offsets, widths);
    }

    /**
     * The default M for a dimension: near sqrt(D) code bytes, keeping every subspace at least 4 wide
     * (so small D gets fewer, wider subspaces).
     */
    public static int defaultSubquantizers(int dim) {
        if (dim <= 0) {
            throw new InvalidParameterException("dimension must be > 0, got " + dim);
        }
        int m = (int) Math.round(Math.sqrt(dim));
        m = Math.min(m, Math.max(1, dim / 4));
        return Math.max(1, m);
    }

    public int dim() {
        return dim;
    }

    public int subspaces() {
        return widths.length;
    }

    public int offset(int subspace) {
        return offsets[subspace];
    }

    public int width(int subspace) {
        return widths[subspace];
    }

    public int maxWidth() {
        return widths[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubspaceLayout other && other.dim == dim && Arrays.equals(other.widths, widths);
    }

    @Override
    public int hashCode() {
        return 31 * dim + Arrays.hashCode(widths);
    }

    @Override
    public String toString() {
        return "SubspaceLayout[dim=" + dim + ", M=" + widths.length + ", widths=" + widths[widths.length - 1]
                + ".." + widths[0] + "]";
    }
}
