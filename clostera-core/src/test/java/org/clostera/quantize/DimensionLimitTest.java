package org.clostera.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.clostera.InvalidParameterException;
import org.clostera.data.VectorSource;
import org.junit.jupiter.api.Test;

/** What the encoders do at dimensions where arrays or OPQ's D x D matrices stop fitting. */
class DimensionLimitTest {

    /** A source of any shape that must not be read (the limits are checked first). */
    private record UnreadSource(long rows, int dim) implements VectorSource {
        @Override
        public void read(long firstRow, int count, float[] dst, int dstOffset) {
            throw new AssertionError("read before the limits were checked");
        }
    }

    @Test
    void opqAtD200000NamesTheRotationSizeTheLimitAndPlainPq() {
        assertThatThrownBy(() -> OPQEncoder.builder().trainRows(300).fit(new UnreadSource(300, 200_000)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("OPQ needs a D x D rotation and LAPACK work arrays of about 9 D^2 floats (1.31t at "
                        + "D = 200000); it supports D up to 26753 (the largest LAPACK work array in one Java array); "
                        + "use plain PQ (fastest(true), --fastest)");
    }

    @Test
    void opqBeyondTheHeapSaysHowMuchItNeeds() {
        assertThatThrownBy(() -> OpqDimensionLimit.check(20_000, 300, 8L << 30))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("OPQ at D = 20000 needs about 13.46g of heap for its D x D rotation, LAPACK work arrays "
                        + "and 300-row sample, but the JVM may use 8g; give more heap (-Xmx, e.g. JAVA_OPTS=-Xmx17g) "
                        + "or use plain PQ (fastest(true), --fastest)");
        OpqDimensionLimit.check(2048, 32_768, 8L << 30);
    }

    @Test
    void theTrainingSampleIsClampedToTheLargestArrayAtLargeD() {
        // 32768 x 200,000 floats exceed one Java array: 10,737 rows fit, plenty for 256 codewords.
        assertThat(TrainingInput.sampleRowsWithinArrayLimit(32_768, 200_000, 256)).isEqualTo(10_737);
        assertThat(TrainingInput.sampleRowsWithinArrayLimit(300, 200_000, 256)).isEqualTo(300);
        assertThatThrownBy(() -> TrainingInput.sampleRowsWithinArrayLimit(32_768, 10_000_000, 256))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("dimension D = 10000000 is too large to train codebooks of Ks = 256: one Java array holds "
                        + "at most 214 training rows of that dimension; the largest D for Ks = 256 is 8388607 (use a "
                        + "smaller codebookSize)");
    }
}
