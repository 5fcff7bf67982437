package org.clostera.quantize;

import java.util.SplittableRandom;

/**
 * Seeded synthetic data like scikit-learn's digits, the case where OPQ's PCA start loses to plain PQ: every
 * value is a small integer 0..16, and each subspace of {@code width} contiguous dimensions takes one of a few
 * patterns, chosen independently per subspace, with an occasional value moved by 1. PQ's codewords sit on
 * the patterns; a rotation that mixes subspaces turns them into many continuous values.
 */
public final class SmallIntegerPatterns {
    private SmallIntegerPatterns() {
    }

    /**
     * {@code rows x dim} row-major floats; {@code dim} a multiple of {@code width}; {@code patterns} per subspace;
     * each value moved by +-1 (kept in 0..16) with probability {@code moved}.
     */
    public static float[] generate(int rows, int dim, int width, int patterns, double moved, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int subspaces = dim / width;
        int[] table = new int[subspaces * patterns * width];
        for (int i = 0; i < table.length; i++) {
            table[i] = random.nextInt(17);
        }
        float[] data = new float[rows * dim];
        for (int i = 0; i < rows; i++) {
            for (int s = 0; s < subspaces; s++) {
                int pattern = (s * patterns + random.nextInt(patterns)) * width;
                for (int j = 0; j < width; j++) {
                    int value = table[pattern + j];
                    if (random.nextDouble() < moved) {
                        value = Math.max(0, Math.min(16, value + (random.nextBoolean() ? 1 : -1)));
                    }
                    data[i * dim + s * width + j] = value;
                }
            }
        }
        return data;
    }
}
