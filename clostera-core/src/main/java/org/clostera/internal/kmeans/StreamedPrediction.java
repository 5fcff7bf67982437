package org.clostera.internal.kmeans;

import org.clostera.InvalidParameterException;
import org.clostera.data.CodeStore;
import org.clostera.data.LabelSink;
import org.clostera.internal.kernels.Kernels;
import org.clostera.internal.kernels.KernelsProvider;
import org.clostera.internal.parallel.WorkerPool;
import org.clostera.quantize.Encoder;

/**
 * Nearest centers of a row range of a code store of any size, handed to a {@link LabelSink} at their long row
 * numbers: the tables are built once, then ranges of {@value #RANGE_ROWS} rows are assigned one after the other
 * (one {@link RowLabels} of that size at a time), so no N-sized array exists.
 */
public final class StreamedPrediction {
    /** Rows assigned per range: the labels held at once (4 MiB). */
    public static final int RANGE_ROWS = 1 << 20;

    private StreamedPrediction() {
    }

    /**
     * Labels of every code of {@code codes} as one array (so at most {@link RowLabels#MAX_ARRAY_ROWS} codes),
     * written range by range: no second N-sized copy.
     */
    static int[] predictAll(CodeStore codes, Encoder encoder, float[] centers, int k, long lookupTableBytes,
                            WorkerPool pool) {
        int[] out = new int[Math.toIntExact(codes.rows())];
        predict(codes, 0, out.length, encoder, centers, k, lookupTableBytes, pool, new LabelSink() {
            @Override
            public long rows() {
                return out.length;
            }

            @Override
            public void accept(long firstRow, int[] labels, int offset, int count) {
                System.arraycopy(labels, offset, out, (int) firstRow, count);
            }

            @Override
            public void abort() {
            }

            @Override
            public void close() {
            }
        });
        return out;
    }

    /**
     * Labels of rows {@code [firstRow, endRow)} of {@code codes}, nearest of {@code k} coding-space centers
     * ({@code k x D}), passed to {@code sink} in row order as {@code accept(row, ...)} with the rows' own numbers
     * in {@code codes}. Does not close the sink.
     */
    public static void predict(CodeStore codes, long firstRow, long endRow, Encoder encoder, float[] centers, int k,
                               long lookupTableBytes, WorkerPool pool, LabelSink sink) {
        CodingSpaceCodebooks books = CodeSpaceKMeans.validateForPredict(codes, encoder, centers, k, lookupTableBytes,
                pool);
        if (sink == null) {
            throw new InvalidParameterException("label sink is null");
        }
        if (firstRow < 0 || endRow < firstRow || endRow > codes.rows()) {
            throw new InvalidParameterException("rows " + firstRow + ".." + endRow + " are not a range of the "
                    + codes.rows() + " codes");
        }
        if (endRow == firstRow) {
            return;
        }
        Kernels kernels = KernelsProvider.get();
        CenterLookupTables tables = CenterLookupTables.build(books, centers, k, lookupTableBytes, kernels, pool);
        for (long first = firstRow; first < endRow; first += RANGE_ROWS) {
            int count = (int) Math.min(RANGE_ROWS, endRow - first);
            CodeStoreRange range = new CodeStoreRange(codes, first, count);
            RowLabels labels = new RowLabels(count, 0);
            new AssignmentPass(range, books, k, kernels, pool, false, "code store").run(tables, labels, true);
            for (int c = 0; c < labels.chunkCount(); c++) {
                sink.accept(first + labels.firstRow(c), labels.chunk(c), 0, labels.chunkLength(c));
            }
        }
    }
}
