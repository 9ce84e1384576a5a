package io.actionwatch.benchmark.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SummaryTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueRegardlessOfOrder() {
        Summary s = Summary.of(9, 1, 5, 7, 3);
        assertThat(s.median()).isEqualTo(5);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(9);
        assertThat(s.runs()).isEqualTo(5);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Summary.of(4, 1, 3, 10).median()).isEqualTo(3.5);
    }

    @Test
    void mappingToAReciprocalUnitKeepsMinBelowMax() {
        Summary perSecond = Summary.of(10, 20, 40);
        Summary millis = perSecond.map(r -> 1000 / r);
        assertThat(millis.median()).isCloseTo(50, within(1e-9));
        assertThat(millis.min()).isCloseTo(25, within(1e-9));
        assertThat(millis.max()).isCloseTo(100, within(1e-9));
    }

    @Test
    void refusesAnEmptySample() {
        assertThatThrownBy(Summary::of).isInstanceOf(IllegalArgumentException.class);
    }
}
