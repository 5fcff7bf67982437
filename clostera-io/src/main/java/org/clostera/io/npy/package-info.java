/**
 * numpy {@code .npy} files: {@link org.clostera.io.npy.NpyVectorSource} (memory-mapped float32/float64
 * matrices as a {@link org.clostera.data.VectorSource}), {@link org.clostera.io.npy.NpyLabels} (integer
 * label vectors) and {@link org.clostera.io.npy.NpyWriter} (streaming, atomic float32/int32 writer).
 * Format reference: numpy's {@code numpy/lib/format.py} (NEP 1), versions 1.0, 2.0 and 3.0.
 */
package org.clostera.io.npy;
