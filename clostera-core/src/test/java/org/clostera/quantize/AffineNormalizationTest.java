package org.clostera.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.clostera.InvalidParameterException;
import org.junit.jupiter.api.Test;

class AffineNormalizationTest {

    @Test
    void learnsTheMeanAndAPowerOfTwoScaleNearTheRms() {
        // Two rows per dimension pair: mean (1000, -2000), deviations +-3 in every value: RMS 3 -> scale 2.
        float[] data = {1003, -1997, 997, -2003};
        AffineNormalization n = AffineNormalization.learn(data, 2, 2);
        assertThat(n.mean(2)).containsExactly(1000, -2000);
        assertThat(n.scale()).isEqualTo(2.0);
        assertThat(n.squaredScale()).isEqualTo(4.0);
        float[] out = new float[4];
        n.apply(data, 0, 2, 2, out, 0);
        assertThat(out).containsExactly(1.5f, 1.5f, -1.5f, -1.5f);
        n.invertInPlace(out, 0, 2, 2);
        assertThat(out).containsExactly(data);
    }

    @Test
    void valuesAtTheFloatLimitNeverOverflow() {
        // x - mean reaches 2 x 3.4e38 (beyond float): computed in double, then scaled by 2^-128.
        float max = Float.MAX_VALUE;
        float[] data = {max, -max, -max, max};
        AffineNormalization n = AffineNormalization.learn(data, 2, 2);
        assertThat(n.mean(2)).containsExactly(0, 0);
        assertThat(n.scale()).isEqualTo(Math.scalb(1.0, 127));
        float[] out = new float[4];
        n.apply(data, 0, 2, 2, out, 0);
        for (float v : out) {
            assertThat(Math.abs(v)).isBetween(1f, 2f);
        }
        float[] shifted = {max, max, max / 2, max / 2};
        AffineNormalization m = AffineNormalization.learn(shifted, 2, 2);
        float[] z = new float[4];
        m.apply(shifted, 0, 2, 2, z, 0);
        // The inverse is clamped to the float range (a reconstruction may round just past it).
        z[0] *= 1.0001f;
        m.invertInPlace(z, 0, 2, 2);
        assertThat(z[0]).isEqualTo(max);
    }

    @Test
    void denormalsAreScaledUpToNormalNumbers() {
        float tiny = Float.MIN_VALUE * 64;
        float[] data = {tiny, -tiny, -tiny, tiny};
        AffineNormalization n = AffineNormalization.learn(data, 2, 2);
        assertThat(n.scale()).isEqualTo(Math.scalb(1.0, -143));
        float[] out = new float[4];
        n.apply(data, 0, 2, 2, out, 0);
        assertThat(out).containsExactly(1f, -1f, -1f, 1f);
    }

    @Test
    void zeroVarianceKeepsScaleOneAndOnlyCentres() {
        float[] same = {7, 8, 7, 8, 7, 8};
        AffineNormalization n = AffineNormalization.learn(same, 3, 2);
        assertThat(n.scale()).isEqualTo(1.0);
        assertThat(n.mean(2)).containsExactly(7, 8);
        float[] out = new float[6];
        n.apply(same, 0, 3, 2, out, 0);
        assertThat(out).containsOnly(0f);
    }

    @Test
    void identityAndValidation() {
        assertThat(AffineNormalization.of(new double[3], 1.0)).isSameAs(AffineNormalization.IDENTITY);
        assertThat(AffineNormalization.IDENTITY.isIdentity()).isTrue();
        assertThatThrownBy(() -> AffineNormalization.of(new double[3], 3.0))
                .isInstanceOf(InvalidParameterException.class).hasMessage("scale must be a positive power of two, got 3.0");
        assertThatThrownBy(() -> AffineNormalization.of(new double[] {0, Double.POSITIVE_INFINITY}, 1.0))
                .isInstanceOf(InvalidParameterException.class).hasMessage("mean at dimension 1 is not finite: Infinity");
    }
}
