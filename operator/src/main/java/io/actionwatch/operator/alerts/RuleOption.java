package io.actionwatch.operator.alerts;

import io.actionwatch.sink.alerting.AlertRule;
import io.actionwatch.sink.alerting.AlertRuleConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Alert rules written on the command line, one per {@code --rule}, in the words of sink.properties:
 * <pre>
 * --rule 'fall: labels=falling_down; min.score=0.6; cooldown.ms=30000; k=2; n=3'
 * </pre>
 * is exactly {@code alert.rules=fall} with {@code alert.rule.fall.labels=falling_down}, {@code ...min.score=0.6} and so
 * on, and goes through the sink's own parser ({@link AlertRuleConfig}): the same settings, defaults (min.score 0,
 * cooldown.ms 0, k 1, n 1) and validation as a rule the live sink is configured with. Settings are separated by
 * {@code ;} because labels are a comma-separated list, as in the properties file.
 */
public final class RuleOption {

    private RuleOption() {
    }

    /** The rules written in {@code texts}, in order; a mistake is an {@link IllegalArgumentException} naming it. */
    public static List<AlertRule> parse(List<String> texts) {
        Map<String, Object> props = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (String text : texts) {
            int colon = text.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("--rule '" + text + "' needs a name first: 'NAME: labels=...; "
                        + "min.score=...; cooldown.ms=...; k=...; n=...'");
            }
            String name = text.substring(0, colon).trim();
            if (!AlertRule.NAME_PATTERN.matcher(name).matches()) {
                throw new IllegalArgumentException("--rule '" + text + "': the name '" + name + "' must match "
                        + AlertRule.NAME_PATTERN.pattern() + " (it becomes part of alert ids)");
            }
            if (names.contains(name)) {
                throw new IllegalArgumentException("--rule '" + text + "': a rule named '" + name + "' is given twice");
            }
            names.add(name);
            for (String setting : text.substring(colon + 1).split(";")) {
                if (setting.isBlank()) {
                    continue; // a trailing ';' is harmless
                }
                int equals = setting.indexOf('=');
                if (equals < 0) {
                    throw new IllegalArgumentException("--rule '" + text + "': '" + setting.trim() + "' is not key=value");
                }
                String key = AlertRuleConfig.RULE_PREFIX + name + "." + setting.substring(0, equals).trim();
                if (props.put(key, setting.substring(equals + 1).trim()) != null) {
                    throw new IllegalArgumentException("--rule '" + text + "' sets " + setting.substring(0, equals).trim()
                            + " twice");
                }
            }
        }
        props.put(AlertRuleConfig.RULES, String.join(",", names));
        try {
            return AlertRuleConfig.parse(props);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--rule: " + e.getMessage()
                    + " (settings: labels, min.score, cooldown.ms, k, n as in sink.properties)", e);
        }
    }
}
