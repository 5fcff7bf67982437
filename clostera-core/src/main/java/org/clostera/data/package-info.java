/**
 * The data seams: {@link org.clostera.data.VectorSource} (rows of floats, read in batches, from memory or a
 * file), {@link org.clostera.data.CodeStore} (N x M code bytes addressed by long row index, in the heap or on
 * disk), {@link org.clostera.data.LabelSink} (labels streamed out in row order) and
 * {@link org.clostera.data.RamBudget} (the memory a fit may use). File-backed implementations live in
 * {@code clostera-io}.
 */
package org.clostera.data;
