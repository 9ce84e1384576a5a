package io.actionwatch.operator.topics;

import io.actionwatch.topics.TopicSpec;
import io.actionwatch.topics.Topics;

/**
 * Topics that operators create under names of their own with the contract of one of the pipeline's topics (its
 * retention and other configs, from {@link Topics#all}, where they are declared once), e.g. an alert replay's output
 * with the contract of alerts.v1, or a frame replay's with that of actions.v1.
 */
public final class TopicContracts {

    private TopicContracts() {
    }

    /**
     * The spec of topic {@code name} created like the pipeline topic {@code contract}.
     *
     * @throws IllegalArgumentException when {@code contract} is not one of the pipeline's topics
     */
    public static TopicSpec like(String contract, String name, int partitions, short replicationFactor) {
        for (TopicSpec spec : Topics.all(partitions, replicationFactor)) {
            if (spec.name().equals(contract)) {
                return new TopicSpec(name, partitions, replicationFactor, spec.configs());
            }
        }
        throw new IllegalArgumentException("'" + contract + "' is not one of the pipeline's topics");
    }
}
