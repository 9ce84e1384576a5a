package io.actionwatch.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.actionwatch.schemas.Alert;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's live dashboard in a real browser: {@code run-pipeline} with two synthetic cameras, its printed dashboard
 * URL opened in headless Chromium; one tile per camera appears with a frame, the event counter moves without a reload,
 * and an alert in {@code alerts.v1} shows its clip's frames, fetched from {@code frames.v1}. Saves
 * {@code target/dashboard.png}.
 */
class DashboardIT {

    private static final Path MODEL_DIR = Path.of("..", "model", "reference");
    /** An upper bound: the test stops the pipeline once it has seen what it checks. */
    private static final int RUN_SECONDS = 150;
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

    @Test
    void thePageShowsEveryCameraLiveEventsAndAnAlertsEvidence(@TempDir Path work) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread pipeline;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            EmbeddedPipeline command = new EmbeddedPipeline(out);
            pipeline = new Thread(() -> exit.set(new CommandLine(command).execute(
                    "--cameras", "2", "--duration", Integer.toString(RUN_SECONDS),
                    "--work-dir", work.resolve("run").toString(), "--model-dir", MODEL_DIR.toString())),
                    "embedded-pipeline");
            pipeline.start();
            try (HeadlessChromium chromium = HeadlessChromium.start(work.resolve("chromium"))) {
                URI dashboard = URI.create(PrintedLines.await(printed, "^dashboard (http://\\S+)").group(1));
                Matcher kafka = PrintedLines.await(printed, "^kafka (\\S+) registry (\\S+)");
                chromium.navigate(dashboard);

                long opened = System.nanoTime();
                JsonNode cameras = await(Duration.ofSeconds(30), "two tiles with a frame each",
                        () -> chromium.evaluate("[...document.querySelectorAll('.tile')]"
                                + ".filter(t => t.querySelector('img').naturalWidth > 0)"
                                + ".map(t => t.querySelector('.camera').textContent)"),
                        tiles -> tiles.size() == 2);
                System.out.printf("dashboard: 2 tiles with frames %d ms after opening the page%n", millisSince(opened));
                assertThat(cameras.toString()).contains("\"cam-1\"").contains("\"cam-2\"");
                assertThat(chromium.evaluate("document.querySelectorAll('.tile').length").asInt())
                        .as("one tile per camera, no more").isEqualTo(2);

                String events = "Number(document.getElementById('events').textContent)";
                int first = await(Duration.ofSeconds(60), "a first event on the page",
                        () -> chromium.evaluate(events), count -> count.asInt() > 0).asInt();
                long seen = System.nanoTime();
                int later = await(Duration.ofSeconds(5), "a new event within 5 s, without a reload",
                        () -> chromium.evaluate(events), count -> count.asInt() > first).asInt();
                System.out.printf("dashboard: events %d -> %d in %d ms%n", first, later, millisSince(seen));
                assertThat(chromium.evaluate("document.querySelector('.tile .label').textContent").asText())
                        .as("a tile shows its label and score").matches("\\S+ \\d\\.\\d\\d");

                // The synthetic scenes fall only now and then; the evidence path is what is tested, so the test
                // raises the alert itself, as the sink would: camera cam-1, a clip of the last two seconds.
                String alertId = "dashboard-it-" + System.nanoTime();
                Instant end = Instant.now().minusMillis(500);
                publishAlert(kafka.group(1), kafka.group(2), alertId, end.minusSeconds(2), end);
                long raised = System.nanoTime();
                JsonNode size = await(Duration.ofSeconds(15), "the alert's evidence image",
                        () -> chromium.evaluate("(() => { const img = [...document.querySelectorAll('.alert img')]"
                                + ".find(i => i.src.includes('" + alertId + "'));"
                                + " return img && img.complete ? [img.naturalWidth, img.naturalHeight] : [0, 0]; })()"),
                        wh -> wh.get(0).asInt() > 0);
                System.out.printf("dashboard: evidence %sx%s shown %d ms after the alert%n", size.get(0),
                        size.get(1), millisSince(raised));
                assertThat(size.get(0).asInt()).as("frames side by side").isGreaterThan(size.get(1).asInt());

                BufferedImage evidence = ImageIO.read(new ByteArrayInputStream(HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(dashboard.resolve("/evidence/" + alertId + ".png")).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body()));
                assertThat(evidence).as("the evidence is a PNG").isNotNull();
                assertThat(evidence.getWidth()).isEqualTo(size.get(0).asInt());

                chromium.screenshot(SCREENSHOT);
                assertThat(ImageIO.read(SCREENSHOT.toFile())).as("screenshot %s", SCREENSHOT.toAbsolutePath())
                        .isNotNull();
            } finally {
                command.stop();
                pipeline.join(Duration.ofSeconds(RUN_SECONDS + 60).toMillis());
            }
        }
        assertThat(pipeline.isAlive()).as("the pipeline stopped").isFalse();
        assertThat(exit.get()).as("exit code; output:%n%s", printed.toString(StandardCharsets.UTF_8)).isZero();
    }

    private static void publishAlert(String bootstrap, String registryUrl, String alertId, Instant start, Instant end)
            throws Exception {
        Alert alert = Alert.newBuilder().setAlertId(alertId).setRule("dashboard-it").setCameraId("cam-1")
                .setLabel("falling_down").setScore(0.9f).setEventId("event-of-" + alertId)
                .setClipStartTime(start).setClipEndTime(end).setRaisedAt(Instant.now())
                .setFramesTopic(Topics.FRAMES).build();
        try (Serde<Alert> serde = AvroSerdes.specific(Alert.class,
                Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
             KafkaProducer<String, Alert> producer = new KafkaProducer<>(
                     Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                     serde.serializer())) {
            producer.send(new ProducerRecord<>(Topics.ALERTS, "cam-1", alert)).get();
        }
    }

    private static <T> T await(Duration limit, String what, Callable<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.call();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + what + " within " + limit + "; last seen: " + last);
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
