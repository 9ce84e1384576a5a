package io.actionwatch.launcher;

import io.actionwatch.metrics.MetricNames;
import io.actionwatch.metrics.MetricNames.Metric;
import io.actionwatch.metrics.MetricNames.Service;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's metrics, end to end: the launcher starts the broker, the registry, the stream application, the sink and
 * three cameras (two synthetic, one video file, whose source has counters of its own); the test scrapes the three printed endpoints over HTTP twice and checks that every name
 * {@link MetricNames} declares for a service is served by it, and that the counters move between the scrapes.
 */
class MetricsEndpointIT {

    private static final Path MODEL_DIR = Path.of("..", "model", "reference");
    /** An upper bound: the test stops the pipeline once it has seen what it checks. */
    private static final int RUN_SECONDS = 150;
    private static final Duration MIN_SCRAPE_GAP = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyServiceServesItsDocumentedMetricsAndTheCountersMove(@TempDir Path work) throws Exception {
        // A video camera beside the synthetic ones: only video sources count drops and reconnects.
        Path video = work.resolve("street.mp4");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=15", "-frames:v", "60", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                video.toString()).redirectErrorStream(true).start();
        String ffmpegOutput = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ffmpeg.waitFor()).as("ffmpeg: %s", ffmpegOutput).isZero();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread pipeline;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            EmbeddedPipeline command = new EmbeddedPipeline(out);
            pipeline = new Thread(() -> exit.set(new CommandLine(command).execute(
                    "--cameras", "2", "--duration", Integer.toString(RUN_SECONDS),
                    "--work-dir", work.resolve("run").toString(), "--model-dir", MODEL_DIR.toString(),
                    "--video", video.toString(), "--loop")),
                    "embedded-pipeline");
            pipeline.start();
            // Every wait ends before the pipeline's own --duration does, leaving time for the last scrape.
            long deadline = System.nanoTime() + Duration.ofSeconds(RUN_SECONDS - 10).toNanos();
            Pattern deadLetter = Pattern.compile(counterSeries(MetricNames.streamCounter(MetricNames.DEAD_LETTERS),
                    "kind=\"not-wire-format\""));
            try {
                Map<Service, URI> urls = awaitMetricsUrls(printed);
                String bootstrap = PrintedLines.await(printed, "^kafka (\\S+) registry").group(1);

                // Wait for the first event, then one frame the stream application cannot read: a dead letter.
                awaitMatch(urls.get(Service.STREAM), deadline,
                        Pattern.compile(counterSeries(MetricNames.streamCounter(MetricNames.EVENTS_EMITTED), "")));
                sendUnreadableFrame(bootstrap);

                Map<Service, String> first = scrapeAll(urls);
                long firstScraped = System.nanoTime();
                // The frame is read behind every frame queued before it; on a loaded machine that took over 5 s.
                awaitMatch(urls.get(Service.STREAM), deadline, deadLetter);
                Thread.sleep(Math.max(0, MIN_SCRAPE_GAP.minusNanos(System.nanoTime() - firstScraped).toMillis()));
                Map<Service, String> second = scrapeAll(urls);

                for (Metric metric : MetricNames.ALL) {
                    String series = metric.type().equals("histogram") ? metric.prometheus() + "_count"
                            : metric.prometheus();
                    assertThat(second.get(metric.service()))
                            .as("%s serves %s", metric.service(), metric.prometheus())
                            .containsPattern("(?m)^" + series + "[{ ]");
                }
                assertMoved(first, second, Service.STREAM, MetricNames.streamCounter(MetricNames.FRAMES_ACCEPTED));
                assertMoved(first, second, Service.STREAM, MetricNames.streamCounter(MetricNames.EVENTS_EMITTED));
                assertMoved(first, second, Service.STREAM, "actionwatch_inference_seconds_count");
                assertMoved(first, second, Service.SINK, "actionwatch_sink_events_consumed_total");
                assertMoved(first, second, Service.CAMERA, MetricNames.cameraFrames(MetricNames.CAMERA_SENT));
                assertThat(second.get(Service.STREAM)).as("the unreadable frame's dead letter, by kind")
                        .containsPattern(deadLetter);
                assertThat(second.get(Service.CAMERA)).as("per camera")
                        .contains("camera=\"cam-1\"").contains("camera=\"cam-2\"").contains("camera=\"video-1\"");
            } finally {
                command.stop();
                pipeline.join(Duration.ofSeconds(RUN_SECONDS + 60).toMillis());
            }
        }
        assertThat(pipeline.isAlive()).as("the pipeline stopped").isFalse();
        assertThat(exit.get()).as("exit code; output:%n%s", printed.toString(StandardCharsets.UTF_8)).isZero();
    }

    private Map<Service, URI> awaitMetricsUrls(ByteArrayOutputStream printed) throws InterruptedException {
        Map<Service, URI> urls = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            String name = service.name().toLowerCase(Locale.ROOT);
            urls.put(service, URI.create(PrintedLines.await(printed, "^metrics " + name + " (http://\\S+)")
                    .group(1)));
        }
        return urls;
    }

    /** A series of the counter, with the given label among its labels (any, when empty), at a value of 1 or more. */
    private static String counterSeries(String name, String label) {
        return "(?m)^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label) + "[^}]*} [1-9]";
    }

    private void awaitMatch(URI url, long deadline, Pattern series) throws Exception {
        while (System.nanoTime() < deadline) {
            if (series.matcher(scrape(url)).find()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no series matching " + series + " at " + url);
    }

    private static void sendUnreadableFrame(String bootstrap) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.FRAMES, "cam-1".getBytes(StandardCharsets.UTF_8),
                    "not an Avro frame".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private Map<Service, String> scrapeAll(Map<Service, URI> urls) throws Exception {
        Map<Service, String> scrapes = new EnumMap<>(Service.class);
        for (Map.Entry<Service, URI> url : urls.entrySet()) {
            scrapes.put(url.getKey(), scrape(url.getValue()));
        }
        return scrapes;
    }

    private String scrape(URI url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }

    private static void assertMoved(Map<Service, String> first, Map<Service, String> second, Service service,
                                    String name) {
        double before = sum(first.get(service), name);
        double after = sum(second.get(service), name);
        System.out.printf("metric %s %s: %.1f -> %.1f%n", service, name, before, after);
        assertThat(after).as("%s %s moved between scrapes", service, name).isGreaterThan(before);
    }

    /** Sum over a metric's series (all label sets) in a scrape. */
    private static double sum(String scrape, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }
}
