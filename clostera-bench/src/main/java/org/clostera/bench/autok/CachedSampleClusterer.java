package org.clostera.bench.autok;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.clostera.data.CodeStore;
import org.clostera.internal.autok.SampleClusterer;

/**
 * A {@link SampleClusterer} that remembers its results by (K, start centers), so that several analyses of the
 * same sample (benchmarks comparing candidate sets or searches) cluster and refine each start once. Only for one
 * sample: the key does not include it.
 */
public final class CachedSampleClusterer implements SampleClusterer {
    private final SampleClusterer inner;
    private final Map<String, Fit> clustered = new HashMap<>();
    private final Map<String, Fit> refined = new HashMap<>();

    public CachedSampleClusterer(SampleClusterer inner) {
        this.inner = inner;
    }

    @Override
    public Fit cluster(CodeStore sample, int k, float[] initialCenters) {
        return clustered.computeIfAbsent(key(k, initialCenters), key -> inner.cluster(sample, k, initialCenters));
    }

    @Override
    public Fit refine(CodeStore sample, int k, Fit converged) {
        return refined.computeIfAbsent(key(k, converged.centers()), key -> inner.refine(sample, k, converged));
    }

    private static String key(int k, float[] centers) {
        return k + ":" + centers.length + ":" + Arrays.hashCode(centers);
    }
}
