package org.clostera.internal.autok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.clostera.cluster.AutoKMethod;
import org.clostera.internal.autok.AutoKAnalysis.MidpointRule;
import org.junit.jupiter.api.Test;

/** Strict midpoints: a midpoint replaces the template pick only when its raw score is strictly better. */
class StrictMidpointsTest {
    private static final AutoKMethod SILHOUETTE = AutoKMethod.CENTROID_SILHOUETTE;
    private static final AutoKMethod DAVIES_BOULDIN = AutoKMethod.DAVIES_BOULDIN;
    private static final MidpointRule SELECTION_RULE = MidpointRule.SELECTION_RULE;
    private static final MidpointRule STRICT = MidpointRule.STRICTLY_BETTER;
    private static final MidpointRule ABOVE = MidpointRule.STRICTLY_BETTER_ABOVE;

    @Test
    void aMidpointWithinOneStandardErrorBelowThePickDoesNotReplaceIt() {
        // Candidates 16, 20 (midpoint), 24, 32: 24 scores best, 20 is 0.005 below it with a standard error of 0.01.
        double[] scores = {0.30, 0.395, 0.40, 0.35};
        double[] errors = {0.01, 0.01, 0.01, 0.01};
        boolean[] midpoint = {false, true, false, false};
        // The one-standard-error rule over every candidate takes the midpoint (the smallest K within one SE)...
        assertThat(AutoKAnalysis.selectIndex(SILHOUETTE, scores, errors, midpoint, SELECTION_RULE)).isEqualTo(1);
        // ...the strict rule keeps the template pick, which the midpoint does not beat.
        assertThat(AutoKAnalysis.selectIndex(SILHOUETTE, scores, errors, midpoint, STRICT)).isEqualTo(2);
    }

    @Test
    void aStrictlyBetterMidpointReplacesThePick() {
        // Candidates 4, 5 (midpoint), 6, 8: among the template 4 wins; 5 beats it.
        double[] scores = {0.50, 0.62, 0.45, 0.40};
        double[] errors = {0.01, 0.01, 0.01, 0.01};
        boolean[] midpoint = {false, true, false, false};
        assertThat(AutoKAnalysis.selectIndex(SILHOUETTE, scores, errors, midpoint, STRICT)).isEqualTo(1);
        // The pick under the one-standard-error rule is the template value the midpoint has to beat: here 4 (within
        // one SE of 6's 0.505), and 5 at 0.503 beats 4's 0.50 by less than one SE but strictly.
        double[] close = {0.50, 0.503, 0.505, 0.40};
        assertThat(AutoKAnalysis.selectIndex(SILHOUETTE, close, errors, midpoint, STRICT)).isEqualTo(1);
        // Equal is not better: the template pick stays.
        double[] tie = {0.50, 0.50, 0.45, 0.40};
        assertThat(AutoKAnalysis.selectIndex(SILHOUETTE, tie, errors, midpoint, STRICT)).isEqualTo(0);
    }

    @Test
    void theBestOfTwoBetterMidpointsWinsAndMidpointsAwayFromThePickDoNot() {
        // Candidates 4, 6, 7 (midpoint), 8, 10 (midpoint), 12; Davies-Bouldin: lower is better, no SE rule.
        double[] scores = {1.2, 1.0, 0.9, 0.8, 0.7, 0.95};
        boolean[] midpoint = {false, false, true, false, true, false};
        double[] errors = new double[scores.length];
        assertThat(AutoKAnalysis.selectIndex(DAVIES_BOULDIN, scores, errors, midpoint, STRICT)).isEqualTo(4);
        // 7 next to 6 is better than 6, but the pick among the template is 8, whose better neighbour is 10.
        double[] farther = {1.2, 1.0, 0.9, 0.8, 0.85, 0.95};
        assertThat(AutoKAnalysis.selectIndex(DAVIES_BOULDIN, farther, errors, midpoint, STRICT)).isEqualTo(3);
        // An undefined (NaN) midpoint score never wins.
        double[] undefined = {1.2, 1.0, 0.9, 0.8, Double.NaN, 0.95};
        assertThat(AutoKAnalysis.selectIndex(DAVIES_BOULDIN, undefined, errors, midpoint, STRICT)).isEqualTo(3);
    }

    @Test
    void aboveOnlyIgnoresABetterMidpointBelowThePick() {
        // Candidates 16, 20 (midpoint), 24, 28 (midpoint), 32: 20 beats the template pick 24 strictly, 28 does not.
        double[] scores = {0.30, 0.42, 0.40, 0.38, 0.35};
        double[] errors = {0.001, 0.001, 0.001, 0.001, 0.001};
        boolean[] midpoint = {false, true, false, true, false};
        assertThat(AutoKAnalysis.selectIndex(SILHOUETTE, scores, errors, midpoint, STRICT)).isEqualTo(1);
        assertThat(AutoKAnalysis.selectIndex(SILHOUETTE, scores, errors, midpoint, ABOVE)).isEqualTo(2);
        double[] higherAbove = {0.30, 0.42, 0.40, 0.41, 0.35};
        assertThat(AutoKAnalysis.selectIndex(SILHOUETTE, higherAbove, errors, midpoint, ABOVE)).isEqualTo(3);
    }

    @Test
    void aStrictRuleNeedsMidpoints() {
        assertThatThrownBy(() -> new AutoKAnalysis.Search(false, false, false, STRICT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("midpointRule STRICTLY_BETTER needs midpoints");
        assertThatThrownBy(() -> new AutoKAnalysis.Search(false, false, true, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("midpointRule must not be null");
        assertThat(new AutoKAnalysis.Search(true, false, true))
                .isEqualTo(new AutoKAnalysis.Search(true, false, true, SELECTION_RULE));
    }
}
