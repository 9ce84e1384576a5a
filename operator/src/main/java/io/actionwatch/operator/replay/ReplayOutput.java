package io.actionwatch.operator.replay;

import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.operator.topics.TopicContracts;
import io.actionwatch.topics.TopicProvisioner;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topic a replay writes its events to: the operator's, or {@link ReplayNames#defaultOutputTopic}; created with
 * the contracts of {@link Topics#ACTIONS} ({@link TopicContracts}), with the frames topic's partition count
 * and replication ({@link Topics#all} gives every pipeline topic the same), so a camera's events stay in order. The live actions topic only when asked for explicitly; the pipeline's other topics never.
 */
final class ReplayOutput {

    private static final Set<String> NEVER = Set.of(Topics.FRAMES, Topics.DEAD_LETTERS, Topics.ALERTS);

    private ReplayOutput() {
    }

    /**
     * @param requested       {@code --output-topic}, or null for the model's default
     * @param intoLiveActions whether the operator explicitly allowed {@link Topics#ACTIONS}
     * @throws IllegalArgumentException for a pipeline topic, or actions.v1 without the explicit permission
     */
    static String choose(String requested, ModelCard card, boolean intoLiveActions) {
        String topic = requested == null ? ReplayNames.defaultOutputTopic(card) : requested.trim();
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("--output-topic must not be empty");
        }
        if (NEVER.contains(topic)) {
            throw new IllegalArgumentException("--output-topic " + topic + " is one of the pipeline's own topics; "
                    + "a replay writes action events only");
        }
        if (topic.equals(Topics.ACTIONS) && !intoLiveActions) {
            throw new IllegalArgumentException("--output-topic " + Topics.ACTIONS + " is the live events topic: "
                    + "alerts and consumers would see the replay's events as new; add --into-live-actions to mean it");
        }
        return topic;
    }

    /** Creates the topic unless it exists (an existing one with fewer partitions than frames has is refused). */
    static void ensure(Admin admin, String topic, String framesTopic, Duration timeout) {
        if (topic.equals(Topics.ACTIONS)) {
            return;
        }
        Map<String, TopicDescription> described = AdminCalls.await(admin.describeTopics(List.of(framesTopic))
                .allTopicNames(), timeout, "describe " + framesTopic);
        TopicDescription frames = described.get(framesTopic);
        int partitions = frames.partitions().size();
        short replication = (short) frames.partitions().get(0).replicas().size();
        new TopicProvisioner(admin, timeout).provision(List.of(
                TopicContracts.like(Topics.ACTIONS, topic, partitions, replication)));
    }
}
