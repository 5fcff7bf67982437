package org.clostera.internal.kernels;

import java.util.Arrays;

/** Portable reference implementation of {@link Kernels}; see the exactness contract there. */
public class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void nearestCodewords(float[] x, int xOffset, int xStride, int n, int width,
                                 float[] codebookT, float[] norms, int ks,
                                 int[] labels, int labelsOffset, float[] scores, int scoresOffset) {
        for (int i = 0; i < n; i++) {
            int base = xOffset + i * xStride;
            float best = Float.POSITIVE_INFINITY;
            int bestIndex = 0;
            for (int c = 0; c < ks; c++) {
                float dot = 0f;
                for (int j = 0; j < width; j++) {
                    dot = Math.fma(x[base + j], codebookT[j * ks + c], dot);
                }
                float score = norms[c] - 2f * dot;
                if (score < best) {
                    best = score;
                    bestIndex = c;
                }
            }
            labels[labelsOffset + i] = bestIndex;
            if (scores != null) {
                scores[scoresOffset + i] = best;
            }
        }
    }

    @Override
    public void subspaceDistanceTable(float[] codebookT, int ks, int width,
                                      float[] centers, int centersOffset, int centerStride, int tile,
                                      float[] table, int tableOffset, int rowStride) {
        for (int c = 0; c < ks; c++) {
            int row = tableOffset + c * rowStride;
            Arrays.fill(table, row + tile, row + rowStride, Float.POSITIVE_INFINITY);
            for (int t = 0; t < tile; t++) {
                int center = centersOffset + t * centerStride;
                float acc = 0f;
                for (int j = 0; j < width; j++) {
                    float diff = codebookT[j * ks + c] - centers[center + j];
                    acc = Math.fma(diff, diff, acc);
                }
                table[row + t] = acc;
            }
        }
    }

    @Override
    public void lookupArgmin(byte[] codes, int codesOffset, int n, int m,
                             float[] lut, int lutOffset, int rowStride, int ks, int tile, int labelBase,
                             int[] bestLabel, float[] bestDist, int outOffset) {
        float[] acc = new float[tile];
        for (int i = 0; i < n; i++) {
            Arrays.fill(acc, 0f);
            int code = codesOffset + i * m;
            for (int s = 0; s < m; s++) {
                int row = lutOffset + (s * ks + (codes[code + s] & 0xFF)) * rowStride;
                for (int t = 0; t < tile; t++) {
                    acc[t] += lut[row + t];
                }
            }
            float best = bestDist[outOffset + i];
            int bestIndex = -1;
            for (int t = 0; t < tile; t++) {
                if (acc[t] < best) {
                    best = acc[t];
                    bestIndex = t;
                }
            }
            if (bestIndex >= 0) {
                bestDist[outOffset + i] = best;
                bestLabel[outOffset + i] = labelBase + bestIndex;
            }
        }
    }

    @Override
    public void lookupDistances(byte[] codes, int codesOffset, int n, int m,
                                float[] lut, int lutOffset, int rowStride, int ks, int tile,
                                float[] out, int outOffset, int outStride) {
        for (int t = 0; t < tile; t++) {
            for (int i = 0; i < n; i++) {
                int code = codesOffset + i * m;
                float acc = 0f;
                for (int s = 0; s < m; s++) {
                    acc += lut[lutOffset + (s * ks + (codes[code + s] & 0xFF)) * rowStride + t];
                }
                out[outOffset + t * outStride + i] = acc;
            }
        }
    }

    @Override
    public void lookupMinSums(byte[] codes, int codesOffset, int n, int m, float[] lut, int lutOffset, int rowStride,
                              int ks, int tile, float[] minDist, int minOffset, double[] sums, int sumsOffset) {
        for (int t = 0; t < tile; t++) {
            double sum = 0;
            for (int i = 0, code = codesOffset; i < n; i++, code += m) {
                float acc = 0f;
                for (int s = 0; s < m; s++) {
                    acc += lut[lutOffset + (s * ks + (codes[code + s] & 0xFF)) * rowStride + t];
                }
                sum += Math.min(minDist[minOffset + i], acc);
            }
            sums[sumsOffset + t] = sum;
        }
    }

    @Override
    public void histogram(byte[] codes, int codesOffset, int n, int m, int ks,
                          int[] labels, int labelsOffset, int[] histogram) {
        for (int i = 0; i < n; i++) {
            int code = codesOffset + i * m;
            int base = labels[labelsOffset + i] * m * ks;
            for (int s = 0; s < m; s++) {
                histogram[base + s * ks + (codes[code + s] & 0xFF)]++;
            }
        }
    }

    @Override
    public void quantizedMinima(byte[] codes, int[] rows, int rowsOffset, int n, int m, byte[] qlut, int qOffset,
                                int width, int ks, int[] out, int outOffset) {
        for (int i = 0; i < n; i++) {
            int code = rows[rowsOffset + i] * m;
            int min = Integer.MAX_VALUE;
            for (int t = 0; t < width; t++) {
                int sum = 0;
                for (int s = 0; s < m; s++) {
                    sum += qlut[qOffset + (s * ks + (codes[code + s] & 0xFF)) * width + t] & 0xFF;
                }
                min = Math.min(min, sum);
            }
            out[outOffset + i] = min;
        }
    }

    @Override
    public int selectNotAbove(float[] bounds, int boundsOffset, float[] limits, float[] decays, int decaysOffset,
                              int[] owner, int skipOwner, int n, int[] out) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            float stored = bounds[boundsOffset + i];
            if (owner[i] != skipOwner
                    && !(Kernels.boundValue(stored) > limits[i] + decays[decaysOffset + Kernels.boundTag(stored)])) {
                out[count++] = i;
            }
        }
        return count;
    }

    @Override
    public float squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float acc = 0f;
        for (int j = 0; j < length; j++) {
            float diff = a[aOffset + j] - b[bOffset + j];
            acc = Math.fma(diff, diff, acc);
        }
        return acc;
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float acc = 0f;
        for (int j = 0; j < length; j++) {
            acc = Math.fma(a[aOffset + j], b[bOffset + j], acc);
        }
        return acc;
    }

    @Override
    public void shiftedLowerBounds(float[] minima, int minimaOffset, int n, double absolute, double divisor,
                                   double shift, int tag, float[] out, int outOffset) {
        for (int i = 0; i < n; i++) {
            double x = (Math.min(minima[minimaOffset + i], Float.MAX_VALUE) - absolute) / divisor;
            double bound = x > 0 ? Math.sqrt(x) : 0;
            double y = (bound + shift) * LOWER_BOUND_SCALE;
            float f = (float) y;
            out[outOffset + i] = Kernels.taggedBound(f > y ? Math.nextDown(f) : f, tag);
        }
    }

    /** {@code 1 - 2^-50}: {@link #shiftedLowerBounds} lowers its double sum by this, covering its rounding. */
    static final double LOWER_BOUND_SCALE = 1 - 0x1p-50;
}
