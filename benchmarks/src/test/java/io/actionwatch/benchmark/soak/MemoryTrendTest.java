package io.actionwatch.benchmark.soak;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MemoryTrendTest {

    private static final double[] MINUTES = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
    /** Zero-mean wobble of +-3 MiB, as a JVM's RSS shows between samples. */
    private static final double[] WOBBLE = {3, -3, 2, -2, 3, -3, 1, -1, 2, -2, 0};

    @Test
    void aSteadyGrowthIsRisingWithItsSlope() {
        double[] mib = new double[MINUTES.length];
        for (int i = 0; i < mib.length; i++) {
            mib[i] = 500 + 0.5 * (MINUTES[i] - 10);
        }
        MemoryTrend trend = MemoryTrend.of(MINUTES, mib, 1.0);

        assertThat(trend.slopePerTenMin()).isCloseTo(5.0, within(1e-9));
        assertThat(trend.driftMib()).isCloseTo(5.0, within(1e-9));
        assertThat(trend.residualSdMib()).isCloseTo(0.0, within(1e-9));
        assertThat(trend.verdict()).isEqualTo(MemoryTrend.Verdict.RISING);
        assertThat(trend.verdict().missesGoal()).isTrue();
    }

    @Test
    void wobbleWithoutTrendIsFlat() {
        double[] mib = new double[MINUTES.length];
        for (int i = 0; i < mib.length; i++) {
            mib[i] = 600 + WOBBLE[i];
        }
        MemoryTrend trend = MemoryTrend.of(MINUTES, mib, 1.0);

        assertThat(trend.residualSdMib()).isGreaterThan(1.5);
        assertThat(Math.abs(trend.driftMib())).isLessThan(MemoryTrend.NOISE_MULTIPLE * trend.residualSdMib());
        assertThat(trend.verdict()).isEqualTo(MemoryTrend.Verdict.FLAT);
    }

    @Test
    void aGrowthSmallerThanTheNoiseIsFlatAndTheSameGrowthWithoutNoiseIsNot() {
        double[] noisy = new double[MINUTES.length];
        double[] clean = new double[MINUTES.length];
        for (int i = 0; i < noisy.length; i++) {
            double growth = 0.2 * (MINUTES[i] - 10);
            noisy[i] = 600 + growth + WOBBLE[i];
            clean[i] = 600 + growth;
        }
        assertThat(MemoryTrend.of(MINUTES, noisy, 1.0).verdict()).isEqualTo(MemoryTrend.Verdict.FLAT);
        assertThat(MemoryTrend.of(MINUTES, clean, 1.0).verdict()).isEqualTo(MemoryTrend.Verdict.RISING);
        // The floor: 2 MiB of drift over the span, below a 3 MiB floor, is flat even without noise.
        assertThat(MemoryTrend.of(MINUTES, clean, 3.0).verdict()).isEqualTo(MemoryTrend.Verdict.FLAT);
    }

    @Test
    void memoryGivenBackIsFallingAndMissesNoGoal() {
        double[] mib = new double[MINUTES.length];
        for (int i = 0; i < mib.length; i++) {
            mib[i] = 300 - 2 * (MINUTES[i] - 10);
        }
        MemoryTrend trend = MemoryTrend.of(MINUTES, mib, 1.0);

        assertThat(trend.verdict()).isEqualTo(MemoryTrend.Verdict.FALLING);
        assertThat(trend.verdict().missesGoal()).isFalse();
    }

    @Test
    void twoSamplesLeaveNoNoiseToJudgeBy() {
        MemoryTrend trend = MemoryTrend.of(new double[] {1, 2}, new double[] {100, 100}, 1.0);

        assertThat(trend.verdict()).isEqualTo(MemoryTrend.Verdict.TOO_FEW_SAMPLES);
        assertThat(trend.verdict().missesGoal()).isTrue();
    }
}
