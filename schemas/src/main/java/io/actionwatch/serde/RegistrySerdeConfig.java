package io.actionwatch.serde;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import io.actionwatch.config.ClientSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the registry-aware serdes, under Confluent's names so an existing Confluent client configuration
 * works as is. Unknown keys are ignored, so a whole producer, consumer or streams configuration can be passed in.
 */
public final class RegistrySerdeConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String RETRY_TIMEOUT_MS = "schema.registry.retry.timeout.ms";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    /** Values register under {@code <topic>-value} (Confluent's default). */
    public static final String TOPIC_NAME_STRATEGY = "TopicNameStrategy";
    /** Values register under the record's full name, whatever the topic (Confluent's RecordNameStrategy). */
    public static final String RECORD_NAME_STRATEGY = "RecordNameStrategy";
    public static final String SPECIFIC_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_VALUE_TYPE = "specific.avro.value.type";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.HIGH, "Root URL of a Confluent-compatible schema registry, e.g. "
                            + "http://127.0.0.1:8081 or Apicurio's http://127.0.0.1:8080/apis/ccompat/v7. One URL.")
            .define(AUTO_REGISTER_SCHEMAS, ConfigDef.Type.BOOLEAN, true, ConfigDef.Importance.MEDIUM,
                    "Register the writer's schema under <topic>-value (or -key) if it is not there yet; when false "
                            + "the schema must already be registered.")
            .define(RETRY_TIMEOUT_MS, ConfigDef.Type.LONG, SchemaRegistryClient.DEFAULT_RETRY_TIMEOUT.toMillis(),
                    ConfigDef.Range.atLeast(0), ConfigDef.Importance.LOW,
                    "How long a registry call keeps retrying while the registry is unreachable or answers 5xx.")
            .define(RETRY_BACKOFF_MS, ConfigDef.Type.LONG, SchemaRegistryClient.DEFAULT_INITIAL_BACKOFF.toMillis(),
                    ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
                    "First pause between registry retries; doubled after every failed attempt, capped at 5 s.")
            .define(BASIC_AUTH_USER_INFO, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.MEDIUM,
                    "Credentials for the registry's HTTP basic authentication, 'user:password'; unset for a registry "
                            + "without authentication. A password type: never printed with the configuration.")
            .define(TRUSTSTORE_LOCATION, ConfigDef.Type.STRING, null, ConfigDef.Importance.MEDIUM,
                    "PEM file of the CA certificates trusted for an https registry URL (the same file Kafka clients "
                            + "read with ssl.truststore.type=PEM); unset: the JDK's default trust.")
            .define(VALUE_SUBJECT_NAME_STRATEGY, ConfigDef.Type.STRING, TOPIC_NAME_STRATEGY,
                    ConfigDef.ValidString.in(TOPIC_NAME_STRATEGY, RECORD_NAME_STRATEGY), ConfigDef.Importance.LOW,
                    "Subject of a value's schema: TopicNameStrategy, <topic>-value; RecordNameStrategy, the record's "
                            + "full name, for writers of topics named at run time that carry a pipeline topic's "
                            + "contract (operator replays), so a secured deployment can register it in advance.")
            .define(SPECIFIC_KEY_TYPE, ConfigDef.Type.CLASS, null, ConfigDef.Importance.LOW,
                    "Generated Avro class a key deserializer created by class name reads into.")
            .define(SPECIFIC_VALUE_TYPE, ConfigDef.Type.CLASS, null, ConfigDef.Importance.LOW,
                    "Generated Avro class a value deserializer created by class name reads into.");

    public RegistrySerdeConfig(Map<String, ?> configs) {
        super(CONFIG_DEF, configs, false);
        if (url().contains(",")) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, url(), "only one registry URL is supported");
        }
    }

    /**
     * Defines this class's keys on the configuration of an application that takes the serdes' settings among its
     * own, so they are validated at start and documented as the serdes read them, while declared here only. The
     * registry URL takes the application's default ({@link ConfigDef#NO_DEFAULT_VALUE}: required).
     */
    public static ConfigDef defineOn(ConfigDef application, Object urlDefault) {
        for (ConfigDef.ConfigKey key : CONFIG_DEF.configKeys().values()) {
            application.define(key.name, key.type, key.name.equals(SCHEMA_REGISTRY_URL) ? urlDefault : key.defaultValue,
                    key.validator, key.importance, key.documentation);
        }
        return application;
    }

    /** The serdes' settings of an application configuration defined with {@link #defineOn}; unset ones left out. */
    public static Map<String, Object> settingsOf(AbstractConfig application) {
        Map<String, Object> settings = ClientSettings.select(application.values(), CONFIG_DEF.names());
        settings.values().removeIf(Objects::isNull);
        return settings;
    }

    public String url() {
        return getString(SCHEMA_REGISTRY_URL).trim();
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS);
    }

    /** Whether values register under their record's name rather than their topic's. */
    public boolean valueSubjectByRecordName() {
        return getString(VALUE_SUBJECT_NAME_STRATEGY).equals(RECORD_NAME_STRATEGY);
    }

    public Duration retryTimeout() {
        return Duration.ofMillis(getLong(RETRY_TIMEOUT_MS));
    }

    public Duration retryBackoff() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
    }

    /** The configured reader class for keys or values, or null. */
    public Class<?> specificType(boolean isKey) {
        return getClass(isKey ? SPECIFIC_KEY_TYPE : SPECIFIC_VALUE_TYPE);
    }

    /** A new client for the configured registry; the caller closes it. */
    public SchemaRegistryClient newClient() {
        return new SchemaRegistryClient(url(), retryTimeout(), retryBackoff(), access());
    }

    /** Credentials and trusted certificates for the registry, as configured. */
    public RegistryAccess access() {
        Password userInfo = getPassword(BASIC_AUTH_USER_INFO);
        String trust = getString(TRUSTSTORE_LOCATION);
        return new RegistryAccess(userInfo == null ? null : userInfo.value(),
                trust == null || trust.isBlank() ? null : Path.of(trust));
    }
}
