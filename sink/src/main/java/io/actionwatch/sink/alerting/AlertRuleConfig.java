package io.actionwatch.sink.alerting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads alert rules from flat configuration:
 * <pre>
 * alert.rules=fall,intrusion
 * alert.rule.fall.labels=falling_down
 * alert.rule.fall.min.score=0.6
 * alert.rule.fall.cooldown.ms=30000
 * alert.rule.fall.k=2
 * alert.rule.fall.n=3
 * alert.rule.fall.webhooks=ops,pager
 * </pre>
 * Every mistake in a listed rule is a {@link ConfigException} naming the full key; nothing is guessed.
 */
public final class AlertRuleConfig {

    public static final String RULES = "alert.rules";
    public static final String RULES_DOC = "Names of the alert rules to apply, comma separated; each is configured by "
            + "alert.rule.<name>.labels, .min.score, .cooldown.ms, .k, .n and .webhooks. Empty: no alerts.";
    public static final String RULE_PREFIX = "alert.rule.";

    public static final String LABELS = "labels";
    public static final String MIN_SCORE = "min.score";
    public static final String COOLDOWN_MS = "cooldown.ms";
    public static final String K = "k";
    public static final String N = "n";
    public static final String WEBHOOKS = "webhooks";

    /** Bounds the per-subject window memory; a window of more than this many clips is a configuration mistake. */
    public static final int MAX_WINDOW = 1_000;

    private static final List<String> SETTINGS = List.of(LABELS, MIN_SCORE, COOLDOWN_MS, K, N, WEBHOOKS);
    private static final Logger log = LoggerFactory.getLogger(AlertRuleConfig.class);

    private AlertRuleConfig() {
    }

    /** The full config keys of one rule, e.g. for declaring them to a layered config loader. */
    public static Set<String> keysOf(String ruleName) {
        Set<String> keys = new LinkedHashSet<>();
        for (String setting : SETTINGS) {
            keys.add(RULE_PREFIX + ruleName + "." + setting);
        }
        return keys;
    }

