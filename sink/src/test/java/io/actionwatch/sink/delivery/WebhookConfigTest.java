package io.actionwatch.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actionwatch.sink.app.SinkConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class WebhookConfigTest {

    @Test
    void parsesListedWebhooksWithDefaults() {
        Map<String, WebhookSettings> webhooks = WebhookConfig.parse(Map.of(
                "sink.webhooks", "ops, pager",
                "sink.webhook.ops.url", "https://ops.example.com/hook",
                "sink.webhook.ops.max.attempts", "3",
                "sink.webhook.ops.backoff.initial.ms", "200",
                "sink.webhook.pager.url", "http://pager.local:8080/in",
                "sink.webhook.unlisted.url", "http://ignored/"));

        assertThat(webhooks.keySet()).containsExactly("ops", "pager");
        assertThat(webhooks.get("ops")).isEqualTo(new WebhookSettings("ops", URI.create("https://ops.example.com/hook"),
                Duration.ofMillis(WebhookConfig.DEFAULT_CONNECT_TIMEOUT_MS),
                Duration.ofMillis(WebhookConfig.DEFAULT_REQUEST_TIMEOUT_MS), 3, Duration.ofMillis(200),
                Duration.ofMillis(WebhookConfig.DEFAULT_BACKOFF_MAX_MS), WebhookConfig.DEFAULT_QUEUE_CAPACITY));
        assertThat(webhooks.get("pager").maxAttempts()).isEqualTo(WebhookConfig.DEFAULT_MAX_ATTEMPTS);
    }

    @Test
    void namesTheKeyOfEveryMistake() {
        assertThatThrownBy(() -> WebhookConfig.parse(Map.of("sink.webhooks", "ops")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sink.webhook.ops.url");
        assertThatThrownBy(() -> WebhookConfig.parse(Map.of("sink.webhooks", "ops", "sink.webhook.ops.url", "ops.example.com")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sink.webhook.ops.url");
        assertThatThrownBy(() -> WebhookConfig.parse(Map.of("sink.webhooks", "ops",
                "sink.webhook.ops.url", "http://h/", "sink.webhook.ops.retries", "3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sink.webhook.ops.retries");
        assertThatThrownBy(() -> WebhookConfig.parse(Map.of("sink.webhooks", "ops",
                "sink.webhook.ops.url", "http://h/", "sink.webhook.ops.max.attempts", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sink.webhook.ops.max.attempts");
        assertThatThrownBy(() -> WebhookConfig.parse(Map.of("sink.webhooks", "ops",
                "sink.webhook.ops.url", "http://h/", "sink.webhook.ops.backoff.initial.ms", "5000",
                "sink.webhook.ops.backoff.max.ms", "1000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sink.webhook.ops.backoff.max.ms");
        assertThatThrownBy(() -> WebhookConfig.parse(Map.of("sink.webhooks", "ops,ops")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> WebhookConfig.parse(Map.of("sink.webhooks", "o.ps")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("o.ps");
    }

    @Test
    void rulesChooseTheirWebhooksAmongThoseConfigured() {
        SinkConfig config = new SinkConfig(Map.of(
                "alert.rules", "fall",
                "alert.rule.fall.labels", "falling_down",
                "alert.rule.fall.webhooks", "ops",
                "sink.webhooks", "ops",
                "sink.webhook.ops.url", "http://ops.local/hook"));
        assertThat(config.alertRules().get(0).webhooks()).containsExactly("ops");
        assertThat(config.webhooks()).containsOnlyKeys("ops");

        assertThatThrownBy(() -> new SinkConfig(Map.of(
                "alert.rules", "fall",
                "alert.rule.fall.labels", "falling_down",
                "alert.rule.fall.webhooks", "pager")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alert.rule.fall.webhooks").hasMessageContaining("pager");
        assertThatThrownBy(() -> new SinkConfig(Map.of(
                "alert.rules", "fall",
                "alert.rule.fall.labels", "falling_down",
                "alert.rule.fall.webhooks", "ops,ops")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("twice");
    }

    @Test
    void webhookSettingsComeFromTheEnvironmentToo() {
        SinkConfig config = SinkConfig.load(Optional.empty(), Map.of(
                "ACTIONWATCH_SINK_WEBHOOKS", "ops",
                "ACTIONWATCH_SINK_WEBHOOK_OPS_URL", "http://ops.local/hook",
                "ACTIONWATCH_SINK_WEBHOOK_OPS_MAX_ATTEMPTS", "2",
                "ACTIONWATCH_ALERT_RULE_FALL_WEBHOOKS", "ops"), Map.of());

        assertThat(config.webhooks().get("ops").url()).isEqualTo(URI.create("http://ops.local/hook"));
        assertThat(config.webhooks().get("ops").maxAttempts()).isEqualTo(2);
        assertThat(config.alertRules().get(0).webhooks()).isEqualTo(List.of("ops"));
        assertThat(config.webhooksCloseTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void noWebhooksByDefault() {
        SinkConfig config = SinkConfig.load(Optional.empty(), Map.of(), Map.of());
        assertThat(config.webhooks()).isEmpty();
        assertThat(config.alertRules()).allSatisfy(rule -> assertThat(rule.webhooks()).isEmpty());
    }
}
