package org.clostera.io.parquet;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ParquetSmokeTest {
    @Test
    void smoke() throws Exception {
        for (String f : new String[] {"list_float_snappy", "list_double_zstd", "array_float_gzip", "list_float_uncompressed", "polars_array_snappy"}) {
            Path p = Path.of(getClass().getResource("/parquet/" + f + ".parquet").toURI());
            try (ParquetVectorSource s = ParquetVectorSource.open(p)) {
                float[] d = new float[(int) s.rows() * s.dim()];
                s.read(0, (int) s.rows(), d, 0);
                System.out.println(f + " " + s.rows() + " x " + s.dim() + " " + d[s.dim() + 1] + " " + d[d.length - 1]);
            }
        }
    }
}
