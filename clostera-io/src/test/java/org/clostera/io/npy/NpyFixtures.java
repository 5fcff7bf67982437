package org.clostera.io.npy;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates the numpy-written fixtures under {@code src/test/resources/npy} (see make_fixtures.py there). */
final class NpyFixtures {
    private NpyFixtures() {
    }

    static Path fixture(String name) {
        URL url = NpyFixtures.class.getResource("/npy/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** make_fixtures.py's base(rows, dim): (i * dim + j) * 0.5 - 3, exact in float32. */
    static float base(int i, int j, int dim) {
        return (float) ((i * dim + j) * 0.5 - 3);
    }

    /** make_fixtures.py's tenth(rows, dim): (i * dim + j) * 0.1 in float64. */
    static double tenth(int i, int j, int dim) {
        return (i * dim + j) * 0.1;
    }

    /** make_fixtures.py's labels: (i * 7) % 10 for i in 0..22. */
    static int[] labels() {
        int[] labels = new int[23];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (i * 7) % 10;
        }
        return labels;
    }
}
