package io.actionwatch.benchmark.endtoend;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The stream application's position on its input topic, read from the broker as an operator would: committed
 * offsets of the application's consumer group against the partitions' end offsets.
 */
public final class LagProbe {

    /** At one moment: frames written to the topic and frames the application has committed as processed. */
    public record Position(long timeNanos, long endOffsets, long committed) {
        public long lag() {
            return endOffsets - committed;
        }
    }

    private final Admin admin;
    private final String groupId;
    private final List<TopicPartition> partitions;

    public LagProbe(Admin admin, String groupId, String topic, int partitions) {
        this.admin = admin;
        this.groupId = groupId;
        this.partitions = java.util.stream.IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    public Position sample() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long now = System.nanoTime();
            long end = 0;
            long done = 0;
            for (TopicPartition tp : partitions) {
                end += ends.get(tp).offset();
                OffsetAndMetadata c = committed.get(tp);
                done += c == null ? 0 : c.offset();
            }
            return new Position(now, end, done);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of group " + groupId + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading offsets", e);
        }
    }
}
