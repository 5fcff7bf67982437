/**
 * Spilling to disk when data outgrows the RAM budget: {@link org.clostera.io.spill.FileCodeStore}, a
 * {@link org.clostera.data.CodeStore} in a temporary file that never outlives its store, and
 * {@link org.clostera.io.spill.CodeStores}, which keeps codes on the heap while they fit a byte budget.
 */
package org.clostera.io.spill;
