package org.clostera.internal.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.clostera.ClosteraException;
import org.junit.jupiter.api.Test;

class LapackWorkspaceTest {

    @Test
    void aWorkspaceSizeThatFloatRoundedDownIsRoundedBackUp() {
        // ssyevd at D = 20,000 needs 800,120,001 floats; LAPACK reports 800,120,000 (float), and a call with
        // that size fails with info -8 (LWORK illegal), which used to be reported as "did not converge".
        assertThat(LapackWorkspace.symmetricEigenFloats(20_000)).isEqualTo(800_120_001L);
        assertThat((long) 800_120_001f).isEqualTo(800_120_000L);
        assertThat(LapackWorkspace.size("ssyevd", 20_000, 800_120_001f, LapackWorkspace.symmetricEigenFloats(20_000)))
                .isGreaterThanOrEqualTo(800_120_001);
        // sgesdd's query (3 D^2 + 7 D, e.g. 12,597,248 at D = 2048) is kept when exact.
        assertThat(LapackWorkspace.size("sgesdd", 2048, 12_597_248f, LapackWorkspace.svdFloats(2048)))
                .isEqualTo(12_597_248);
    }

    @Test
    void theLargestDimensionIsWhereTheSvdWorkspaceStillFitsAJavaArray() {
        int largest = LapackWorkspace.largestDimension();
        assertThat(largest).isEqualTo(26_753);
        assertThat(LapackWorkspace.svdFloats(largest)).isLessThanOrEqualTo(Integer.MAX_VALUE - 16);
        assertThat(LapackWorkspace.svdFloats(largest + 1)).isGreaterThan(Integer.MAX_VALUE - 16);
        assertThatThrownBy(() -> LapackWorkspace.size("sgesdd", 30_000, 2.7e9f, LapackWorkspace.svdFloats(30_000)))
                .isInstanceOf(ClosteraException.class)
                .hasMessage("LAPACK sgesdd needs a work array of 2700210000 floats for a 30000 x 30000 matrix, more "
                        + "than a Java array holds; OPQ supports D up to 26753: use plain PQ (fastest)");
    }

    @Test
    void anIllegalArgumentIsReportedAsABugNotAConvergenceFailure() {
        assertThatThrownBy(() -> LapackWorkspace.check("ssyevd", -8, "the 20000 x 20000 covariance"))
                .isInstanceOf(ClosteraException.class)
                .hasMessage("bug: LAPACK ssyevd rejected argument 8 as illegal (the 20000 x 20000 covariance); "
                        + "please report it");
        assertThatThrownBy(() -> LapackWorkspace.check("sgesdd", 3, "the 64 x 64 Procrustes matrix"))
                .isInstanceOf(ClosteraException.class)
                .hasMessage("LAPACK sgesdd did not converge on the 64 x 64 Procrustes matrix (info 3)");
        LapackWorkspace.check("ssyevd", 0, "anything");
    }

    @Test
    void lapacksOwnQueryRoundsDownFromD2897AndTheSizeUsedDoesNot() {
        // From D = 2897 on, 1 + 6D + 2D^2 is above 2^24 and odd, and the float LAPACK returns rounds it down:
        // every OPQ fit with D >= 2897 failed with "ssyevd did not converge (info -8)". The query is instant
        // (the decomposition itself at that size takes seconds, too slow for a unit test).
        int d = 2897;
        for (LinearAlgebra backend : backends()) {
            float[] query = new float[1];
            int[] iquery = new int[1];
            org.netlib.util.intW info = new org.netlib.util.intW(0);
            backend.lapack().ssyevd("V", "U", d, new float[1], d, new float[1], query, -1, iquery, -1, info);
            assertThat(info.val).isZero();
            assertThat((long) query[0]).isLessThan(LapackWorkspace.symmetricEigenFloats(d));
            assertThat(LapackWorkspace.size("ssyevd", d, query[0], LapackWorkspace.symmetricEigenFloats(d)))
                    .isEqualTo(LapackWorkspace.symmetricEigenFloats(d) + 1);
        }
    }

    private static java.util.List<LinearAlgebra> backends() {
        java.util.List<LinearAlgebra> list = new java.util.ArrayList<>();
        list.add(LinearAlgebra.java());
        LinearAlgebra.nativeBackend().ifPresent(list::add);
        return list;
    }
}
