package io.actionwatch.sink.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.actionwatch.sink.alerting.AlertEvaluator;
import io.actionwatch.sink.alerting.AlertRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkConfigTest {

    @Test
    void consumerReadsCommittedAndNeverAutoCommits() {
        Map<String, Object> consumer = new SinkConfig(Map.of("bootstrap.servers", "h1:9092,h2:9092")).consumerProperties();

        assertThat(consumer)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("group.id", "actionwatch-sink")
                .containsEntry("bootstrap.servers", List.of("h1:9092", "h2:9092"))
                .containsEntry("auto.offset.reset", "earliest");
    }

    @Test
    void producerIsIdempotentWithAcksAll() {
        assertThat(new SinkConfig(Map.of()).producerProperties())
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all");
    }

    @Test
    void kafkaSettingsGoToTheClientTheyBelongTo() {
        SinkConfig config = new SinkConfig(Map.of(
                "max.poll.records", "50", "linger.ms", "7", "auto.offset.reset", "latest", "sink.print.events", "false"));

        assertThat(config.consumerProperties()).containsEntry("max.poll.records", "50")
                .containsEntry("auto.offset.reset", "latest").doesNotContainKeys("linger.ms", "sink.print.events");
        assertThat(config.producerProperties()).containsEntry("linger.ms", "7")
                .doesNotContainKeys("max.poll.records", "auto.offset.reset", "sink.print.events");
        assertThat(config.printEvents()).isFalse();
    }

    @Test
    void consumerAndProducerGetDistinctClientIds() {
        SinkConfig config = new SinkConfig(Map.of("client.id", "edge-7"));

        assertThat(config.consumerProperties().get("client.id")).isEqualTo("edge-7-events");
        assertThat(config.producerProperties().get("client.id")).isEqualTo("edge-7-alerts");
    }

    @Test
    void settingsTheGuaranteesRestOnCannotBeWeakened() {
        assertThatThrownBy(() -> new SinkConfig(Map.of("isolation.level", "read_uncommitted")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("isolation.level");
        assertThatThrownBy(() -> new SinkConfig(Map.of("enable.auto.commit", "true")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("enable.auto.commit");
        assertThatThrownBy(() -> new SinkConfig(Map.of("acks", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("acks");
        assertThatThrownBy(() -> new SinkConfig(Map.of("enable.idempotence", "false")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("enable.idempotence");
        assertThat(new SinkConfig(Map.of("isolation.level", "READ_COMMITTED", "acks", "-1")).consumerProperties())
                .containsEntry("isolation.level", "read_committed");
    }

    @Test
    void serdeSettingsAreHandedOn() {
        Map<String, Object> serde = new SinkConfig(Map.of(
                "schema.registry.url", "http://reg:8081/apis/ccompat/v7", "schema.registry.retry.timeout.ms", "5000"))
                .serdeProperties();

        assertThat(serde).containsEntry("schema.registry.url", "http://reg:8081/apis/ccompat/v7")
                .containsEntry("schema.registry.retry.timeout.ms", 5000L)
                .containsEntry("auto.register.schemas", true);
    }

    @Test
    void badRuleOrZoneFailsConstruction() {
        assertThatThrownBy(() -> new SinkConfig(Map.of("alert.rules", "fall", "alert.rule.fall.labels", "falling_down",
                "alert.rule.fall.min.score", "2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alert.rule.fall.min.score");
        assertThatThrownBy(() -> new SinkConfig(Map.of("sink.print.time.zone", "Mars/Olympus")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sink.print.time.zone");
        assertThat(new SinkConfig(Map.of("sink.print.time.zone", "UTC")).printTimeZone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void personIdleTimeoutDefaultsToTheEvaluatorsAndMustBePositive() {
        assertThat(new SinkConfig(Map.of()).personIdleTimeout()).isEqualTo(AlertEvaluator.DEFAULT_PERSON_IDLE_TIMEOUT);
        assertThat(new SinkConfig(Map.of("sink.alert.person.idle.timeout.ms", "45000")).personIdleTimeout())
                .isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> new SinkConfig(Map.of("sink.alert.person.idle.timeout.ms", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sink.alert.person.idle.timeout.ms");
    }

    @Test
    void classpathDefaultsCarryTheFallRule() {
        SinkConfig config = SinkConfig.load(Optional.empty(), Map.of(), Map.of());

        assertThat(config.alertRules()).containsExactly(
                new AlertRule("fall", Set.of("falling_down"), 0.6, Duration.ofSeconds(30), 2, 3));
        assertThat(config.inputTopic()).isEqualTo("actions.v1");
    }

    @Test
    void environmentReachesRulesItListsItselfAndOverridesWinOverEverything() {
        Map<String, String> env = new HashMap<>();
        env.put("ACTIONWATCH_ALERT_RULES", "fall,jump");
        env.put("ACTIONWATCH_ALERT_RULE_JUMP_LABELS", "jumping");
        env.put("ACTIONWATCH_ALERT_RULE_FALL_MIN_SCORE", "0.9");
        env.put("ACTIONWATCH_BOOTSTRAP_SERVERS", "from-env:9092");

        SinkConfig config = SinkConfig.load(Optional.empty(), env, Map.of("bootstrap.servers", "launcher:19092"));

        assertThat(config.alertRules()).extracting(AlertRule::name, AlertRule::minScore)
                .containsExactly(tuple("fall", 0.9), tuple("jump", 0.0));
        assertThat(config.consumerProperties()).containsEntry("bootstrap.servers", List.of("launcher:19092"));
    }

    @Test
    void ruleDeclaredInAFileTakesItsSettingsFromFileAndEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sink.properties");
        Files.writeString(file, "alert.rules=jump\nalert.rule.jump.labels=jumping\nalert.rule.jump.k=2\nalert.rule.jump.n=4\n");

        SinkConfig config = SinkConfig.load(Optional.of(file), Map.of("ACTIONWATCH_ALERT_RULE_JUMP_MIN_SCORE", "0.8"), Map.of());

        assertThat(config.alertRules()).containsExactly(new AlertRule("jump", Set.of("jumping"), 0.8, Duration.ZERO, 2, 4));
    }
}
