package io.actionwatch.sink.delivery;

import io.actionwatch.sink.alerting.AlertRule;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One webhook: where alerts are POSTed and how hard the sink tries.
 *
 * @param name           name rules refer to ({@link AlertRule#NAME_PATTERN})
 * @param url            http or https URL the alerts are POSTed to
 * @param connectTimeout longest wait for a connection
 * @param requestTimeout longest wait for the answer of one attempt
 * @param maxAttempts    attempts per alert, the first included; after the last failure the alert is dead-lettered
 * @param initialBackoff pause before the second attempt; each further pause doubles, up to {@code maxBackoff}
 * @param maxBackoff     longest pause between attempts
 * @param queueCapacity  alerts waiting for this webhook at most; beyond it an alert is dead-lettered at once, so that
 *                       a slow receiver never holds up alert evaluation
 */
public record WebhookSettings(String name, URI url, Duration connectTimeout, Duration requestTimeout, int maxAttempts,
                              Duration initialBackoff, Duration maxBackoff, int queueCapacity) {

    public WebhookSettings {
        Objects.requireNonNull(name, "name");
        if (!AlertRule.NAME_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("webhook name '" + name + "' must match " + AlertRule.NAME_PATTERN.pattern());
        }
        Objects.requireNonNull(url, "url");
        if (!("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("webhook " + name + ": url must be an absolute http(s) URL with a host, was " + url);
        }
        requirePositive(name, "connectTimeout", connectTimeout);
        requirePositive(name, "requestTimeout", requestTimeout);
        requirePositive(name, "initialBackoff", initialBackoff);
        requirePositive(name, "maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("webhook " + name + ": maxBackoff " + maxBackoff
                    + " must not be shorter than initialBackoff " + initialBackoff);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("webhook " + name + ": maxAttempts must be >= 1, was " + maxAttempts);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("webhook " + name + ": queueCapacity must be >= 1, was " + queueCapacity);
        }
    }

    /**
     * The pause before attempt {@code attempt} (2 for the first retry): initialBackoff doubled per earlier retry,
     * capped at maxBackoff. No jitter: one sink delivers each webhook's alerts one at a time, so there is no herd of
     * clients to spread out, and a fixed schedule is what an operator can reason about.
     */
    public Duration backoffBefore(int attempt) {
        if (attempt < 2 || attempt > maxAttempts) {
            throw new IllegalArgumentException("attempt must be in [2, " + maxAttempts + "], was " + attempt);
        }
        Duration pause = initialBackoff;
        for (int i = 2; i < attempt && pause.compareTo(maxBackoff) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
    }

    private static void requirePositive(String name, String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("webhook " + name + ": " + what + " must be positive, was " + value);
        }
    }
}
