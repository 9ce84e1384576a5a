package io.actionwatch.operator.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class HistorySelectionTest {

    @Test
    void filterMatchesCamerasLabelsAndScoreInFloat() {
        HistoryFilter filter = new HistoryFilter(Set.of("cam-1", "cam-2"), Set.of("falling_down"), 0.7);

        assertThat(filter.accepts("cam-1", "falling_down", 0.7f)).isTrue();
        assertThat(filter.accepts("cam-2", "falling_down", 0.95f)).isTrue();
        assertThat(filter.accepts("cam-1", "falling_down", 0.69f)).isFalse();
        assertThat(filter.accepts("cam-3", "falling_down", 0.9f)).isFalse();
        assertThat(filter.accepts("cam-1", "walking", 0.9f)).isFalse();
        assertThat(new HistoryFilter(Set.of(), Set.of(), 0).accepts("any", "thing", 0f)).isTrue();
        assertThatThrownBy(() -> new HistoryFilter(Set.of(), Set.of(), 1.5)).hasMessageContaining("--min-score");
        assertThatThrownBy(() -> new HistoryFilter(Set.of(" "), Set.of(), 0)).hasMessageContaining("blank");
    }

    @Test
    void keepsTheEarliestAcrossPartitionsInTimeOrder() {
        EarliestMatches<String> matches = new EarliestMatches<>(3);
        matches.offer(new EarliestMatches.Match<>(50, 0, 0, "p0-50"));
        matches.offer(new EarliestMatches.Match<>(10, 1, 0, "p1-10"));
        matches.offer(new EarliestMatches.Match<>(40, 0, 1, "p0-40"));
        matches.offer(new EarliestMatches.Match<>(10, 0, 2, "p0-10"));
        matches.offer(new EarliestMatches.Match<>(60, 1, 1, "p1-60"));

        assertThat(matches.offered()).isEqualTo(5);
        assertThat(matches.earliestFirst()).extracting(EarliestMatches.Match::value)
                .containsExactly("p0-10", "p1-10", "p0-40");
        assertThatThrownBy(() -> new EarliestMatches<String>(0)).hasMessageContaining("--limit");
    }
}
