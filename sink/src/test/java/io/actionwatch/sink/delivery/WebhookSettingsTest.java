package io.actionwatch.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookSettingsTest {

    private static WebhookSettings settings(int attempts, long initialMs, long maxMs) {
        return new WebhookSettings("ops", URI.create("http://127.0.0.1:9/x"), Duration.ofSeconds(1), Duration.ofSeconds(1),
                attempts, Duration.ofMillis(initialMs), Duration.ofMillis(maxMs), 10);
    }

    @Test
    void backOffDoublesFromTheInitialPauseUpToTheLongest() {
        WebhookSettings settings = settings(7, 500, 3_000);
        assertThat(settings.backoffBefore(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.backoffBefore(3)).isEqualTo(Duration.ofMillis(1_000));
        assertThat(settings.backoffBefore(4)).isEqualTo(Duration.ofMillis(2_000));
        assertThat(settings.backoffBefore(5)).isEqualTo(Duration.ofMillis(3_000));
        assertThat(settings.backoffBefore(7)).isEqualTo(Duration.ofMillis(3_000));
    }

    @Test
    void backOffIsOnlyForRetries() {
        WebhookSettings settings = settings(3, 500, 3_000);
        assertThatThrownBy(() -> settings.backoffBefore(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.backoffBefore(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> settings(0, 500, 3_000)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> settings(3, 500, 100)).hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> new WebhookSettings("ops", URI.create("ftp://host/x"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1, Duration.ofMillis(1), Duration.ofMillis(1), 1)).hasMessageContaining("http");
        assertThatThrownBy(() -> new WebhookSettings("o.ps", URI.create("http://host/x"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1, Duration.ofMillis(1), Duration.ofMillis(1), 1)).hasMessageContaining("o.ps");
    }

    @ParameterizedTest
    @CsvSource({
            "200, DELIVERED", "201, DELIVERED", "204, DELIVERED", "299, DELIVERED",
            "500, RETRY", "502, RETRY", "503, RETRY", "504, RETRY", "408, RETRY", "429, RETRY",
            "400, PERMANENT", "401, PERMANENT", "403, PERMANENT", "404, PERMANENT", "410, PERMANENT", "422, PERMANENT",
            "301, PERMANENT", "100, PERMANENT"})
    void classifiesAnswers(int status, AttemptOutcome expected) {
        assertThat(AttemptOutcome.ofStatus(status)).isEqualTo(expected);
    }
}
