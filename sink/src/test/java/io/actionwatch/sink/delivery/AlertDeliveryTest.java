package io.actionwatch.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.Person;
import io.actionwatch.sink.alerting.AlertRule;
import io.actionwatch.topics.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery against a real local HTTP server (the JDK's HttpServer): a delivered alert's body and headers, retries
 * with one idempotency key, dead letters after the last failure, at once on a refusal, on connection refused, for a
 * full queue, and for what is still undelivered when the sink stops.
 */
class AlertDeliveryTest {

    private static final Instant CLIP_END = Instant.parse("2026-05-01T10:00:01Z");
    private static final Duration BACKOFF = Duration.ofMillis(50);

    /** Dead letters as the sink would write them. */
    private record Letter(WrittenAlert alert, String webhook, DeliveryErrorKind kind, String reason) {
    }

    private final List<Letter> letters = new CopyOnWriteArrayList<>();
    private final DeliveryDeadLetters deadLetters = (alert, webhook, kind, reason) ->
            letters.add(new Letter(alert, webhook, kind, reason));

    @Test
    void deliversTheAlertAsJsonWithItsIdAsIdempotencyKey() throws Exception {
        WrittenAlert written = written(alert("fall:evt-1"), 7L);
        try (ScriptedReceiver receiver = new ScriptedReceiver().answer(204)) {
            try (AlertDelivery delivery = delivery(Map.of("ops", settings("ops", receiver.url(), 3)), rule("ops"))) {
                delivery.submit(written);
            }

            assertThat(receiver.received()).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.path()).isEqualTo("/hooks/alerts");
                assertThat(request.header("Idempotency-Key")).isEqualTo("fall:evt-1");
                assertThat(request.header("Content-Type")).isEqualTo("application/json");
                // The body is the Alert in Avro's JSON encoding: decoded with the schema, it is the alert itself.
                Alert decoded = new SpecificDatumReader<>(Alert.class).read(null,
                        DecoderFactory.get().jsonDecoder(Alert.getClassSchema(), new String(request.body(), StandardCharsets.UTF_8)));
                assertThat(decoded).isEqualTo(written.alert());
                assertThat(new String(request.body(), StandardCharsets.UTF_8))
                        .contains("\"alertId\":\"fall:evt-1\"", "\"framesTopic\":{\"string\":\"frames.v1\"}");
            });
        }
        assertThat(letters).isEmpty();
    }

    @Test
    void retriesServerErrorsWithTheSameIdempotencyKeyUntilDelivered() throws Exception {
        try (ScriptedReceiver receiver = new ScriptedReceiver().answer(503, 503, 200)) {
            long started = System.nanoTime();
            try (AlertDelivery delivery = delivery(Map.of("ops", settings("ops", receiver.url(), 5)), rule("ops"))) {
                delivery.submit(written(alert("fall:evt-2"), 8L));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(receiver.received()).hasSize(3)
                    .allSatisfy(request -> assertThat(request.header("Idempotency-Key")).isEqualTo("fall:evt-2"));
            assertThat(receiver.received()).extracting(request -> new String(request.body(), StandardCharsets.UTF_8))
                    .containsOnly(new String(receiver.received().get(0).body(), StandardCharsets.UTF_8));
            // Two pauses, 50 ms then 100 ms, before the second and third attempt.
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        }
        assertThat(letters).isEmpty();
    }

    @Test
    void deadLettersAfterTheLastFailedAttempt() throws Exception {
        WrittenAlert written = written(alert("fall:evt-3"), 9L);
        try (ScriptedReceiver receiver = new ScriptedReceiver().answer(500)) {
            try (AlertDelivery delivery = delivery(Map.of("ops", settings("ops", receiver.url(), 3)), rule("ops"))) {
                delivery.submit(written);
            }

            assertThat(receiver.received()).hasSize(3);
        }
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.alert()).isSameAs(written);
            assertThat(letter.webhook()).isEqualTo("ops");
            assertThat(letter.kind()).isEqualTo(DeliveryErrorKind.WEBHOOK_RETRIES_EXHAUSTED);
            assertThat(letter.reason()).contains("3 attempts", "HTTP 500");
        });
    }

    @Test
    void aRefusalIsDeadLetteredWithoutRetrying() throws Exception {
        try (ScriptedReceiver receiver = new ScriptedReceiver().answer(400)) {
            try (AlertDelivery delivery = delivery(Map.of("ops", settings("ops", receiver.url(), 5)), rule("ops"))) {
                delivery.submit(written(alert("fall:evt-4"), 10L));
            }

            assertThat(receiver.received()).hasSize(1);
        }
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.kind()).isEqualTo(DeliveryErrorKind.WEBHOOK_REJECTED);
            assertThat(letter.reason()).contains("HTTP 400");
        });
    }

    @Test
    void aReceiverThatIsNotThereIsRetriedThenDeadLettered() throws Exception {
        try (AlertDelivery delivery = delivery(Map.of("ops", settings("ops", closedPort(), 2)), rule("ops"))) {
            delivery.submit(written(alert("fall:evt-5"), 11L));
        }

        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.kind()).isEqualTo(DeliveryErrorKind.WEBHOOK_RETRIES_EXHAUSTED);
            assertThat(letter.reason()).contains("2 attempts", "ConnectException");
        });
    }

    @Test
    void eachRuleGoesToItsOwnWebhooksOnly() throws Exception {
        try (ScriptedReceiver ops = new ScriptedReceiver().answer(200);
             ScriptedReceiver pager = new ScriptedReceiver().answer(200)) {
            AlertRule fall = new AlertRule("fall", Set.of("falling_down"), 0.5, Duration.ZERO, 1, 1, List.of("ops", "pager"));
            AlertRule wave = new AlertRule("wave", Set.of("waving"), 0.5, Duration.ZERO, 1, 1, List.of("ops"));
            AlertRule quiet = new AlertRule("quiet", Set.of("sitting"), 0.5, Duration.ZERO, 1, 1);
            try (AlertDelivery delivery = new AlertDelivery(
                    Map.of("ops", settings("ops", ops.url(), 1), "pager", settings("pager", pager.url(), 1)),
                    List.of(fall, wave, quiet), deadLetters, Duration.ofSeconds(10))) {
                delivery.submit(written(alert("fall:e1"), 1L));
                delivery.submit(written(alert("wave:e2"), 2L));
                delivery.submit(written(alert("quiet:e3"), 3L));
            }

            assertThat(ops.received()).extracting(request -> request.header("Idempotency-Key"))
                    .containsExactly("fall:e1", "wave:e2");
            assertThat(pager.received()).extracting(request -> request.header("Idempotency-Key"))
                    .containsExactly("fall:e1");
        }
        assertThat(letters).isEmpty();
    }

    @Test
    void whatIsUndeliveredAtTheCloseTimeoutIsDeadLettered() throws Exception {
        try (ScriptedReceiver receiver = new ScriptedReceiver().hold()) {
            WebhookSettings slow = new WebhookSettings("ops", receiver.url(), Duration.ofSeconds(2), Duration.ofSeconds(30),
                    3, BACKOFF, BACKOFF, 10);
            AlertDelivery delivery = new AlertDelivery(Map.of("ops", slow), List.of(rule("ops")), deadLetters,
                    Duration.ofMillis(300));
            WrittenAlert inFlight = written(alert("fall:e1"), 1L);
            WrittenAlert queued = written(alert("fall:e2"), 2L);
            delivery.submit(inFlight);
            delivery.submit(queued);
            awaitRequests(receiver, 1);

            long started = System.nanoTime();
            delivery.close();
            Duration closing = Duration.ofNanos(System.nanoTime() - started);

            // Bounded by the close timeout, not by the 30 s request timeout of the receiver that never answers.
            assertThat(closing).isLessThan(Duration.ofSeconds(5));
            assertThat(letters).extracting(Letter::alert).containsExactlyInAnyOrder(inFlight, queued);
            assertThat(letters).extracting(Letter::kind).containsOnly(DeliveryErrorKind.WEBHOOK_NOT_DELIVERED_AT_SHUTDOWN);
        }
    }

    @Test
    void aFullQueueDeadLettersAtOnceInsteadOfWaiting() throws Exception {
        try (ScriptedReceiver receiver = new ScriptedReceiver().hold()) {
            WebhookSettings tiny = new WebhookSettings("ops", receiver.url(), Duration.ofSeconds(2), Duration.ofSeconds(30),
                    1, BACKOFF, BACKOFF, 1);
            AlertDelivery delivery = new AlertDelivery(Map.of("ops", tiny), List.of(rule("ops")), deadLetters,
                    Duration.ofMillis(100));
            delivery.submit(written(alert("fall:e1"), 1L));
            awaitRequests(receiver, 1); // in flight: the queue is empty again
            delivery.submit(written(alert("fall:e2"), 2L)); // fills the queue of one
            WrittenAlert overflow = written(alert("fall:e3"), 3L);
            long started = System.nanoTime();
            delivery.submit(overflow);
            Duration submitting = Duration.ofNanos(System.nanoTime() - started);

            assertThat(submitting).isLessThan(Duration.ofSeconds(1));
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.alert()).isSameAs(overflow);
                assertThat(letter.kind()).isEqualTo(DeliveryErrorKind.WEBHOOK_QUEUE_FULL);
            });
            delivery.close();
            assertThat(letters).hasSize(3);
        }
    }

    @Test
    void aRuleNamingAnUnknownWebhookIsRefused() {
        assertThatThrownBy(() -> delivery(Map.of(), rule("nowhere")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nowhere");
    }

    private AlertDelivery delivery(Map<String, WebhookSettings> webhooks, AlertRule rule) {
        return new AlertDelivery(webhooks, List.of(rule), deadLetters, Duration.ofSeconds(10));
    }

    private static WebhookSettings settings(String name, URI url, int attempts) {
        return new WebhookSettings(name, url, Duration.ofSeconds(2), Duration.ofSeconds(5), attempts, BACKOFF,
                Duration.ofSeconds(1), 10);
    }

    private static AlertRule rule(String webhook) {
        return new AlertRule("fall", Set.of("falling_down"), 0.5, Duration.ZERO, 1, 1, List.of(webhook));
    }

    private static Alert alert(String alertId) {
        String rule = alertId.substring(0, alertId.indexOf(':'));
        return Alert.newBuilder()
                .setAlertId(alertId)
                .setRule(rule)
                .setCameraId("cam-1")
                .setPerson(new Person(3L, 0.1f, 0.2f, 0.9f, 0.4f, 0.8f))
                .setLabel("falling_down")
                .setScore(0.9f)
                .setEventId(alertId.substring(alertId.indexOf(':') + 1))
                .setClipStartTime(CLIP_END.minusSeconds(1))
                .setClipEndTime(CLIP_END)
                .setRaisedAt(CLIP_END.plusSeconds(1))
                .setFramesTopic(Topics.FRAMES)
                .setFirstSequence(100L)
                .setLastSequence(114L)
                .build();
    }

    private static WrittenAlert written(Alert alert, long offset) {
        return new WrittenAlert(alert, Topics.ALERTS, 0, offset, alert.getCameraId().getBytes(StandardCharsets.UTF_8),
                new byte[] {0, 0, 0, 0, 1});
    }

    /** A URL on which nothing listens: the port was bound, then freed. */
    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hooks/alerts");
        }
    }

    private static void awaitRequests(ScriptedReceiver receiver, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (receiver.received().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("receiver got " + receiver.received().size() + " requests, expected " + count);
            }
            Thread.sleep(10);
        }
    }
}
