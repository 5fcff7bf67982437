package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;

import org.clostera.cluster.HardMixture;
import org.clostera.data.ArrayVectorSource;
import org.clostera.internal.linalg.LinearAlgebra;
import org.clostera.internal.parallel.WorkerPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RawSplitMergeTest {
    /** Well-separated clusters: Lloyd cannot move a center from one to another. */
    private static final HardMixture DATA = HardMixture.generate(6000, 16, 8, 5.0, 20, 0, 9);
    private static final WorkerPool ONE = new WorkerPool(1);
    private static final WorkerPool THREE = new WorkerPool(3);

    @AfterAll
    static void closePools() {
        ONE.close();
        THREE.close();
    }

    /** Two centers in the first true cluster and none in the last: a start Lloyd cannot repair. */
    private static float[] stuckStart() {
        int dim = DATA.dim();
        float[] centers = new float[DATA.k() * dim];
        int[] found = new int[DATA.k()];
        int[] firstRow = new int[DATA.k()];
        int[] secondRow = new int[DATA.k()];
        for (int i = 0; i < DATA.rows(); i++) {
            int c = DATA.truth()[i];
            if (found[c] == 0) {
                firstRow[c] = i;
            } else if (found[c] == 1) {
                secondRow[c] = i;
            }
            found[c]++;
        }
        for (int c = 0; c < DATA.k() - 1; c++) {
            System.arraycopy(DATA.data(), firstRow[c] * dim, centers, c * dim, dim);
        }
        System.arraycopy(DATA.data(), secondRow[0] * dim, centers, (DATA.k() - 1) * dim, dim);
        return centers;
    }

    private static RawLloyd.Outcome lloyd(WorkerPool pool) {
        return RawLloyd.run(ArrayVectorSource.of(DATA.data(), DATA.dim()), stuckStart(), DATA.k(), 50, 0,
                LinearAlgebra.java().gemm(), pool);
    }

    @Test
    void movesLowerTheErrorToTheTruthsLevel() {
        RawLloyd.Outcome stuck = lloyd(ONE);
        double truth = DATA.sse(DATA.truth(), DATA.k()) * DATA.rows() * DATA.dim();
        assertThat(stuck.error()).isGreaterThan(truth * 1.01);
        RawSplitMerge.Result searched = RawSplitMerge.search(ArrayVectorSource.of(DATA.data(), DATA.dim()), stuck,
                DATA.k(), 400, 0, LinearAlgebra.java().gemm(), ONE);
        assertThat(searched.moves()).isPositive();
        assertThat(searched.outcome().error()).isLessThanOrEqualTo(truth * (1 + 1e-4));
        assertThat(searched.passes()).isLessThanOrEqualTo(400);
        // The labels are the exact nearest centers of the result (what a prediction gives).
        assertThat(DATA.sse(searched.outcome().labels(), DATA.k()) * DATA.rows() * DATA.dim())
                .isCloseTo(searched.outcome().error(), org.assertj.core.data.Offset.offset(searched.outcome().error() * 1e-6));
    }

    @Test
    void sameResultForAnyThreadCountAndNothingWithoutBudget() {
        RawSplitMerge.Result one = RawSplitMerge.search(ArrayVectorSource.of(DATA.data(), DATA.dim()), lloyd(ONE),
                DATA.k(), 200, 0, LinearAlgebra.java().gemm(), ONE);
        RawSplitMerge.Result three = RawSplitMerge.search(ArrayVectorSource.of(DATA.data(), DATA.dim()),
                lloyd(THREE), DATA.k(), 200, 0, LinearAlgebra.java().gemm(), THREE);
        assertThat(three.outcome().labels()).isEqualTo(one.outcome().labels());
        assertThat(three.outcome().centers()).isEqualTo(one.outcome().centers());
        assertThat(three.moves()).isEqualTo(one.moves());
        RawLloyd.Outcome start = lloyd(ONE);
        RawSplitMerge.Result none = RawSplitMerge.search(ArrayVectorSource.of(DATA.data(), DATA.dim()), start,
                DATA.k(), 5, 0, LinearAlgebra.java().gemm(), ONE);
        assertThat(none.moves()).isZero();
        assertThat(none.outcome()).isSameAs(start);
    }
}
