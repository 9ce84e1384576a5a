package io.actionwatch.sink.delivery;

import io.actionwatch.sink.alerting.AlertRule;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Reads webhooks from flat configuration:
 * <pre>
 * sink.webhooks=ops,pager
 * sink.webhook.ops.url=https://ops.example.com/hooks/actionwatch
 * sink.webhook.ops.max.attempts=5
 * </pre>
 * and per webhook {@code .connect.timeout.ms}, {@code .request.timeout.ms}, {@code .backoff.initial.ms},
 * {@code .backoff.max.ms}, {@code .queue.capacity} (all with defaults; only the url is required). Rules choose their
 * webhooks with {@code alert.rule.<name>.webhooks}. Every mistake in a listed webhook is a {@link ConfigException}
 * naming the full key.
 */
public final class WebhookConfig {

    public static final String WEBHOOKS = "sink.webhooks";
    public static final String WEBHOOKS_DOC = "Names of the webhooks alerts may be POSTed to, comma separated; each is "
            + "configured by sink.webhook.<name>.url (required), .connect.timeout.ms, .request.timeout.ms, .max.attempts, "
            + ".backoff.initial.ms, .backoff.max.ms and .queue.capacity. A rule sends its alerts to the webhooks named in "
            + "alert.rule.<rule>.webhooks. Empty: alerts go to alerts.v1 only.";
    public static final String WEBHOOK_PREFIX = "sink.webhook.";

    public static final String URL = "url";
    public static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String MAX_ATTEMPTS = "max.attempts";
    public static final String BACKOFF_INITIAL_MS = "backoff.initial.ms";
    public static final String BACKOFF_MAX_MS = "backoff.max.ms";
    public static final String QUEUE_CAPACITY = "queue.capacity";

    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 2_000L;
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 5_000L;
    /** Five attempts 0.5, 1, 2 and 4 s apart ride out a receiver's restart of several seconds. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final long DEFAULT_BACKOFF_INITIAL_MS = 500L;
    public static final long DEFAULT_BACKOFF_MAX_MS = 10_000L;
    /** Alerts are rare (a rule's cooldown holds back repeats); a thousand waiting means the receiver is down. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1_000;

    private static final List<String> SETTINGS = List.of(URL, CONNECT_TIMEOUT_MS, REQUEST_TIMEOUT_MS, MAX_ATTEMPTS,
            BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, QUEUE_CAPACITY);

    private WebhookConfig() {
    }

    /** The full config keys of one webhook, e.g. for declaring them to a layered config loader. */
    public static Set<String> keysOf(String webhookName) {
        Set<String> keys = new LinkedHashSet<>();
        for (String setting : SETTINGS) {
            keys.add(WEBHOOK_PREFIX + webhookName + "." + setting);
        }
        return keys;
    }

