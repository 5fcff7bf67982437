package org.clostera.data;

/**
 * Receives the label of every row, in row order, in ranges; lets a fit write labels out (e.g. to an
 * {@code .npy} file) without handing them back as one N-sized array.
 *
 * <p>{@link #close()} after the last row completes the output; {@link #abort()} (on failure) discards
 * whatever was written, so the destination is either complete or untouched.
 */
public interface LabelSink extends AutoCloseable {

    /** Where the labels go, for messages (e.g. the output file); "a label sink" unless a sink says more. */
    default String description() {
        return "a label sink";
    }

    /** Number of rows the sink expects. */
    long rows();

    /**
     * Labels of rows {@code [firstRow, firstRow + count)} from {@code labels[offset..]}; ranges arrive in
     * order and without gaps ({@code firstRow} is the number of rows accepted so far).
     */
    void accept(long firstRow, int[] labels, int offset, int count);

    /** Discards the output (deletes temporary files); safe to call more than once. */
    void abort();

    /** Completes the output once every row was accepted; otherwise discards it and throws. */
    @Override
    void close();
}
