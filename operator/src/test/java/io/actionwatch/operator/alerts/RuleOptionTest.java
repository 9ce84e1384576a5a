package io.actionwatch.operator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actionwatch.sink.alerting.AlertRule;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleOptionTest {

    @Test
    void aRuleInSinkPropertiesWords() {
        List<AlertRule> rules = RuleOption.parse(List.of(
                "fall: labels=falling_down,lying_down; min.score=0.6; cooldown.ms=30000; k=2; n=3;"));

        assertThat(rules).containsExactly(new AlertRule("fall", Set.of("falling_down", "lying_down"), 0.6,
                Duration.ofSeconds(30), 2, 3));
    }

    @Test
    void theSinksDefaultsApplyAndSeveralRulesKeepTheirOrder() {
        List<AlertRule> rules = RuleOption.parse(List.of("wave: labels=waving", "fall:labels=falling_down;k=1"));

        assertThat(rules).extracting(AlertRule::name).containsExactly("wave", "fall");
        assertThat(rules.get(0)).isEqualTo(new AlertRule("wave", Set.of("waving"), 0.0, Duration.ZERO, 1, 1));
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> RuleOption.parse(List.of("labels=falling_down")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a name first");
        assertThatThrownBy(() -> RuleOption.parse(List.of("my fall: labels=falling_down")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the name 'my fall' must match");
        assertThatThrownBy(() -> RuleOption.parse(List.of("fall: labels=falling_down; minscore=0.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alert.rule.fall.minscore")
                .hasMessageContaining("unknown setting");
        assertThatThrownBy(() -> RuleOption.parse(List.of("fall: min.score=0.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alert.rule.fall.labels");
        assertThatThrownBy(() -> RuleOption.parse(List.of("fall: labels=falling_down; k=3; n=2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must not exceed");
        assertThatThrownBy(() -> RuleOption.parse(List.of("fall: labels=falling_down; k")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k' is not key=value");
        assertThatThrownBy(() -> RuleOption.parse(List.of("fall: labels=a; labels=b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sets labels twice");
        assertThatThrownBy(() -> RuleOption.parse(List.of("fall: labels=a", "fall: labels=b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a rule named 'fall' is given twice");
    }
}
