package io.actionwatch.sink.delivery;

import io.actionwatch.schemas.Alert;
import io.actionwatch.text.UntrustedText;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one alert to one webhook: POSTs its JSON ({@link AlertJson}) with the alert id as {@value #IDEMPOTENCY_KEY}
 * header, the same on every attempt, so a receiver drops the repeats that retries (and a sink restart re-reading its
 * events) may cause. Retries what may succeed later ({@link AttemptOutcome#RETRY}) with back-off
 * ({@link WebhookSettings#backoffBefore}), up to the webhook's attempts; stops at once on a permanent refusal.
 *
 * <p>Blocking: meant for the webhook's own delivery thread. Interrupting that thread ends the delivery at once (the
 * HTTP exchange is cancelled, the back-off pause cut short) with an {@link InterruptedException}.
 */
final class WebhookSender {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    /** How a delivery ended; {@code failure} and {@code reason} are null when delivered. */
    record Result(boolean delivered, int attempts, DeliveryErrorKind failure, String reason) {

        static Result delivered(int attempts) {
            return new Result(true, attempts, null, null);
        }

        static Result failed(DeliveryErrorKind kind, int attempts, String reason) {
            return new Result(false, attempts, kind, reason);
        }
    }

    private final WebhookSettings settings;
    private final HttpClient client;

    WebhookSender(WebhookSettings settings, HttpClient client) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
    }

    WebhookSettings settings() {
        return settings;
    }

    Result deliver(Alert alert) throws InterruptedException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(settings.url())
                    .timeout(settings.requestTimeout())
                    .header("Content-Type", AlertJson.CONTENT_TYPE)
                    .header(IDEMPOTENCY_KEY, alert.getAlertId())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(AlertJson.encode(alert)))
                    .build();
        } catch (IllegalArgumentException e) {
            return Result.failed(DeliveryErrorKind.WEBHOOK_REQUEST_INVALID, 0,
                    "alert id is not a valid " + IDEMPOTENCY_KEY + " header value: " + UntrustedText.excerpt(e.getMessage()));
        }
        String lastFailure = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (attempt > 1) {
                Thread.sleep(settings.backoffBefore(attempt).toMillis());
            }
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                switch (AttemptOutcome.ofStatus(status)) {
                    case DELIVERED:
                        log.debug("webhook delivered webhook={} alertId={} attempts={}", settings.name(),
                                UntrustedText.excerpt(alert.getAlertId()), attempt);
                        return Result.delivered(attempt);
                    case PERMANENT:
                        return Result.failed(DeliveryErrorKind.WEBHOOK_REJECTED, attempt, "HTTP " + status
                                + " from " + settings.url().getHost() + " (not retried: the request itself is refused)");
                    case RETRY:
                    default:
                        lastFailure = "HTTP " + status;
                }
            } catch (HttpTimeoutException e) {
                lastFailure = "no answer within " + settings.requestTimeout().toMillis() + " ms: " + e.getMessage();
            } catch (IOException e) {
                // Connection refused or reset, DNS failure, TLS failure: the receiver may be back later.
                lastFailure = e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            log.debug("webhook attempt failed webhook={} alertId={} attempt={} of={} reason={}", settings.name(),
                    UntrustedText.excerpt(alert.getAlertId()), attempt, settings.maxAttempts(), lastFailure);
        }
        return Result.failed(DeliveryErrorKind.WEBHOOK_RETRIES_EXHAUSTED, settings.maxAttempts(),
                settings.maxAttempts() + " attempts failed, the last with " + lastFailure);
    }
}
