package org.clostera.data;

import java.util.ArrayList;
import java.util.List;

/** Test sink: collects labels and records every range and the close/abort calls. */
public final class ArrayLabelSink implements LabelSink {
    private final int[] labels;
    public final List<long[]> ranges = new ArrayList<>();
    public boolean closed;
    public boolean aborted;

    public ArrayLabelSink(int rows) {
        this.labels = new int[rows];
    }

    @Override
    public long rows() {
        return labels.length;
    }

    @Override
    public void accept(long firstRow, int[] src, int offset, int count) {
        ranges.add(new long[] {firstRow, count});
        System.arraycopy(src, offset, labels, (int) firstRow, count);
    }

    @Override
    public void abort() {
        aborted = true;
    }

    @Override
    public void close() {
        closed = true;
    }

    public int[] labels() {
        return labels;
    }
}
