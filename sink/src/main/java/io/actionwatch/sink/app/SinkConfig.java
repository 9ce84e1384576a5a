package io.actionwatch.sink.app;

import io.actionwatch.serde.RegistrySerdeConfig;

import io.actionwatch.config.LayeredConfig;
import io.actionwatch.metrics.MetricsEndpoint;
import io.actionwatch.sink.alerting.AlertEvaluator;
import io.actionwatch.sink.alerting.AlertRule;
import io.actionwatch.sink.alerting.AlertRuleConfig;
import io.actionwatch.sink.delivery.DeliveryErrorKind;
import io.actionwatch.sink.delivery.WebhookConfig;
import io.actionwatch.sink.delivery.WebhookSettings;
import io.actionwatch.topics.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The sink's settings: its own (declared below), the serde's registry settings, the alert rules, and any Kafka
 * consumer or producer setting, which is handed to the client it belongs to. A few client settings are not
 * negotiable because the sink's guarantees rest on them; configuring them otherwise is an error, not a silent change.
 */
public final class SinkConfig extends AbstractConfig {

    /** Classpath resource holding the defaults. */
    public static final String DEFAULTS_RESOURCE = "sink.properties";
    public static final String ENV_PREFIX = "ACTIONWATCH_";

    public static final String BOOTSTRAP_SERVERS = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    public static final String GROUP_ID = ConsumerConfig.GROUP_ID_CONFIG;
    public static final String DEFAULT_GROUP_ID = "actionwatch-sink";
    private static final String DEFAULT_REGISTRY_URL = "http://127.0.0.1:8081/apis/ccompat/v7";

    public static final String INPUT_TOPIC = "sink.input.topic";
    public static final String POLL_TIMEOUT_MS = "sink.poll.timeout.ms";
    public static final String CLOSE_TIMEOUT_MS = "sink.close.timeout.ms";
    public static final String REMEMBERED_IDS_PER_CAMERA = "sink.remembered.event.ids.per.camera";
    public static final String PERSON_IDLE_TIMEOUT_MS = "sink.alert.person.idle.timeout.ms";
    public static final String PRINT_EVENTS = "sink.print.events";
    public static final String PRINT_ALERTS = "sink.print.alerts";
    public static final String PRINT_TIME_ZONE = "sink.print.time.zone";
    /** Under sink.webhooks., not sink.webhook.: that prefix is each webhook's, and a webhook may be named "close". */
    public static final String WEBHOOKS_CLOSE_TIMEOUT_MS = "sink.webhooks.close.timeout.ms";
    public static final String METRICS_PORT = "metrics.port";

