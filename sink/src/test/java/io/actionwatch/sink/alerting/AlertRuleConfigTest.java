package io.actionwatch.sink.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AlertRuleConfigTest {

    private static Map<String, Object> fallRule() {
        Map<String, Object> props = new HashMap<>();
        props.put("alert.rules", "fall");
        props.put("alert.rule.fall.labels", "falling_down");
        return props;
    }

    @Test
    void parsesEverySettingOfEveryListedRule() {
        Map<String, Object> props = new HashMap<>();
        props.put("alert.rules", "fall, intrusion");
        props.put("alert.rule.fall.labels", "falling_down");
        props.put("alert.rule.fall.min.score", "0.6");
        props.put("alert.rule.fall.cooldown.ms", "30000");
        props.put("alert.rule.fall.k", "2");
        props.put("alert.rule.fall.n", "3");
        props.put("alert.rule.intrusion.labels", "walking_left,walking_right");

        List<AlertRule> rules = AlertRuleConfig.parse(props);

        assertThat(rules).containsExactly(
                new AlertRule("fall", Set.of("falling_down"), 0.6, Duration.ofSeconds(30), 2, 3),
                new AlertRule("intrusion", Set.of("walking_left", "walking_right"), 0.0, Duration.ZERO, 1, 1));
    }

    @Test
    void noRulesListedMeansNoRules() {
        assertThat(AlertRuleConfig.parse(Map.of())).isEmpty();
        assertThat(AlertRuleConfig.parse(Map.of("alert.rules", ""))).isEmpty();
    }

    @Test
    void settingsOfUnlistedRulesAreIgnored() {
        Map<String, Object> props = fallRule();
        props.put("alert.rule.off.labels", "waving");
        props.put("alert.rule.off.bogus", "x");

        assertThat(AlertRuleConfig.parse(props)).extracting(AlertRule::name).containsExactly("fall");
    }

    @Test
    void typedValuesAreAcceptedAsWellAsStrings() {
        Map<String, Object> props = new HashMap<>();
        props.put("alert.rules", List.of("fall"));
        props.put("alert.rule.fall.labels", List.of("falling_down"));
        props.put("alert.rule.fall.min.score", 0.5);
        props.put("alert.rule.fall.k", 1);

        assertThat(AlertRuleConfig.parse(props)).singleElement().extracting(AlertRule::minScore).isEqualTo(0.5);
    }

    @Test
    void unknownKeyOfARuleIsRejectedByName() {
        Map<String, Object> props = fallRule();
        props.put("alert.rule.fall.min_score", "0.6");

        assertThatThrownBy(() -> AlertRuleConfig.parse(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alert.rule.fall.min_score")
                .hasMessageContaining("unknown setting for alert rule 'fall'")
                .hasMessageContaining("min.score");
    }

    @Test
    void scoreOutsideZeroToOneIsRejected() {
        for (String bad : List.of("1.01", "-0.1")) {
            Map<String, Object> props = fallRule();
            props.put("alert.rule.fall.min.score", bad);

            assertThatThrownBy(() -> AlertRuleConfig.parse(props))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("alert.rule.fall.min.score")
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void scoreThatIsNotANumberIsRejected() {
        Map<String, Object> props = fallRule();
        props.put("alert.rule.fall.min.score", "high");

        assertThatThrownBy(() -> AlertRuleConfig.parse(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alert.rule.fall.min.score");
    }

    @Test
    void kGreaterThanNIsRejected() {
        Map<String, Object> props = fallRule();
        props.put("alert.rule.fall.k", "3");
        props.put("alert.rule.fall.n", "2");

        assertThatThrownBy(() -> AlertRuleConfig.parse(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alert.rule.fall.k")
                .hasMessageContaining("alert.rule.fall.n (2)");
    }

    @Test
    void kGreaterThanDefaultNIsRejected() {
        Map<String, Object> props = fallRule();
        props.put("alert.rule.fall.k", "2");

        assertThatThrownBy(() -> AlertRuleConfig.parse(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alert.rule.fall.k");
    }

    @Test
    void zeroWindowAndNegativeCooldownAreRejected() {
        Map<String, Object> zeroN = fallRule();
        zeroN.put("alert.rule.fall.n", "0");
        Map<String, Object> negativeCooldown = fallRule();
        negativeCooldown.put("alert.rule.fall.cooldown.ms", "-1");

        assertThatThrownBy(() -> AlertRuleConfig.parse(zeroN)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("alert.rule.fall.n");
        assertThatThrownBy(() -> AlertRuleConfig.parse(negativeCooldown)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("alert.rule.fall.cooldown.ms");
    }

    @Test
    void emptyOrMissingLabelsAreRejected() {
        Map<String, Object> empty = fallRule();
        empty.put("alert.rule.fall.labels", "");
        Map<String, Object> blank = fallRule();
        blank.put("alert.rule.fall.labels", "falling_down,,waving");
        Map<String, Object> missing = fallRule();
        missing.remove("alert.rule.fall.labels");

        assertThatThrownBy(() -> AlertRuleConfig.parse(empty)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("alert.rule.fall.labels").hasMessageContaining("at least one label");
        assertThatThrownBy(() -> AlertRuleConfig.parse(blank)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("alert.rule.fall.labels").hasMessageContaining("blank");
        assertThatThrownBy(() -> AlertRuleConfig.parse(missing)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("alert.rule.fall.labels");
    }

    @Test
    void badRuleNamesAreRejected() {
        assertThatThrownBy(() -> AlertRuleConfig.parse(Map.of("alert.rules", "fall.big")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alert.rules").hasMessageContaining("fall.big");
        assertThatThrownBy(() -> AlertRuleConfig.parse(Map.of("alert.rules", "fall,fall")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> AlertRuleConfig.parse(Map.of("alert.rules", "fall,,jump")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must not be empty");
    }

    @Test
    void keysOfARuleAreTheOnesTheParserAccepts() {
        Map<String, Object> props = new HashMap<>(Map.of("alert.rules", "r1"));
        for (String key : AlertRuleConfig.keysOf("r1")) {
            props.put(key, key.endsWith("labels") ? "waving" : key.endsWith("webhooks") ? "ops" : "1");
        }

        assertThat(AlertRuleConfig.parse(props)).singleElement()
                .isEqualTo(new AlertRule("r1", Set.of("waving"), 1.0, Duration.ofMillis(1), 1, 1, List.of("ops")));
    }
}
