package org.clostera.internal.kmeans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.clostera.InvalidParameterException;
import org.junit.jupiter.api.Test;

class RowLabelsTest {
    private static final long TWO_31 = 1L << 31;

    /** Rows past 2^31 get their own labels; only the chunks written to are allocated (a sparse store). */
    @Test
    void indexesPastTwoToTheThirtyOneSparsely() {
        long rows = TWO_31 + 3 * AssignmentPass.CHUNK_ROWS + 7;
        RowLabels labels = new RowLabels(rows, -1);
        assertThat(labels.chunkRows()).isEqualTo(AssignmentPass.CHUNK_ROWS);
        assertThat(labels.chunkCount()).isEqualTo((int) (TWO_31 / AssignmentPass.CHUNK_ROWS) + 4);
        long[] touched = {0, TWO_31 - 1, TWO_31, TWO_31 + 5, rows - 1};
        for (int i = 0; i < touched.length; i++) {
            labels.set(touched[i], 100 + i);
        }
        for (int i = 0; i < touched.length; i++) {
            assertThat(labels.get(touched[i])).as("row %d", touched[i]).isEqualTo(100 + i);
        }
        // Neighbours in the same chunks keep the initial value; untouched chunks read it without allocation.
        assertThat(labels.get(TWO_31 - 2)).isEqualTo(-1);
        assertThat(labels.get(TWO_31 + 4)).isEqualTo(-1);
        assertThat(labels.get(TWO_31 / 2)).isEqualTo(-1);
        // Rows 0, 2^31 - 1, 2^31 (and 2^31 + 5 in its chunk) and the last row: four chunks, 256 KiB.
        assertThat(labels.allocatedChunks()).isEqualTo(4);
        int last = labels.chunkCount() - 1;
        assertThat(labels.firstRow(last)).isEqualTo(TWO_31 + 3L * AssignmentPass.CHUNK_ROWS);
        assertThat(labels.chunkLength(last)).isEqualTo(7);
        assertThat(labels.chunk(last)[6]).isEqualTo(104);
        int past = (int) (TWO_31 / AssignmentPass.CHUNK_ROWS);
        assertThat(labels.firstRow(past)).isEqualTo(TWO_31);
        assertThat(labels.chunk(past)[5]).isEqualTo(103);
    }

    @Test
    void smallChunksSplitTheRowsAtPowersOfTwo() {
        RowLabels labels = new RowLabels(TWO_31 + 10, 1 << 12, 0);
        labels.set(TWO_31 + 9, 7);
        labels.set(TWO_31 - 1, 3);
        assertThat(labels.get(TWO_31 + 9)).isEqualTo(7);
        assertThat(labels.get(TWO_31 + 8)).isZero();
        assertThat(labels.get(TWO_31 - 1)).isEqualTo(3);
        assertThat(labels.chunkCount()).isEqualTo((1 << 19) + 1);
        assertThat(labels.chunkLength(labels.chunkCount() - 1)).isEqualTo(10);
        assertThat(labels.chunk(labels.chunkCount() - 1)[9]).isEqualTo(7);
        assertThat(labels.allocatedChunks()).isEqualTo(2);
    }

    @Test
    void copiesAnArrayAcrossChunksAndBack() {
        int[] values = new int[2 * AssignmentPass.CHUNK_ROWS + 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 97;
        }
        RowLabels labels = RowLabels.copyOf(values);
        assertThat(labels.rows()).isEqualTo(values.length);
        assertThat(labels.get(AssignmentPass.CHUNK_ROWS + 5)).isEqualTo((AssignmentPass.CHUNK_ROWS + 5) % 97);
        assertThat(labels.toArray()).isEqualTo(values);
        assertThat(RowLabels.copyOf(null)).isNull();
        assertThat(new RowLabels(5, 2, -1).toArray()).containsExactly(-1, -1, -1, -1, -1);
    }

    @Test
    void refusesWhatDoesNotFit() {
        RowLabels huge = new RowLabels(TWO_31, 0);
        assertThatThrownBy(huge::toArray).isInstanceOf(InvalidParameterException.class)
                .hasMessage("2147483648 labels do not fit one Java array (at most 2147483639): read them by row or"
                        + " write them to a label sink");
        assertThatThrownBy(() -> huge.get(TWO_31)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("row 2147483648 outside 0..2147483647");
        assertThatThrownBy(() -> huge.set(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new RowLabels(10, 3, 0)).isInstanceOf(InvalidParameterException.class)
                .hasMessage("chunkRows must be a power of two, got 3");
        assertThatThrownBy(() -> new RowLabels(-1, 0)).isInstanceOf(InvalidParameterException.class)
                .hasMessage("rows must be >= 0, got -1");
    }
}