    /** The sink's settings and the registry serdes' (RegistrySerdeConfig), with a local registry by default. */
    private static final ConfigDef DEFINITION = RegistrySerdeConfig.defineOn(new ConfigDef(), DEFAULT_REGISTRY_URL)
            .define(BOOTSTRAP_SERVERS, Type.LIST, "127.0.0.1:9092", Importance.HIGH,
                    CommonClientConfigs.BOOTSTRAP_SERVERS_DOC)
            .define(GROUP_ID, Type.STRING, DEFAULT_GROUP_ID, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Consumer group of the sink; also names the application in dead letters.")
            .define(INPUT_TOPIC, Type.STRING, Topics.ACTIONS, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of action events to read.")
            .define(POLL_TIMEOUT_MS, Type.LONG, 500L, ConfigDef.Range.atLeast(1L), Importance.LOW,
                    "Longest wait of one consumer poll.")
            .define(CLOSE_TIMEOUT_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(0L), Importance.LOW,
                    "How long close() waits for the poll loop to finish its batch and stop.")
            .define(REMEMBERED_IDS_PER_CAMERA, Type.INT, AlertEvaluator.DEFAULT_REMEMBERED_IDS_PER_CAMERA,
                    ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Recent event ids remembered per camera to ignore redelivered events.")
            .define(PERSON_IDLE_TIMEOUT_MS, Type.LONG, AlertEvaluator.DEFAULT_PERSON_IDLE_TIMEOUT.toMillis(),
                    ConfigDef.Range.atLeast(1L), Importance.LOW,
                    "Event time a tracked person may go without events before the alert rules forget them (windows, "
                            + "cooldowns), counted on top of the longest rule cooldown so that none is cut short; also how "
                            + "late a person's event may arrive and still meet their state.")
            .define(PRINT_EVENTS, Type.BOOLEAN, true, Importance.MEDIUM, "Print one line per action event.")
            .define(PRINT_ALERTS, Type.BOOLEAN, true, Importance.MEDIUM, "Print one line per alert raised.")
            .define(PRINT_TIME_ZONE, Type.STRING, "", SinkConfig::validateZone, Importance.LOW,
                    "Time zone of printed clip times; empty for the JVM default.")
            .define(METRICS_PORT, Type.INT, 0, ConfigDef.Range.between(MetricsEndpoint.OFF, 65535), Importance.LOW,
                    "Port of the Prometheus endpoint (/metrics); 0 takes a free port (logged at start), -1 serves "
                            + "nothing.")
            .define(AlertRuleConfig.RULES, Type.LIST, "", Importance.HIGH, AlertRuleConfig.RULES_DOC)
            .define(WebhookConfig.WEBHOOKS, Type.LIST, "", Importance.HIGH, WebhookConfig.WEBHOOKS_DOC)
            .define(WEBHOOKS_CLOSE_TIMEOUT_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(0L), Importance.LOW,
                    "On stop, how long alerts still queued for webhooks are delivered before the rest is "
                            + "dead-lettered (" + DeliveryErrorKind.WEBHOOK_NOT_DELIVERED_AT_SHUTDOWN + "); keep it below "
                            + CLOSE_TIMEOUT_MS + ".");

    /** Client settings the sink owns: its delivery guarantees depend on them. */
    private static final Set<String> OWNED_CLIENT_KEYS = Set.of(
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            CommonClientConfigs.CLIENT_ID_CONFIG);

    private final List<AlertRule> alertRules;
    private final Map<String, WebhookSettings> webhooks;

    public SinkConfig(Map<?, ?> props) {
        super(DEFINITION, props, false);
        this.alertRules = AlertRuleConfig.parse(originals());
        this.webhooks = WebhookConfig.parse(originals());
        for (AlertRule rule : alertRules) {
            for (String webhook : rule.webhooks()) {
                if (!webhooks.containsKey(webhook)) {
                    throw new ConfigException(AlertRuleConfig.RULE_PREFIX + rule.name() + "." + AlertRuleConfig.WEBHOOKS,
                            String.join(",", rule.webhooks()), "webhook '" + webhook + "' is not listed in "
                                    + WebhookConfig.WEBHOOKS + " " + webhooks.keySet());
                }
            }
        }
        requireValue(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                "the sink must only see action events of committed transactions");
        requireValue(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                "the sink commits offsets itself, after alerts and dead letters are acknowledged");
        requireValue(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", "alerts must not be duplicated by producer retries");
        String acks = String.valueOf(originals().getOrDefault(ProducerConfig.ACKS_CONFIG, "all"));
        if (!acks.equals("all") && !acks.equals("-1")) {
            throw new ConfigException(ProducerConfig.ACKS_CONFIG, acks, "the sink's producer needs acks=all");
        }
    }

    /** The settings declared by the sink, for documentation and for layered loading. */
    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    /**
     * Loads the layers: classpath {@value #DEFAULTS_RESOURCE} &lt; optional properties file &lt; environment
     * ({@value #ENV_PREFIX}...) &lt; {@code overrides} (what a launcher knows for certain, e.g. the address of the
     * broker it started).
     */
    public static SinkConfig load(Optional<Path> file, Map<String, String> env, Map<String, ?> overrides) {
        // Rule keys depend on which rules are listed, which any layer may change, so the layers are read twice: first
        // to learn the rule names (without the environment's rule settings, which cannot be known yet), then knowing
        // every key of every listed rule, so that e.g. ACTIONWATCH_ALERT_RULE_FALL_MIN_SCORE reaches rule "fall".
        // Webhook keys (sink.webhook.<name>.x) are handled the same way.
        Set<String> known = baseKeys();
        known.addAll(ruleKeysIn(file));
        String ruleVariables = LayeredConfig.envVariable(ENV_PREFIX, AlertRuleConfig.RULE_PREFIX);
        String webhookVariables = LayeredConfig.envVariable(ENV_PREFIX, WebhookConfig.WEBHOOK_PREFIX);
        Map<String, String> envWithoutRuleSettings = new HashMap<>(env);
        envWithoutRuleSettings.keySet().removeIf(variable -> variable.startsWith(ruleVariables)
                || variable.startsWith(webhookVariables));
        Map<String, Object> first = merge(
                LayeredConfig.load(DEFAULTS_RESOURCE, file, envWithoutRuleSettings, ENV_PREFIX, known), overrides);
        for (String rule : AlertRuleConfig.ruleNames(first)) {
            known.addAll(AlertRuleConfig.keysOf(rule));
        }
        for (String webhook : WebhookConfig.webhookNames(first)) {
            known.addAll(WebhookConfig.keysOf(webhook));
        }
        return new SinkConfig(merge(LayeredConfig.load(DEFAULTS_RESOURCE, file, env, ENV_PREFIX, known), overrides));
    }

    /** Rule and webhook settings written in the file are known keys, whether or not their rule is listed (that is checked later). */
    private static Set<String> ruleKeysIn(Optional<Path> file) {
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            return Set.of(); // a missing file is reported by LayeredConfig
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file " + file.get().toAbsolutePath() + ": " + e.getMessage());
        }
        Set<String> keys = new HashSet<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith(AlertRuleConfig.RULE_PREFIX) || key.startsWith(WebhookConfig.WEBHOOK_PREFIX)) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static Set<String> baseKeys() {
        Set<String> keys = new HashSet<>(DEFINITION.names());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(ProducerConfig.configNames());
        return keys;
    }

    private static Map<String, Object> merge(Properties layered, Map<String, ?> overrides) {
        Map<String, Object> merged = new HashMap<>();
        layered.stringPropertyNames().forEach(key -> merged.put(key, layered.getProperty(key)));
        merged.putAll(overrides);
        return merged;
    }

    public List<AlertRule> alertRules() {
        return alertRules;
    }

    /** The configured webhooks by name, in listed order. */
    public Map<String, WebhookSettings> webhooks() {
        return webhooks;
    }

    public Duration webhooksCloseTimeout() {
        return Duration.ofMillis(getLong(WEBHOOKS_CLOSE_TIMEOUT_MS));
    }

    public String inputTopic() {
        return getString(INPUT_TOPIC);
    }

    public String groupId() {
        return getString(GROUP_ID);
    }

    public int metricsPort() {
        return getInt(METRICS_PORT);
    }

    public Duration pollTimeout() {
        return Duration.ofMillis(getLong(POLL_TIMEOUT_MS));
    }

    public Duration closeTimeout() {
        return Duration.ofMillis(getLong(CLOSE_TIMEOUT_MS));
    }

    public int rememberedIdsPerCamera() {
        return getInt(REMEMBERED_IDS_PER_CAMERA);
    }

    public Duration personIdleTimeout() {
        return Duration.ofMillis(getLong(PERSON_IDLE_TIMEOUT_MS));
    }

    public boolean printEvents() {
        return getBoolean(PRINT_EVENTS);
    }

    public boolean printAlerts() {
        return getBoolean(PRINT_ALERTS);
    }

    public ZoneId printTimeZone() {
        String zone = getString(PRINT_TIME_ZONE);
        return zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone.trim());
    }

    /** Settings for the registry-aware serdes. */
    public Map<String, Object> serdeProperties() {
        return RegistrySerdeConfig.settingsOf(this);
    }

    /** Settings of the consumer of action events (byte[] key and value: the sink deserializes them itself). */
    public Map<String, Object> consumerProperties() {
        Map<String, Object> props = clientProperties(ConsumerConfig.configNames());
        props.put(GROUP_ID, groupId());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdBase() + "-events");
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Action events are written by a Kafka Streams application with exactly_once_v2: a task that fails mid-way
        // leaves records of aborted transactions in the log. read_committed hides them (and holds back records of
        // open transactions), so the sink never prints or alerts on an event that was rolled back and re-emitted.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Offsets are committed by the poll loop only once the batch's alerts and dead letters are acknowledged.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    /** Settings of the producer of alerts and dead letters (byte[] key and value: serialized by the sink). */
    public Map<String, Object> producerProperties() {
        Map<String, Object> props = clientProperties(ProducerConfig.configNames());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdBase() + "-alerts");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private Map<String, Object> clientProperties(Set<String> clientKeys) {
        Map<String, Object> props = new HashMap<>();
        originals().forEach((key, value) -> {
            if (clientKeys.contains(key) && !OWNED_CLIENT_KEYS.contains(key)) {
                props.put(key, value);
            }
        });
        props.put(BOOTSTRAP_SERVERS, getList(BOOTSTRAP_SERVERS));
        return props;
    }

    private String clientIdBase() {
        // Consumer and producer get distinct ids so their metrics do not collide.
        Object configured = originals().get(CommonClientConfigs.CLIENT_ID_CONFIG);
        return configured == null || configured.toString().isBlank() ? groupId() : configured.toString();
    }

    private void requireValue(String key, String required, String why) {
        Object configured = originals().get(key);
        if (configured != null && !String.valueOf(configured).trim().equalsIgnoreCase(required)) {
            throw new ConfigException(key, configured, "must be " + required + ": " + why);
        }
    }

    private static void validateZone(String key, Object value) {
        String zone = value == null ? "" : value.toString().trim();
        if (zone.isEmpty()) {
            return;
        }
        try {
            ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw new ConfigException(key, value, "not a time zone id (e.g. UTC, Europe/Berlin): " + e.getMessage());
        }
    }
}
