/**
 * Memory-mapped binary vector files: headerless little-endian float32
 * ({@link org.clostera.io.raw.RawFloatVectorSource}), TEXMEX {@code .fvecs}/{@code .bvecs}
 * ({@link org.clostera.io.raw.TexmexVectorSource}) and {@code .ivecs} ({@link org.clostera.io.raw.IvecsFile}),
 * all over {@link org.clostera.io.raw.MappedFile}: windows of at most 1 GiB, {@code long} offsets, absolute
 * (thread-safe) reads, files beyond 2 GiB.
 */
package org.clostera.io.raw;
