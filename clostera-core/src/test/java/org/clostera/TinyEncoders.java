package org.clostera;

import org.clostera.cluster.LabeledGaussians;
import org.clostera.quantize.PQEncoder;

/** A small trained PQ encoder for tests that only need one to exist (800 x 8 rows, M = 2, Ks = 16). */
final class TinyEncoders {
    /** Four well-separated groups of 200 rows in 8 dimensions. */
    static final LabeledGaussians DATA = LabeledGaussians.generate(800, 8, 4, 6.0, 1);
    static final PQEncoder PQ = PQEncoder.builder().subquantizers(2).codebookSize(16).seed(0).threads(1)
            .fit(DATA.data(), DATA.dim());

    private TinyEncoders() {
    }
}
