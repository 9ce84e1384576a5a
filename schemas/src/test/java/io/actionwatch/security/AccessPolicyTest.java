package io.actionwatch.security;

import io.actionwatch.topics.Topics;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessPolicyTest {

    private final AccessPolicy policy = new AccessPolicy("app", "sink-group", "replay-", "actions.replay.");

    @Test
    void theCameraOnlyWritesFrames() {
        assertThat(policy.bindings(Role.CAMERA)).allSatisfy(binding -> {
            assertThat(binding.pattern().resourceType()).isEqualTo(ResourceType.TOPIC);
            assertThat(binding.pattern().name()).isEqualTo(Topics.FRAMES);
            assertThat(binding.pattern().patternType()).isEqualTo(PatternType.LITERAL);
        });
        assertThat(operations(policy.bindings(Role.CAMERA))).containsExactlyInAnyOrder(AclOperation.WRITE,
                AclOperation.DESCRIBE);
    }

    @Test
    void servicesReadOnlyTheirInputsAndWriteOnlyTheirOutputs() {
        assertThat(topicsWith(Role.INFERENCE, AclOperation.READ)).containsExactly(Topics.FRAMES);
        assertThat(topicsWith(Role.INFERENCE, AclOperation.WRITE)).containsExactlyInAnyOrder(Topics.ACTIONS,
                Topics.DEAD_LETTERS);
        assertThat(topicsWith(Role.SINK, AclOperation.READ)).containsExactly(Topics.ACTIONS);
        assertThat(topicsWith(Role.SINK, AclOperation.WRITE)).containsExactlyInAnyOrder(Topics.ALERTS,
                Topics.DEAD_LETTERS);
        assertThat(topicsWith(Role.OPERATOR, AclOperation.WRITE)).isEmpty();
        assertThat(topicsWith(Role.ADMIN, AclOperation.READ)).isEmpty();
        assertThat(topicsWith(Role.ADMIN, AclOperation.WRITE)).isEmpty();
    }

    @Test
    void everyBindingAllowsOneRolesPrincipalOnAnyHost() {
        policy.bindings().forEach((role, bindings) -> assertThat(bindings).isNotEmpty().allSatisfy(binding -> {
            assertThat(binding.entry().principal()).isEqualTo("User:" + role.user());
            assertThat(binding.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(binding.entry().host()).isEqualTo("*");
        }));
    }

    /** Literal topic names on which the role has {@code operation} (ALL included). */
    private Set<String> topicsWith(Role role, AclOperation operation) {
        return policy.bindings(role).stream()
                .filter(binding -> binding.pattern().resourceType() == ResourceType.TOPIC)
                .filter(binding -> binding.pattern().patternType() == PatternType.LITERAL)
                .filter(binding -> binding.entry().operation() == operation
                        || binding.entry().operation() == AclOperation.ALL)
                .map(binding -> binding.pattern().name())
                .collect(Collectors.toSet());
    }

    private static List<AclOperation> operations(List<AclBinding> bindings) {
        return bindings.stream().map(binding -> binding.entry().operation()).toList();
    }
}
