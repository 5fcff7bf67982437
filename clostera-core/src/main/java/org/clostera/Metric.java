package org.clostera;

/** The distance clusters are formed under. */
public enum Metric {
    /** Squared Euclidean distance: k-means as is (the default). */
    L2,
    /**
     * Cosine distance, for embeddings: every row is scaled to unit length (an all-zero row is refused), so
     * the nearest center in L2 is the one of largest cosine similarity. The dense passes on the raw vectors
     * ({@link Clusterer.Builder#rawRefinementIterations}, automatic on inputs up to 2^28 floats) run
     * spherical k-means: centers renormalised to unit length after every update. K-means on the codes
     * before them is Euclidean k-means of the unit rows (centers not renormalised), its start.
     */
    COSINE
}
