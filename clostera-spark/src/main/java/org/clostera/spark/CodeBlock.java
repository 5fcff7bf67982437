package org.clostera.spark;

import java.io.Serializable;

/**
 * Consecutive codes of one partition, the unit the training caches and iterates over.
 *
 * @param firstRow global row (dataset order) of the first code
 * @param rows     codes in the block
 * @param codes    {@code rows x M} code bytes
 */
record CodeBlock(long firstRow, int rows, byte[] codes) implements Serializable {
    /** Most rows per block: 16 MiB of codes at M = 64, so a block is one modest Java array at any M. */
    static final int MAX_ROWS = 1 << 18;
}
