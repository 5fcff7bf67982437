package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.clostera.InvalidParameterException;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.PQEncoder;
import org.junit.jupiter.api.Test;

/** Code counts past 2^31 (possible once N > 2^31): read as unsigned, refused once they may have wrapped. */
class HistogramCentersTest {
    private static final CodingSpaceCodebooks BOOKS = CodingSpaceCodebooks.of(PQEncoder.builder().subquantizers(1)
            .codebookSize(2).seed(0).threads(1).fit(new float[] {0, 0, 0, 1, 4, 4, 4, 5}, 2));

    @Test
    void countsAboveTwoToTheThirtyOneAreExact() {
        long big = 0xFFFF_FFF0L;
        int[] histogram = {(int) big, 15};
        long[] sizes = HistogramCenters.sizes(histogram, 1, 1, 2);
        assertThat(sizes).containsExactly(big + 15);
        float[] center = new float[2];
        try (WorkerPool pool = new WorkerPool(1)) {
            HistogramCenters.update(histogram, sizes, BOOKS, center, pool);
        }
        float[] words = BOOKS.codebooks[0];
        for (int j = 0; j < 2; j++) {
            assertThat(center[j]).isEqualTo((float) ((big * (double) words[j] + 15 * (double) words[2 + j])
                    / (big + 15)));
        }
        assertThatCode(() -> HistogramCenters.requireCountsFit(histogram, 1, 1, 2, big + 15)).doesNotThrowAnyException();
    }

    @Test
    void aWrappedCountIsRefusedPastTwoToTheThirtyTwoRows() {
        long rows = 5_000_000_000L;
        int[] fits = {(int) 3_000_000_000L, 0, 0, (int) 2_000_000_000L};
        assertThatCode(() -> HistogramCenters.requireCountsFit(fits, 2, 1, 2, rows)).doesNotThrowAnyException();
        int[] wrapped = {(int) 4_999_999_990L, 10};
        assertThatThrownBy(() -> HistogramCenters.requireCountsFit(wrapped, 1, 1, 2, rows))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("k = 1 is too small for N = 5000000000 codes: a cluster holds 2^32 or more codes with the"
                        + " same codeword in subspace 0, more than its code histogram counts; use a larger k");
    }
}
