/**
 * Spilling to disk when data outgrows the RAM budget: {@link org.clostera.io.spill.FileCodeStore}, a
 * {@link org.clostera.data.CodeStore} in a temporary file that is deleted on close.
 */
package org.clostera.io.spill;
