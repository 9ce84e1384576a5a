package io.actionwatch.security;

import io.actionwatch.topics.Topics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What each {@link Role} may do on the broker, as ACLs: everything not listed is denied (the broker runs Kafka's
 * StandardAuthorizer without allow-if-no-ACL). Built from the ids the roles use, like the topology is built from its
 * topics, so a deployment with other ids gets a policy that fits it.
 *
 * @param inferenceApplicationId the stream application's id: its group, the prefix of its internal topics and of
 *                               its transactional ids
 * @param sinkGroupId            the sink's consumer group
 * @param replayApplicationPrefix prefix of every replay's application id (group, internal topics, transactions)
 * @param replayTopicPrefix      prefix of the topics replays write
 */
public record AccessPolicy(String inferenceApplicationId, String sinkGroupId, String replayApplicationPrefix,
                           String replayTopicPrefix) {

    private static final String ANY_HOST = "*";

    /** Every role's ACLs. */
    public Map<Role, List<AclBinding>> bindings() {
        Map<Role, List<AclBinding>> all = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            all.put(role, bindings(role));
        }
        return all;
    }

    /** The ACLs of one role. */
    public List<AclBinding> bindings(Role role) {
        Grants grants = new Grants(role);
        switch (role) {
            case CAMERA -> grants.topic(Topics.FRAMES, AclOperation.WRITE, AclOperation.DESCRIBE);
            case INFERENCE -> {
                grants.topic(Topics.FRAMES, AclOperation.READ, AclOperation.DESCRIBE);
                grants.topic(Topics.ACTIONS, AclOperation.WRITE, AclOperation.DESCRIBE);
                grants.topic(Topics.DEAD_LETTERS, AclOperation.WRITE, AclOperation.DESCRIBE);
                grants.applicationOwned(inferenceApplicationId, PatternType.LITERAL);
            }
            case SINK -> {
                grants.topic(Topics.ACTIONS, AclOperation.READ, AclOperation.DESCRIBE);
                grants.topic(Topics.ALERTS, AclOperation.WRITE, AclOperation.DESCRIBE);
                grants.topic(Topics.DEAD_LETTERS, AclOperation.WRITE, AclOperation.DESCRIBE);
                grants.add(ResourceType.GROUP, sinkGroupId, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
            }
            case OPERATOR -> {
                // Read everything, and see every group's offsets (the dashboard's lag, replay progress).
                grants.add(ResourceType.TOPIC, ResourcePattern.WILDCARD_RESOURCE, PatternType.LITERAL,
                        AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
                grants.add(ResourceType.GROUP, ResourcePattern.WILDCARD_RESOURCE, PatternType.LITERAL,
                        AclOperation.DESCRIBE);
                // Replays: own application ids and output topics, created and removed by the replay itself.
                grants.applicationOwned(replayApplicationPrefix, PatternType.PREFIXED);
                grants.add(ResourceType.TOPIC, replayTopicPrefix, PatternType.PREFIXED, AclOperation.CREATE,
                        AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
            }
            case ADMIN -> {
                grants.add(ResourceType.CLUSTER, Resource.CLUSTER_NAME, PatternType.LITERAL,
                        AclOperation.CREATE, AclOperation.DESCRIBE);
                grants.add(ResourceType.TOPIC, ResourcePattern.WILDCARD_RESOURCE, PatternType.LITERAL,
                        AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS,
                        AclOperation.ALTER_CONFIGS);
            }
            default -> throw new IllegalStateException("no access rules for role " + role);
        }
        return List.copyOf(grants.bindings);
    }

    /** The principal string of a role, as the broker names an authenticated SCRAM user. */
    public static String principal(Role role) {
        return "User:" + role.user();
    }

    private static final class Grants {
        private final String principal;
        private final List<AclBinding> bindings = new ArrayList<>();

        Grants(Role role) {
            this.principal = principal(role);
        }

        void topic(String topic, AclOperation... operations) {
            add(ResourceType.TOPIC, topic, PatternType.LITERAL, operations);
        }

        /**
         * What a Kafka Streams application needs under its id: its consumer group, its internal topics
         * ({@code <id>-...-changelog}, {@code -repartition}, created and deleted by it) and its transactional ids
         * (exactly-once), all named after the application id.
         */
        void applicationOwned(String applicationId, PatternType groupPattern) {
            add(ResourceType.GROUP, applicationId, groupPattern, AclOperation.READ, AclOperation.DESCRIBE,
                    AclOperation.DELETE);
            add(ResourceType.TOPIC, applicationId, PatternType.PREFIXED, AclOperation.ALL);
            add(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, AclOperation.WRITE,
                    AclOperation.DESCRIBE);
        }

        void add(ResourceType type, String name, PatternType pattern, AclOperation... operations) {
            ResourcePattern resource = new ResourcePattern(type, name, pattern);
            for (AclOperation operation : operations) {
                bindings.add(new AclBinding(resource,
                        new AccessControlEntry(principal, ANY_HOST, operation, AclPermissionType.ALLOW)));
            }
        }
    }
}
