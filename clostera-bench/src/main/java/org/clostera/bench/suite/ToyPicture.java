package org.clostera.bench.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clostera.ClusteringModel;
import org.clostera.bench.peers.CommonsMathKMeans;
import org.clostera.bench.realdata.LabeledVectors;
import org.clostera.io.synthetic.Distribution;

/**
 * The showcase's 2-D toy: a small generated gaussian set clustered by the dense k-means peer and by clostera
 * in both modes (M = 2, Ks = 16, so the code-space grid is coarse enough to see); the points and every
 * labelling go to the JSON for the scatter picture.
 */
final class ToyPicture {
    static final int K = 6;
    static final int SUBQUANTIZERS = 2;
    static final int CODEBOOK_SIZE = 16;

    private ToyPicture() {
    }

    static Map<String, Object> run(int rows, int threads, long seed) {
        SuiteDataset toy = SuiteDataset.generated(Distribution.GAUSSIAN, rows, 2, K, 6, 0, 0, SUBQUANTIZERS,
                CODEBOOK_SIZE);
        LabeledVectors data = toy.load();
        Map<String, Object> labelings = new LinkedHashMap<>();
        Map<String, Object> scores = new LinkedHashMap<>();
        int[] dense = new int[data.rows()];
        CommonsMathKMeans.run(data.vectors(), 2, data.rows(), K, 100, seed, dense);
        labelings.put("dense_kmeans", dense);
        scores.put("dense_kmeans", Scores.of(data, dense));
        for (ClosteraRun.Mode mode : ClosteraRun.Mode.values()) {
            ClusteringModel[] model = new ClusteringModel[1];
            ClosteraRun.run(toy, data, mode, threads, seed, model);
            labelings.put(mode.key(), model[0].labels());
            scores.put(mode.key(), Scores.of(data, model[0].labels()));
        }
        List<float[]> points = new ArrayList<>(data.rows());
        for (int i = 0; i < data.rows(); i++) {
            points.add(new float[] {data.vectors()[2 * i], data.vectors()[2 * i + 1]});
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(MachineInfo.KEY, MachineInfo.describe(threads));
        r.put("benchmark", "toy-2d");
        r.put("dataset", toy.name());
        r.put("subquantizers", SUBQUANTIZERS);
        r.put("codebook_size", CODEBOOK_SIZE);
        r.put("points", points);
        r.put("truth", data.labels());
        r.put("labels", labelings);
        r.put("scores", scores);
        return r;
    }
}
