package org.clostera.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.clostera.ClusteringModel;
import org.clostera.internal.kmeans.CodeSpaceStep;
import org.clostera.quantize.Encoder;
import org.clostera.quantize.EncoderFiles;

/**
 * What the tasks of one JVM share: the encoder, its Lloyd step and fitted models, decoded once per JVM from
 * their broadcast bytes instead of once per task, and the distance tables of a Lloyd pass's centers. Keyed by a
 * per-fit (or per-model) id; a few recent entries are kept.
 */
final class ExecutorCache {
    private static final int ENTRIES = 8;
    private static final Map<String, Object> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > ENTRIES;
        }
    };

    /** Table sets kept: the current pass's, and one more for a second fit running in the same JVM. */
    private static final int TABLE_ENTRIES = 2;
    private static final Map<String, CodeSpaceStep.Tables> TABLES = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CodeSpaceStep.Tables> eldest) {
            return size() > TABLE_ENTRIES;
        }
    };

    private ExecutorCache() {
    }

    /** The encoder saved as {@code bytes} (one thread per task: Spark runs a task per core). */
    static Encoder encoder(String key, Broadcast<byte[]> bytes) {
        return get("encoder:" + key, k -> EncoderFiles.fromBytes(bytes.value(), "broadcast encoder", 1));
    }

    /** The Lloyd step of that encoder. */
    static CodeSpaceStep step(String key, Broadcast<byte[]> bytes) {
        return get("step:" + key, k -> CodeSpaceStep.of(encoder(key, bytes)));
    }

    /**
     * The distance tables of the centers broadcast as {@code centers} (one Lloyd pass), built by the first task
     * of the pass in this JVM and shared read-only by the others: a pass builds them once per executor instead
     * of once per code block. Only the latest {@value #TABLE_ENTRIES} are kept (at K = 1,000, M = 64, Ks = 256
     * one is 65 MB), so an executor holds the tables of the current pass, not of every pass so far.
     */
    static CodeSpaceStep.Tables tables(String key, Broadcast<byte[]> encoderBytes, Broadcast<float[]> centers, int k,
                                       long lookupTableBytes) {
        String id = key + ":" + centers.id();
        synchronized (TABLES) {
            CodeSpaceStep.Tables tables = TABLES.get(id);
            if (tables == null) {
                tables = step(key, encoderBytes).tables(centers.value(), k, lookupTableBytes);
                TABLES.put(id, tables);
            }
            return tables;
        }
    }

    /** The clostera model saved as {@code bytes}, predicting with one thread. */
    static ClusteringModel model(String key, Broadcast<byte[]> bytes) {
        return get("model:" + key, k -> ModelBytes.load(bytes.value(), 1));
    }

    @SuppressWarnings("unchecked")
    private static synchronized <T> T get(String key, Function<String, T> make) {
        Object value = CACHE.get(key);
        if (value == null) {
            value = make.apply(key);
            CACHE.put(key, value);
        }
        return (T) value;
    }
}
