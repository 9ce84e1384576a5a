package io.actionwatch.operator.replay;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where a replay reads the frames topic, fixed once when the command starts: per partition, from the first record
 * captured at or after {@code from} up to (excluding) the first record captured at or after {@code to} plus
 * {@link #LATE_ARRIVAL}, and never past the partition's end at the start, so replaying a live topic still ends.
 * Every record before the start offset was captured before {@code from} (that is what the broker's time index
 * answers); records between the offsets that were captured outside the range are dropped by the topology's range.
 */
public record FrameOffsets(String topic, Map<Integer, Long> start, Map<Integer, Long> end) {

    /**
     * How long after {@code to} records are still read for frames captured before it: frames of several cameras
     * share a partition in arrival order, so one camera's frame captured just before {@code to} can follow
     * another's captured after it (a camera draining its spool after an outage arrives later still, and is missed).
     */
    public static final Duration LATE_ARRIVAL = Duration.ofMinutes(1);

    public FrameOffsets {
        start = Map.copyOf(start);
        end = Map.copyOf(end);
    }

    /** Reads the offsets from the cluster; a missing topic is refused with its name. */
    public static FrameOffsets fix(Admin admin, String topic, Instant from, Instant to, Duration timeout) {
        TopicDescription description = AdminCalls.await(admin.describeTopics(java.util.List.of(topic)).allTopicNames(),
                timeout, "describe topic " + topic + " (does it exist on this broker?)").get(topic);
        Map<TopicPartition, Long> latest = offsets(admin, topic, description, p -> OffsetSpec.latest(), timeout);
        Map<TopicPartition, Long> atFrom = offsets(admin, topic, description,
                p -> OffsetSpec.forTimestamp(from.toEpochMilli()), timeout);
        Map<TopicPartition, Long> atTo = offsets(admin, topic, description,
                p -> OffsetSpec.forTimestamp(to.plus(LATE_ARRIVAL).toEpochMilli()), timeout);
        Map<Integer, Long> start = new HashMap<>();
        Map<Integer, Long> end = new HashMap<>();
        for (TopicPartition tp : latest.keySet()) {
            long last = latest.get(tp);
            // -1: no record at or after the time; the partition's end at the start of the command stands in.
            long e = atTo.get(tp) < 0 ? last : Math.min(atTo.get(tp), last);
            long s = atFrom.get(tp) < 0 ? last : Math.min(atFrom.get(tp), e);
            start.put(tp.partition(), s);
            end.put(tp.partition(), e);
        }
        return new FrameOffsets(topic, start, end);
    }

    /** Records between the start and end offsets, over all partitions. */
    public long total() {
        return start.keySet().stream().mapToLong(p -> end.get(p) - start.get(p)).sum();
    }

    /** How many of those records are behind the given committed offsets (partitions absent count as not begun). */
    public long done(Map<Integer, Long> committed) {
        long done = 0;
        for (var e : start.entrySet()) {
            long position = committed.getOrDefault(e.getKey(), e.getValue());
            done += Math.max(0, Math.min(position, end.get(e.getKey())) - e.getValue());
        }
        return done;
    }

    public Map<TopicPartition, Long> startPositions() {
        return start.entrySet().stream().collect(Collectors.toMap(e -> new TopicPartition(topic, e.getKey()),
                Map.Entry::getValue));
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, String topic, TopicDescription description,
                                                     Function<TopicPartition, OffsetSpec> spec, Duration timeout) {
        Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toMap(tp -> tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> result = AdminCalls.await(admin.listOffsets(request).all(), timeout,
                "list offsets of " + topic);
        return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
