package io.actionwatch.benchmark.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PercentilesTest {

    @Test
    void nearestRankOfOneToHundred() {
        long[] samples = new long[100];
        for (int i = 0; i < 100; i++) {
            samples[99 - i] = i + 1; // reversed: the class must sort
        }
        Percentiles p = new Percentiles(samples);
        assertThat(p.at(50)).isEqualTo(50);
        assertThat(p.at(95)).isEqualTo(95);
        assertThat(p.at(99)).isEqualTo(99);
        assertThat(p.at(100)).isEqualTo(100);
    }

    @Test
    void smallSamplesReportObservedValues() {
        Percentiles p = new Percentiles(new long[]{300, 100, 200});
        assertThat(p.at(50)).isEqualTo(200); // rank ceil(1.5) = 2
        assertThat(p.at(99)).isEqualTo(300);
        assertThat(p.at(1)).isEqualTo(100);
    }

    @Test
    void doesNotReorderTheCallersArray() {
        long[] samples = {3, 1, 2};
        new Percentiles(samples).at(50);
        assertThat(samples).containsExactly(3, 1, 2);
    }

    @Test
    void refusesPercentilesOutsideTheRangeAndEmptySamples() {
        assertThatThrownBy(() -> new Percentiles(new long[]{1}).at(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Percentiles(new long[]{1}).at(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Percentiles(new long[0]).at(50)).isInstanceOf(IllegalStateException.class);
    }
}
