package io.actionwatch.topics;

import java.util.Map;
import java.util.Objects;

/** How one topic of the pipeline is created: name, partitions, replication and topic-level configs. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topic " + name + ": replication factor must be >= 1, was " + replicationFactor);
        }
        configs = Map.copyOf(configs);
    }
}
