package org.clostera.bench.autok;

import java.util.function.LongToIntFunction;
import org.clostera.data.VectorSource;
import org.clostera.io.synthetic.Distribution;
import org.clostera.io.synthetic.SyntheticDataset;

/** A generated dataset with its true labels, whichever generator made it. */
interface LabeledData {
    VectorSource source();

    int k();

    int label(long row);

    /** Rows per true cluster. */
    default int[] clusterSizes() {
        int[] sizes = new int[k()];
        long rows = source().rows();
        for (long r = 0; r < rows; r++) {
            sizes[label(r)]++;
        }
        return sizes;
    }

    /** The sweep's own generator ({@link SweepDataset}: geometric size ratios, its separation scale). */
    static LabeledData of(SweepDataset data) {
        return of(data, data.k(), data::label);
    }

    /** clostera-io's {@link SyntheticDataset} (sizes up to 3x apart, its separation scale). */
    static LabeledData synthetic(SweepCase c) {
        SyntheticDataset data = SyntheticDataset.builder().distribution(Distribution.fromCliName(c.family()))
                .rows(c.rows()).dim(c.dim()).clusters(c.k()).seed(c.seed()).separation(c.separation()).build();
        return of(data, data.clusters(), data::label);
    }

    private static LabeledData of(VectorSource source, int k, LongToIntFunction labels) {
        return new LabeledData() {
            @Override
            public VectorSource source() {
                return source;
            }

            @Override
            public int k() {
                return k;
            }

            @Override
            public int label(long row) {
                return labels.applyAsInt(row);
            }
        };
    }
}
