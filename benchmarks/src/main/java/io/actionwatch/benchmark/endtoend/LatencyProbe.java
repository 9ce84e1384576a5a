package io.actionwatch.benchmark.endtoend;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code actions.v1} as a downstream consumer does (read_committed) and records, per event, when it arrived
 * and its latency: arrival minus the capture time of the clip's last frame (the earliest moment the clip could have
 * been classified). Events become visible only when the stream application's transaction commits, so the commit
 * interval is part of the latency, as it is for every real consumer.
 */
public final class LatencyProbe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LatencyProbe.class);

    /** One event: arrival wall-clock millis and its capture-to-arrival latency. */
    public record Sample(long arrivalMillis, long latencyMillis, int batchSize, float inferenceMillis) {
    }

    private final KafkaConsumer<String, ActionEvent> consumer;
    private final Thread thread;
    private final List<Sample> samples = new ArrayList<>();
    private volatile boolean running = true;

    public LatencyProbe(String bootstrap, String registryUrl) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "benchmark-latency-probe",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                AvroSerdes.specific(ActionEvent.class, Map.of("schema.registry.url", registryUrl), false)
                        .deserializer());
        this.consumer.subscribe(List.of(Topics.ACTIONS));
        this.thread = new Thread(this::loop, "latency-probe");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, ActionEvent> r : consumer.poll(Duration.ofMillis(100))) {
                    long arrival = System.currentTimeMillis();
                    ActionEvent e = r.value();
                    Sample s = new Sample(arrival, arrival - e.getClipEndTime().toEpochMilli(), e.getBatchSize(),
                            e.getInferenceMillis());
                    synchronized (samples) {
                        samples.add(s);
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("latency probe failed error={}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Events that arrived in {@code [fromMillis, toMillis)}. */
    public List<Sample> between(long fromMillis, long toMillis) {
        List<Sample> out = new ArrayList<>();
        synchronized (samples) {
            for (Sample s : samples) {
                if (s.arrivalMillis() >= fromMillis && s.arrivalMillis() < toMillis) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    public int total() {
        synchronized (samples) {
            return samples.size();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
