package io.actionwatch.operator.replay;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayWindowTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void lastIsTheRangeEndingNow() {
        ReplayWindow w = ReplayWindow.resolve(null, null, "15m", NOW, BERLIN);
        assertThat(w.from()).isEqualTo(NOW.minus(Duration.ofMinutes(15)));
        assertThat(w.to()).isEqualTo(NOW);
    }

    @Test
    void absoluteTimesWithAnOffsetOrInTheLocalZoneAndAgesBeforeNow() {
        ReplayWindow w = ReplayWindow.resolve("2026-05-01T13:30:00", "2026-05-01T11:45:00Z", null, NOW, BERLIN);
        assertThat(w.from()).as("local 13:30 in Berlin (UTC+2)").isEqualTo(Instant.parse("2026-05-01T11:30:00Z"));
        assertThat(w.to()).isEqualTo(Instant.parse("2026-05-01T11:45:00Z"));
        ReplayWindow ages = ReplayWindow.resolve("2h", "90s", null, NOW, BERLIN);
        assertThat(ages.from()).isEqualTo(NOW.minus(Duration.ofHours(2)));
        assertThat(ages.to()).isEqualTo(NOW.minusSeconds(90));
        assertThat(ReplayWindow.resolve("1d", null, null, NOW, BERLIN).to()).as("to defaults to now").isEqualTo(NOW);
    }

    @Test
    void fromAfterToIsRefusedNamingBoth() {
        assertThatThrownBy(() -> ReplayWindow.resolve("5m", "10m", null, NOW, BERLIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--from 2026-05-01T11:55:00Z is after --to 2026-05-01T11:50:00Z: the range must start "
                        + "before it ends");
    }

    @Test
    void malformedOrConflictingOptionsAreRefusedClearly() {
        assertThatThrownBy(() -> ReplayWindow.resolve("yesterday", null, null, NOW, BERLIN))
                .hasMessageStartingWith("--from 'yesterday' is not an ISO-8601 time");
        assertThatThrownBy(() -> ReplayWindow.resolve(null, null, "15 minutes", NOW, BERLIN))
                .hasMessageContaining("--last '15 minutes' is not a duration");
        assertThatThrownBy(() -> ReplayWindow.resolve("5m", null, "15m", NOW, BERLIN))
                .hasMessageContaining("--last cannot be combined");
        assertThatThrownBy(() -> ReplayWindow.resolve(null, "5m", null, NOW, BERLIN))
                .hasMessageContaining("give the range to replay");
    }

    @Test
    void aRangeThatStartsWhereItEndsIsEmptyNotRefused() {
        assertThat(ReplayWindow.resolve("now", "now", null, NOW, BERLIN).isEmpty()).isTrue();
        assertThat(ReplayWindow.resolve("1s", null, null, NOW, BERLIN).isEmpty()).isFalse();
    }
}
