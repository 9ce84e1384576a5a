package io.actionwatch.metrics;

import java.util.List;
import java.util.Locale;

/**
 * Every metric a service serves on its {@code /metrics} endpoint, declared once: the services register meters under
 * these names, the README lists them, the benchmark and the tests read them from here.
 *
 * <p>The stream application's own counters are Kafka Streams sensors ({@link #STREAM_SENSOR_GROUP}) that Micrometer's
 * Kafka Streams binder exposes as {@code kafka_stream_actionwatch_<operation>_total}; {@link #streamCounter} is that
 * mapping, so a sensor's operation name is the only thing declared for it.
 */
public final class MetricNames {

    /** Where each service serves Prometheus' text format. */
    public static final String PATH = "/metrics";

    /** The Kafka Streams metrics group of the stream application's own sensors. */
    public static final String STREAM_SENSOR_GROUP = "stream-actionwatch-metrics";

    // Kafka Streams sensor operations of the stream application (each is exposed as a counter, see streamCounter).
    public static final String FRAMES_ACCEPTED = "frames-accepted";
    public static final String CLIPS_EMITTED = "clips-emitted";
    public static final String CLIPS_SKIPPED = "clips-skipped";
    public static final String EVENTS_EMITTED = "events-emitted";
    /** Tagged {@code kind} with the dead letter's error kind, lower case with dashes ({@code undecodable-image}). */
    public static final String DEAD_LETTERS = "dead-letters";
    public static final String DEAD_LETTER_KIND_TAG = "kind";
    /** The untagged sensor operations every task serves from its start, at 0 until they happen. */
    public static final List<String> STREAM_COUNTERS = List.of(FRAMES_ACCEPTED, CLIPS_EMITTED, CLIPS_SKIPPED,
            EVENTS_EMITTED);

    // Micrometer meters (dotted names; Prometheus' names are in the declarations below).
    /** Timer of each model call (one batch of clips), published as a histogram. */
    public static final String INFERENCE_METER = "actionwatch.inference";
    /** Clips per model call, published as a histogram. */
    public static final String BATCH_CLIPS_METER = "actionwatch.inference.batch.clips";
    /** A gauge in bytes: its scrape name ends in {@code _bytes}. */
    public static final String STATE_STORE_MEMORY_METER = "actionwatch.state.store.memory";
    public static final String SINK_EVENTS_METER = "actionwatch.sink.events.consumed";
    /** Tagged {@code rule} with the alert rule's name. */
    public static final String SINK_ALERTS_METER = "actionwatch.sink.alerts.raised";
    public static final String RULE_TAG = "rule";
    public static final String CAMERA_FRAMES_METER_PREFIX = "actionwatch.camera.frames.";
    /** Tag of every camera meter: the camera id. */
    public static final String CAMERA_TAG = "camera";
    public static final String CAMERA_CAPTURED = "captured";
    public static final String CAMERA_SENT = "sent";
    public static final String CAMERA_FAILED = "failed";
    public static final String CAMERA_DROPPED = "dropped";
    public static final String CAMERA_SPOOLED = "spooled";
    /** Video sources (files, RTSP, devices) only: times the input dropped, and times it was opened again. */
    public static final String VIDEO_SOURCE_DROPS_METER = "actionwatch.camera.source.drops";
    public static final String VIDEO_SOURCE_RECONNECTS_METER = "actionwatch.camera.source.reconnects";

    /** Kafka consumer's largest lag in records over its partitions, from Micrometer's Kafka binders. */
    public static final String CONSUMER_LAG_MAX = "kafka_consumer_fetch_manager_records_lag_max";

    /** Which process serves a metric. */
    public enum Service { STREAM, SINK, CAMERA }

    /**
     * One documented metric.
     *
     * @param service    the process that serves it
     * @param prometheus its name in the scrape (histograms add {@code _bucket}, {@code _count}, {@code _sum})
     * @param type       counter, gauge or histogram
     * @param meaning    what it counts, for the README
     */
    public record Metric(Service service, String prometheus, String type, String meaning) {
    }

