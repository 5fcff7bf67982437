package org.clostera.io.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.clostera.InvalidDataException;
import org.clostera.data.VectorSource;
import org.junit.jupiter.api.Test;

class PartitionSseTest {
    /** Five 2-D rows, read back in batches of the source's choosing. */
    private static VectorSource rows(float[] values, int dim) {
        return new VectorSource() {
            @Override
            public long rows() {
                return values.length / dim;
            }

            @Override
            public int dim() {
                return dim;
            }

            @Override
            public void read(long firstRow, int count, float[] dst, int dstOffset) {
                System.arraycopy(values, (int) firstRow * dim, dst, dstOffset, count * dim);
            }
        };
    }

    /**
     * Rows (0,0) (2,0) (10,10) (10,12) (11,11). Truth {0,1} {2,3,4}: means (1,0) and (31/3,11);
     * squared distances 1+1 and (1/9+1)+(1/9+1)+(4/9+0) = 2 + 8/3; SSE 14/3 over 5 x 2 values.
     * Prediction {0} {1,2,3,4} (labels 7 and -3): means (0,0) and (33/4,33/4); SSE 0 +
     * (6.25^2+8.25^2) + 2 (1.75^2) + (1.75^2+3.75^2) + 2 (2.75^2) = 107.125 + 6.125 + 17.125 + 15.125
     * = 145.5 over 10.
     */
    @Test
    void matchesAHandComputedExample() {
        float[] x = {0, 0, 2, 0, 10, 10, 10, 12, 11, 11};
        double[] sse = PartitionSse.perDimension(rows(x, 2), new int[] {7, -3, -3, -3, -3}, new int[] {0, 0, 1, 1, 1});
        assertThat(sse[0]).isCloseTo(145.5 / 10, within(1e-12));
        assertThat(sse[1]).isCloseTo(14.0 / 3 / 10, within(1e-12));
    }

    /** A large offset does not cancel: the same rows shifted by 1e6 give the same SSE (to float rounding). */
    @Test
    void largeOffsetsDoNotCancel() {
        float[] x = {0, 0, 2, 0, 10, 10, 10, 12, 11, 11};
        float[] shifted = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            shifted[i] = x[i] + 1e6f;
        }
        double[] sse = PartitionSse.perDimension(rows(shifted, 2), new int[] {0, 0, 1, 1, 1});
        assertThat(sse[0]).isCloseTo(14.0 / 3 / 10, within(1e-9));
    }

    @Test
    void rejectsALabelingOfAnotherLength() {
        assertThatThrownBy(() -> PartitionSse.perDimension(rows(new float[] {1, 2, 3}, 1), new int[] {0, 1}))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("has 3 rows but partition 0 labels 2");
    }
}