    /** The webhook names listed under {@value #WEBHOOKS}, validated (pattern, no duplicates). */
    public static List<String> webhookNames(Map<String, ?> props) {
        Object raw = props.get(WEBHOOKS);
        List<?> listed = raw == null ? List.of() : (List<?>) ConfigDef.parseType(WEBHOOKS, raw, ConfigDef.Type.LIST);
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Object item : listed) {
            String name = String.valueOf(item).trim();
            if (!AlertRule.NAME_PATTERN.matcher(name).matches()) {
                throw new ConfigException(WEBHOOKS, raw, "webhook name '" + name + "' must match "
                        + AlertRule.NAME_PATTERN.pattern() + " (it becomes part of config keys)");
            }
            if (!seen.add(name)) {
                throw new ConfigException(WEBHOOKS, raw, "webhook '" + name + "' is listed twice");
            }
            names.add(name);
        }
        return names;
    }

    /** Parses every webhook listed under {@value #WEBHOOKS}, by name in listed order. */
    public static Map<String, WebhookSettings> parse(Map<String, ?> props) {
        Map<String, WebhookSettings> webhooks = new LinkedHashMap<>();
        for (String name : webhookNames(props)) {
            webhooks.put(name, parseWebhook(name, props));
        }
        return webhooks;
    }

    private static WebhookSettings parseWebhook(String name, Map<String, ?> props) {
        String prefix = WEBHOOK_PREFIX + name + ".";
        ConfigDef def = definitionOf(name);
        Map<String, Object> own = new TreeMap<>();
        for (Map.Entry<String, ?> entry : props.entrySet()) {
            if (entry.getKey().startsWith(prefix)) {
                if (!def.names().contains(entry.getKey())) {
                    throw new ConfigException(entry.getKey(), entry.getValue(), "unknown setting for webhook '" + name
                            + "'; known settings are " + prefix + "{" + String.join(", ", SETTINGS) + "}");
                }
                own.put(entry.getKey(), entry.getValue());
            }
        }
        Map<String, Object> values = def.parse(own);
        long initialBackoff = (Long) values.get(prefix + BACKOFF_INITIAL_MS);
        long maxBackoff = (Long) values.get(prefix + BACKOFF_MAX_MS);
        if (maxBackoff < initialBackoff) {
            throw new ConfigException(prefix + BACKOFF_MAX_MS, maxBackoff,
                    "must not be less than " + prefix + BACKOFF_INITIAL_MS + " (" + initialBackoff + ")");
        }
        return new WebhookSettings(name, URI.create(((String) values.get(prefix + URL)).trim()),
                Duration.ofMillis((Long) values.get(prefix + CONNECT_TIMEOUT_MS)),
                Duration.ofMillis((Long) values.get(prefix + REQUEST_TIMEOUT_MS)),
                (Integer) values.get(prefix + MAX_ATTEMPTS),
                Duration.ofMillis(initialBackoff), Duration.ofMillis(maxBackoff),
                (Integer) values.get(prefix + QUEUE_CAPACITY));
    }

    private static ConfigDef definitionOf(String name) {
        String prefix = WEBHOOK_PREFIX + name + ".";
        return new ConfigDef()
                .define(prefix + URL, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, WebhookConfig::validateUrl,
                        ConfigDef.Importance.HIGH, "http(s) URL that webhook " + name + " POSTs alerts to.")
                .define(prefix + CONNECT_TIMEOUT_MS, ConfigDef.Type.LONG, DEFAULT_CONNECT_TIMEOUT_MS,
                        ConfigDef.Range.atLeast(1L), ConfigDef.Importance.LOW, "Longest wait for a connection.")
                .define(prefix + REQUEST_TIMEOUT_MS, ConfigDef.Type.LONG, DEFAULT_REQUEST_TIMEOUT_MS,
                        ConfigDef.Range.atLeast(1L), ConfigDef.Importance.LOW, "Longest wait for the answer of one attempt.")
                .define(prefix + MAX_ATTEMPTS, ConfigDef.Type.INT, DEFAULT_MAX_ATTEMPTS, ConfigDef.Range.between(1, 100),
                        ConfigDef.Importance.MEDIUM, "Attempts per alert, the first included, before it is dead-lettered.")
                .define(prefix + BACKOFF_INITIAL_MS, ConfigDef.Type.LONG, DEFAULT_BACKOFF_INITIAL_MS,
                        ConfigDef.Range.atLeast(1L), ConfigDef.Importance.LOW,
                        "Pause before the first retry; each further pause doubles up to " + prefix + BACKOFF_MAX_MS + ".")
                .define(prefix + BACKOFF_MAX_MS, ConfigDef.Type.LONG, DEFAULT_BACKOFF_MAX_MS,
                        ConfigDef.Range.atLeast(1L), ConfigDef.Importance.LOW, "Longest pause between attempts.")
                .define(prefix + QUEUE_CAPACITY, ConfigDef.Type.INT, DEFAULT_QUEUE_CAPACITY, ConfigDef.Range.atLeast(1),
                        ConfigDef.Importance.LOW, "Alerts waiting for this webhook at most; beyond it an alert is "
                                + "dead-lettered at once (" + DeliveryErrorKind.WEBHOOK_QUEUE_FULL + ").");
    }

    private static void validateUrl(String key, Object value) {
        String text = value == null ? "" : value.toString().trim();
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(key, value, "not a URL: " + e.getMessage());
        }
        if (!("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme())) || url.getHost() == null) {
            throw new ConfigException(key, value, "must be an absolute http or https URL with a host");
        }
    }
}
