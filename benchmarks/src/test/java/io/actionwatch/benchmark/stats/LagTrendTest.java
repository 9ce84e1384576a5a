package io.actionwatch.benchmark.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LagTrendTest {

    private final LagTrend trend = new LagTrend(0.03, 1.0);

    private static double[] times(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 0.5;
        }
        return t;
    }

    @Test
    void slopeOfAStraightLineIsItsGradient() {
        double[] t = times(10);
        double[] lag = new double[10];
        for (int i = 0; i < 10; i++) {
            lag[i] = 40 + 12 * t[i];
        }
        assertThat(LagTrend.slope(t, lag)).isCloseTo(12, within(1e-9));
    }

    @Test
    void lagWobblingAroundAConstantIsSustained() {
        double[] t = times(30);
        double[] lag = new double[30];
        for (int i = 0; i < 30; i++) {
            lag[i] = 150 + (i % 3 == 0 ? 90 : -40); // batches and commits make lag jump, not grow
        }
        assertThat(trend.sustained(t, lag, 400)).isTrue();
    }

    @Test
    void lagGrowingWithTheExcessLoadIsNotSustained() {
        double[] t = times(30);
        double[] lag = new double[30];
        for (int i = 0; i < 30; i++) {
            lag[i] = 100 + 40 * t[i]; // 10% of 400 frames/s offered is left behind every second
        }
        assertThat(trend.sustained(t, lag, 400)).isFalse();
    }

    @Test
    void aLargeJumpAtTheEndIsNotSustainedEvenWithAFlatStart() {
        double[] t = times(20);
        double[] lag = new double[20];
        for (int i = 0; i < 20; i++) {
            lag[i] = i < 17 ? 100 : 100 + 300 * (i - 16);
        }
        assertThat(trend.sustained(t, lag, 400)).isFalse();
    }

    @Test
    void fewerThanTwoPointsHaveNoSlope() {
        assertThat(LagTrend.slope(new double[]{1}, new double[]{5})).isZero();
    }
}
