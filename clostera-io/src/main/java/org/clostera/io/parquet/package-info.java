/**
 * Parquet input: {@link org.clostera.io.parquet.ParquetVectorSource} streams vectors from a parquet file or a
 * folder of part files, row group by row group, from a list column (LIST of FLOAT/DOUBLE, fixed-size arrays)
 * or from numeric scalar columns. Read through parquet's own local input file with a plain configuration and
 * Hadoop-free page decompression, so it works on JDK 21 and JDK 23+ alike. Package-private helpers: schema
 * resolution ({@code VectorLayout}), per-file footers ({@code ParquetPart}), the row-group cursor
 * ({@code PartCursor}) and the page decoders ({@code PageColumn}, {@code ReaderColumn}).
 */
package org.clostera.io.parquet;
