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
 * their broadcast bytes instead of once per task. Keyed by a per-fit (or per-model) id; a few recent entries
 * are kept.
 */
final class ExecutorCache {
    private static final int ENTRIES = 8;
    private static final Map<String, Object> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > ENTRIES;
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
