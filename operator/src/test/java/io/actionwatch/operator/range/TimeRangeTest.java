package io.actionwatch.operator.range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void nothingGivenIsEverythingUpToTheEndOfTheTopic() {
        assertThat(TimeRange.parse(null, null, null, NOW, BERLIN)).isEqualTo(TimeRange.all());
        assertThat(TimeRange.all().to()).isEmpty();
        assertThat(TimeRange.all().from()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void lastIsTheSpanBeforeNow() {
        assertThat(TimeRange.parse(null, null, "15m", NOW, BERLIN))
                .isEqualTo(new TimeRange(Instant.parse("2026-05-01T11:45:00Z"), Optional.of(NOW)));
        assertThat(TimeRange.parse(null, null, "1h30m", NOW, BERLIN).from()).isEqualTo(Instant.parse("2026-05-01T10:30:00Z"));
    }

    @Test
    void relativeFromAndToCountBackFromNow() {
        TimeRange range = TimeRange.parse("2h", "30m", null, NOW, BERLIN);
        assertThat(range.from()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(range.to()).contains(Instant.parse("2026-05-01T11:30:00Z"));
    }

    @Test
    void absoluteTimesWithAndWithoutZone() {
        assertThat(TimeRange.time("--from", "2026-05-01T10:00:00Z", NOW, BERLIN)).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(TimeRange.time("--from", "2026-05-01T12:00+02:00", NOW, BERLIN)).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
        // Local forms are read in the given zone: Berlin is UTC+2 in May.
        assertThat(TimeRange.time("--from", "2026-05-01T12:00", NOW, BERLIN)).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(TimeRange.time("--from", "2026-05-01", NOW, BERLIN)).isEqualTo(Instant.parse("2026-04-30T22:00:00Z"));
    }

    @Test
    void durationsOfEveryUnit() {
        assertThat(TimeRange.duration("--last", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(TimeRange.duration("--last", "45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(TimeRange.duration("--last", "7d")).isEqualTo(Duration.ofDays(7));
        assertThat(TimeRange.duration("--last", "1d2h3m4s5ms"))
                .isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4).plusMillis(5));
    }

    @Test
    void fromIsInclusiveToExclusive() {
        TimeRange range = TimeRange.parse("2026-05-01T10:00:00Z", "2026-05-01T11:00:00Z", null, NOW, BERLIN);
        long from = Instant.parse("2026-05-01T10:00:00Z").toEpochMilli();
        long to = Instant.parse("2026-05-01T11:00:00Z").toEpochMilli();
        assertThat(range.contains(from - 1)).isFalse();
        assertThat(range.contains(from)).isTrue();
        assertThat(range.contains(to - 1)).isTrue();
        assertThat(range.contains(to)).isFalse();
        assertThat(TimeRange.all().contains(Long.MAX_VALUE)).isTrue();
    }

    @Test
    void fromNotBeforeToIsRefusedNamingBoth() {
        assertThatThrownBy(() -> TimeRange.parse("2026-05-01T11:00:00Z", "2026-05-01T10:00:00Z", null, NOW, BERLIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--from 2026-05-01T11:00:00Z")
                .hasMessageContaining("must be before --to 2026-05-01T10:00:00Z");
        assertThatThrownBy(() -> TimeRange.parse("1h", "1h", null, NOW, BERLIN))
                .hasMessageContaining("must be before");
    }

    @Test
    void lastWithFromOrToIsRefused() {
        assertThatThrownBy(() -> TimeRange.parse("2h", null, "15m", NOW, BERLIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--last cannot be combined");
        assertThatThrownBy(() -> TimeRange.parse(null, "2h", "15m", NOW, BERLIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--last cannot be combined");
    }

    @Test
    void malformedValuesNameTheOptionAndTheAcceptedForms() {
        assertThatThrownBy(() -> TimeRange.parse("yesterday", null, null, NOW, BERLIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--from 'yesterday'").hasMessageContaining("15m");
        assertThatThrownBy(() -> TimeRange.parse(null, null, "15 minutes", NOW, BERLIN))
                .hasMessageContaining("--last '15 minutes' is not a duration");
        assertThatThrownBy(() -> TimeRange.parse(null, null, "0m", NOW, BERLIN))
                .hasMessageContaining("--last must be longer than 0");
        assertThatThrownBy(() -> TimeRange.parse(null, null, "99999999999999999999d", NOW, BERLIN))
                .hasMessageContaining("too long");
    }

    @Test
    void aStartBeforeTheEpochIsRefused() {
        assertThatThrownBy(() -> TimeRange.parse("1969-12-31T23:59:59Z", null, null, NOW, BERLIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before 1970");
    }
}
