package io.actionwatch.operator.replay;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What a replay's application id owns on the cluster: its consumer group (whose committed offsets are set to the
 * range's start before Kafka Streams starts, since Streams has no "start at time", and are then read as progress)
 * and its internal topics ({@code <application.id>-...-changelog}, {@code -repartition}), removed when it finishes.
 */
final class ReplayGroup {

    private static final Logger log = LoggerFactory.getLogger(ReplayGroup.class);

    private final Admin admin;
    private final String applicationId;
    private final Duration timeout;

    ReplayGroup(Admin admin, String applicationId, Duration timeout) {
        this.admin = admin;
        this.applicationId = applicationId;
        this.timeout = timeout;
    }

    /** Commits the start offsets for the fresh group, so its first poll reads from the range's start. */
    void seed(FrameOffsets offsets) {
        Map<TopicPartition, OffsetAndMetadata> start = offsets.startPositions().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        AdminCalls.await(admin.alterConsumerGroupOffsets(applicationId, start).all(), timeout,
                "set the start offsets of replay group " + applicationId);
    }

    /** The group's committed offsets on {@code topic}, by partition. */
    Map<Integer, Long> committed(String topic) {
        Map<TopicPartition, OffsetAndMetadata> offsets = AdminCalls.await(
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata(), timeout,
                "read the committed offsets of replay group " + applicationId);
        Map<Integer, Long> byPartition = new HashMap<>();
        offsets.forEach((tp, om) -> {
            if (tp.topic().equals(topic) && om != null) {
                byPartition.put(tp.partition(), om.offset());
            }
        });
        return byPartition;
    }

    /**
     * Deletes the application's internal topics and its consumer group.
     *
     * @return the internal topics deleted
     */
    List<String> remove() {
        List<String> internal = AdminCalls.await(admin.listTopics().names(), timeout, "list topics").stream()
                .filter(name -> name.startsWith(applicationId + "-")).sorted().toList();
        if (!internal.isEmpty()) {
            AdminCalls.await(admin.deleteTopics(internal).all(), timeout, "delete the replay's internal topics "
                    + internal);
        }
        deleteGroup();
        return internal;
    }

    /** The members have just left; the coordinator may still count them for a moment, so a few tries. */
    private void deleteGroup() {
        for (int attempt = 1; ; attempt++) {
            try {
                admin.deleteConsumerGroups(List.of(applicationId)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    return;
                }
                if (!(e.getCause() instanceof GroupNotEmptyException) || attempt == 10) {
                    throw new IllegalStateException("cannot delete replay group " + applicationId + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
                log.debug("replay group {} not empty yet (attempt {})", applicationId, attempt);
                sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted deleting replay group " + applicationId, e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("the cluster did not answer within " + timeout.toSeconds()
                        + " s to delete replay group " + applicationId, e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
