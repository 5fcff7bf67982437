package org.clostera.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One local[2] Spark session for all test classes of the module (starting one costs seconds); Spark stops it
 * with its own shutdown hook when the test JVM exits.
 */
public final class SharedSpark {
    private SharedSpark() {
    }

    public static synchronized SparkSession session() {
        return SparkSession.builder().master("local[2]").appName("clostera-spark-tests")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }
}
