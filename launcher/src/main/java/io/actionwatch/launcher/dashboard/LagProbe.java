package io.actionwatch.launcher.dashboard;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import io.actionwatch.config.ClientSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The stream application's consumer lag: for its consumer group, end offsets minus committed offsets summed over the
 * partitions it has committed, measured every {@link #PERIOD} with the Admin client (it reads the group's offsets
 * without joining it).
 */
final class LagProbe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LagProbe.class);
    static final Duration PERIOD = Duration.ofSeconds(3);

    private final Admin admin;
    private final String groupId;
    private final DashboardState state;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dashboard-lag-probe");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code client}: bootstrap servers and any security settings. */
    LagProbe(Map<String, Object> client, String groupId, DashboardState state) {
        Map<String, Object> config = ClientSettings.select(client, AdminClientConfig.configNames());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "actionwatch-dashboard-lag");
        this.admin = Admin.create(config);
        this.groupId = groupId;
        this.state = state;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::measure, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void measure() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            committed.values().removeIf(java.util.Objects::isNull);
            if (committed.isEmpty()) {
                state.lagUnknown("group " + groupId + " has committed nothing yet");
                return;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
            }
            state.lag(lag);
        } catch (ExecutionException | TimeoutException e) {
            // Shown on the page rather than logged every 3 s: an unreachable broker would fill the log.
            state.lagUnknown(e.getCause() != null ? e.getCause().toString() : e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("lag probe failed: {}", e.toString(), e);
            state.lagUnknown(e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
