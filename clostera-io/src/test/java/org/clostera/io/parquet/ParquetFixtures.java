package org.clostera.io.parquet;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The parquet fixtures under {@code src/test/resources/parquet}, written by DuckDB and polars
 * ({@code make_fixtures.mjs}), and the formulas that script used for their values.
 */
final class ParquetFixtures {
    private ParquetFixtures() {
    }

    static Path fixture(String relative) {
        try {
            var url = ParquetFixtures.class.getResource("/parquet/" + relative);
            if (url == null) {
                throw new IllegalArgumentException("no fixture " + relative);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Float vectors: v[row][j] = row * 0.5 + j. */
    static float floatValue(long row, int j) {
        return (float) (row * 0.5 + j);
    }

    /** Double vectors: v[row][j] = row * 0.25 - j, narrowed to float. */
    static float doubleValue(long row, int j) {
        return (float) (row * 0.25 - j);
    }
}