    /** The rule names listed under {@value #RULES}, validated (pattern, no duplicates). */
    public static List<String> ruleNames(Map<String, ?> props) {
        Object raw = props.get(RULES);
        List<?> listed = raw == null ? List.of() : (List<?>) ConfigDef.parseType(RULES, raw, ConfigDef.Type.LIST);
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Object item : listed) {
            String name = String.valueOf(item).trim();
            if (name.isEmpty()) {
                throw new ConfigException(RULES, raw, "rule names must not be empty");
            }
            if (!AlertRule.NAME_PATTERN.matcher(name).matches()) {
                throw new ConfigException(RULES, raw, "rule name '" + name + "' must match "
                        + AlertRule.NAME_PATTERN.pattern() + " (it becomes part of config keys and alert ids)");
            }
            if (!seen.add(name)) {
                throw new ConfigException(RULES, raw, "rule '" + name + "' is listed twice");
            }
            names.add(name);
        }
        return names;
    }

    /**
     * Parses and validates every rule listed under {@value #RULES}. Settings of rules that are not listed are ignored
     * (logged) (a rule can be switched off by removing it from the list without deleting its settings).
     */
    public static List<AlertRule> parse(Map<String, ?> props) {
        List<String> names = ruleNames(props);
        List<AlertRule> rules = new ArrayList<>(names.size());
        for (String name : names) {
            rules.add(parseRule(name, props));
        }
        logUnlisted(names, props.keySet());
        return List.copyOf(rules);
    }

    private static AlertRule parseRule(String name, Map<String, ?> props) {
        String prefix = RULE_PREFIX + name + ".";
        ConfigDef def = definitionOf(name);
        Map<String, Object> own = new TreeMap<>();
        for (Map.Entry<String, ?> entry : props.entrySet()) {
            if (entry.getKey().startsWith(prefix)) {
                if (!def.names().contains(entry.getKey())) {
                    throw new ConfigException(entry.getKey(), entry.getValue(), "unknown setting for alert rule '"
                            + name + "'; known settings are " + prefix + "{" + String.join(", ", SETTINGS) + "}");
                }
                own.put(entry.getKey(), entry.getValue());
            }
        }
        Map<String, Object> values = def.parse(own);
        int k = (Integer) values.get(prefix + K);
        int n = (Integer) values.get(prefix + N);
        if (k > n) {
            throw new ConfigException(prefix + K, k, "k must not exceed " + prefix + N + " (" + n + "): the rule could never fire");
        }
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) values.get(prefix + LABELS);
        Set<String> labelSet = new LinkedHashSet<>();
        for (String label : labels) {
            labelSet.add(label.trim());
        }
        @SuppressWarnings("unchecked")
        List<String> webhooks = ((List<String>) values.get(prefix + WEBHOOKS)).stream().map(String::trim).toList();
        return new AlertRule(name, labelSet, (Double) values.get(prefix + MIN_SCORE),
                Duration.ofMillis((Long) values.get(prefix + COOLDOWN_MS)), k, n, webhooks);
    }

    private static ConfigDef definitionOf(String name) {
        String prefix = RULE_PREFIX + name + ".";
        return new ConfigDef()
                .define(prefix + LABELS, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, AlertRuleConfig::validateLabels,
                        ConfigDef.Importance.HIGH, "Action labels (comma separated) that count as a match for rule " + name + ".")
                .define(prefix + MIN_SCORE, ConfigDef.Type.DOUBLE, 0.0, ConfigDef.Range.between(0.0, 1.0),
                        ConfigDef.Importance.MEDIUM, "Lowest top-1 score that counts as a match.")
                .define(prefix + COOLDOWN_MS, ConfigDef.Type.LONG, 0L, ConfigDef.Range.atLeast(0L),
                        ConfigDef.Importance.MEDIUM, "Event-time quiet period per subject (tracked person, or camera for whole-frame events) after an alert, measured on clip end times.")
                .define(prefix + K, ConfigDef.Type.INT, 1, ConfigDef.Range.between(1, MAX_WINDOW),
                        ConfigDef.Importance.MEDIUM, "Matching events needed within the last n events of a subject (tracked person, or camera for whole-frame events).")
                .define(prefix + N, ConfigDef.Type.INT, 1, ConfigDef.Range.between(1, MAX_WINDOW),
                        ConfigDef.Importance.MEDIUM, "Window size: the subject's last n events.")
                .define(prefix + WEBHOOKS, ConfigDef.Type.LIST, "", AlertRuleConfig::validateWebhooks, ConfigDef.Importance.MEDIUM,
                        "Webhooks (names declared in sink.webhooks, comma separated) that the rule's alerts are POSTed "
                                + "to, besides alerts.v1. Empty: alerts.v1 only.");
    }

    private static void validateLabels(String key, Object value) {
        List<?> labels = (List<?>) value;
        if (labels == null || labels.isEmpty()) {
            throw new ConfigException(key, value, "an alert rule needs at least one label");
        }
        for (Object label : labels) {
            if (label == null || String.valueOf(label).isBlank()) {
                throw new ConfigException(key, value, "labels must not be blank");
            }
        }
    }

    private static void validateWebhooks(String key, Object value) {
        Set<String> seen = new HashSet<>();
        for (Object item : (List<?>) value) {
            String hook = String.valueOf(item).trim();
            if (!AlertRule.NAME_PATTERN.matcher(hook).matches()) {
                throw new ConfigException(key, value, "webhook name '" + hook + "' must match " + AlertRule.NAME_PATTERN.pattern());
            }
            if (!seen.add(hook)) {
                throw new ConfigException(key, value, "webhook '" + hook + "' is listed twice");
            }
        }
    }

    private static void logUnlisted(List<String> listed, Collection<String> keys) {
        Set<String> ignored = new TreeSet<>();
        for (String key : keys) {
            if (key.startsWith(RULE_PREFIX) && listed.stream().noneMatch(name -> key.startsWith(RULE_PREFIX + name + "."))) {
                ignored.add(key);
            }
        }
        if (!ignored.isEmpty()) {
            // Not a warning: the shipped defaults configure a rule that a deployment may well leave out of the list.
            log.info("settings of alert rules not listed in {} are ignored listed={} ignored={}", RULES, listed, ignored);
        }
    }
}