    public static final List<Metric> ALL = List.of(
            new Metric(Service.STREAM, streamCounter(FRAMES_ACCEPTED), "counter",
                    "frames taken in (valid, decoded), per thread-id and task-id"),
            new Metric(Service.STREAM, streamCounter(CLIPS_EMITTED), "counter", "clips classified and emitted"),
            new Metric(Service.STREAM, streamCounter(CLIPS_SKIPPED), "counter",
                    "clips given up (too many frames missing)"),
            new Metric(Service.STREAM, streamCounter(EVENTS_EMITTED), "counter", "action events written"),
            new Metric(Service.STREAM, streamCounter(DEAD_LETTERS), "counter",
                    "dead letters written, label kind = error kind"),
            new Metric(Service.STREAM, prometheus(INFERENCE_METER) + "_seconds", "histogram",
                    "wall time of each model call"),
            new Metric(Service.STREAM, prometheus(BATCH_CLIPS_METER), "histogram", "clips per model call"),
            new Metric(Service.STREAM, CONSUMER_LAG_MAX, "gauge", "records the stream threads are behind"),
            new Metric(Service.STREAM, prometheus(STATE_STORE_MEMORY_METER) + "_bytes", "gauge",
                    "native memory of the RocksDB state stores (shared block cache, memtables included)"),
            new Metric(Service.SINK, prometheus(SINK_EVENTS_METER) + "_total", "counter", "action events read"),
            new Metric(Service.SINK, prometheus(SINK_ALERTS_METER) + "_total", "counter",
                    "alerts raised, label rule"),
            new Metric(Service.SINK, CONSUMER_LAG_MAX, "gauge", "records the sink is behind"),
            new Metric(Service.CAMERA, cameraFrames(CAMERA_CAPTURED), "counter",
                    "frames taken from the source, label camera"),
            new Metric(Service.CAMERA, cameraFrames(CAMERA_SENT), "counter",
                    "frames the broker acknowledged (fps sent = rate)"),
            new Metric(Service.CAMERA, cameraFrames(CAMERA_FAILED), "counter", "frames that will never arrive"),
            new Metric(Service.CAMERA, cameraFrames(CAMERA_DROPPED), "counter",
                    "frames the spool dropped during an outage"),
            new Metric(Service.CAMERA, prometheus(CAMERA_FRAMES_METER_PREFIX + CAMERA_SPOOLED), "gauge",
                    "frames waiting in the spool or the producer"),
            new Metric(Service.CAMERA, prometheus(VIDEO_SOURCE_DROPS_METER) + "_total", "counter",
                    "video sources only: times the input dropped (read failed, live stream ended, open failed)"),
            new Metric(Service.CAMERA, prometheus(VIDEO_SOURCE_RECONNECTS_METER) + "_total", "counter",
                    "video sources only: times a dropped input was opened again"));

    private MetricNames() {
    }

    /** The metrics one service serves. */
    public static List<Metric> of(Service service) {
        return ALL.stream().filter(m -> m.service() == service).toList();
    }

    /**
     * The scrape name of a stream application sensor's {@code <operation>-total}: Micrometer's Kafka binder names a
     * Kafka metric {@code kafka.<group without "-metrics">.<name>} with dashes as dots, and Prometheus writes dots as
     * underscores.
     */
    public static String streamCounter(String operation) {
        return prometheus("kafka." + STREAM_SENSOR_GROUP.replace("-metrics", "") + "." + operation + ".total");
    }

    /** A camera counter's scrape name. */
    public static String cameraFrames(String what) {
        return prometheus(CAMERA_FRAMES_METER_PREFIX + what) + "_total";
    }

    /** Error kind as a label value: {@code UNDECODABLE_IMAGE} becomes {@code undecodable-image}. */
    public static String deadLetterKind(String errorKind) {
        return errorKind.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String prometheus(String dotted) {
        return dotted.replace('.', '_').replace('-', '_');
    }
}
