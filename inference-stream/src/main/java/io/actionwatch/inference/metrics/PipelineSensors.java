package io.actionwatch.inference.metrics;

import io.actionwatch.metrics.MetricNames;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedSum;
import org.apache.kafka.streams.StreamsMetrics;

import java.util.HashMap;
import java.util.Map;

/**
 * Counters of one processor of one task, registered as Kafka Streams custom metrics in group
 * {@code stream-actionwatch-metrics}: {@code <operation>-total} (sum of recorded amounts) and {@code <operation>-rate}
 * (per second), tagged {@code thread-id} and {@code task-id}; durations add {@code <operation>-avg} and
 * {@code <operation>-max}. Visible over JMX, in {@code KafkaStreams#metrics()} beside Streams' own, and on the
 * service's {@code /metrics} through Micrometer's Kafka Streams binder (names in {@link MetricNames}).
 */
public final class PipelineSensors implements AutoCloseable {

    public static final String GROUP = MetricNames.STREAM_SENSOR_GROUP;
    /** Wall time of model calls, and the calling thread's CPU time in them. */
    public static final String INFERENCE_MILLIS = "inference-millis";
    public static final String INFERENCE_CPU_MILLIS = "inference-cpu-millis";
    /** Model calls, and the clips they classified together. */
    public static final String BATCHES = "batches";
    public static final String BATCHED_CLIPS = "batched-clips";
    /** Person clips classified (per-person models). */
    public static final String PERSON_CLIPS = "person-clips";
    /** Cameras whose state was dropped because they started a new run (whole-frame and per-person models). */
    public static final String CAMERA_RESTARTS = "camera-restarts";
    /** People the pose model found in sampled frames and passed to the tracker (per-person models). */
    public static final String PEOPLE_DETECTED = "people-detected";
    /** Frame records a bounded topology (a replay) dropped because they lie outside its range. */
    public static final String FRAMES_OUTSIDE_RANGE = "frames-outside-range";

    private final StreamsMetrics metrics;
    private final Map<String, String> tags;
    private final String sensorPrefix;
    private final Map<String, Sensor> counters = new HashMap<>();
    private final Map<String, Sensor> durations = new HashMap<>();

    public PipelineSensors(StreamsMetrics metrics, String taskId) {
        this.metrics = metrics;
        String thread = Thread.currentThread().getName();
        this.tags = Map.of("thread-id", thread, "task-id", taskId);
        this.sensorPrefix = "actionwatch." + thread + "." + taskId + ".";
        // Served from the start, at 0: a scrape (and an alert on rate()) sees the series before the first clip.
        // Sensors are shared by name within a thread and task, so every processor declaring them adds nothing twice.
        MetricNames.STREAM_COUNTERS.forEach(op -> count(op, 0));
    }

    /** Adds {@code amount} to an operation's total (e.g. {@code clips-skipped}). */
    public void count(String operation, long amount) {
        counters.computeIfAbsent(operation, op -> counter(sensorPrefix + op, op, tags)).record(amount);
    }

    /**
     * Counts a dead letter under {@link MetricNames#DEAD_LETTERS}, tagged with its kind, so one name covers every kind
     * (the registry serde's and the pipeline's) and a new kind needs no new metric.
     */
    public void countDeadLetter(String errorKind) {
        deadLetters(errorKind).record(1);
    }

    /**
     * Serves the dead-letter counter of each of {@code errorKinds} from now on, at 0. Micrometer's Kafka binder
     * looks for new Kafka metrics only once a minute, so a counter first created by the first dead letter of a kind
     * was missing from scrapes for up to a minute after it (seen in MetricsEndpointIT).
     */
    public void declareDeadLetterKinds(Iterable<String> errorKinds) {
        errorKinds.forEach(kind -> deadLetters(kind).record(0));
    }

    private Sensor deadLetters(String errorKind) {
        String kind = MetricNames.deadLetterKind(errorKind);
        Map<String, String> kindTags = new HashMap<>(tags);
        kindTags.put(MetricNames.DEAD_LETTER_KIND_TAG, kind);
        return counters.computeIfAbsent(MetricNames.DEAD_LETTERS + "." + kind,
                key -> counter(sensorPrefix + key, MetricNames.DEAD_LETTERS, kindTags));
    }

    private Sensor counter(String sensorName, String op, Map<String, String> metricTags) {
        Sensor sensor = metrics.addSensor(sensorName, Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName(op + "-total", GROUP, "Total " + op, metricTags), new CumulativeSum());
        sensor.add(new MetricName(op + "-rate", GROUP, op + " per second", metricTags), new Rate(new WindowedSum()));
        return sensor;
    }

    public void count(String operation) {
        count(operation, 1);
    }

    /** Records a duration in milliseconds: average, maximum and total of the operation's occurrences. */
    public void duration(String operation, double millis) {
        durations.computeIfAbsent(operation, op -> {
            Sensor sensor = metrics.addSensor(sensorPrefix + op, Sensor.RecordingLevel.INFO);
            sensor.add(name(op + "-avg", "Average " + op + " milliseconds"), new Avg());
            sensor.add(name(op + "-max", "Longest " + op + " milliseconds"), new Max());
            sensor.add(name(op + "-total", "Total " + op + " milliseconds"), new CumulativeSum());
            return sensor;
        }).record(millis);
    }

    private MetricName name(String name, String description) {
        return new MetricName(name, GROUP, description, tags);
    }

    @Override
    public void close() {
        counters.values().forEach(metrics::removeSensor);
        durations.values().forEach(metrics::removeSensor);
        counters.clear();
        durations.clear();
    }
}
