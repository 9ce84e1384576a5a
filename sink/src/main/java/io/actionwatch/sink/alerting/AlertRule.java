package io.actionwatch.sink.alerting;

import io.actionwatch.schemas.ActionEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One alert rule: fire when at least {@code k} of a subject's last {@code n} events carry one of {@code labels} with a
 * score of at least {@code minScore}, at most once per {@code cooldown} of event time per subject. The subject is the
 * tracked person for per-person events and the camera for whole-frame events (see {@link AlertEvaluator}).
 *
 * @param name     rule name; letters, digits, '_' and '-' only, so it can be part of config keys and of alert ids
 * @param labels   action labels that count as a match (non-empty)
 * @param minScore lowest top-1 score that counts as a match, in [0, 1]
 * @param cooldown after an alert, events of the same subject whose clip ends before the alerted clip's end plus this
 *                 are not alerted again by this rule
 * @param k        matches needed within the window
 * @param n        window: the subject's last n events (the current one included)
 * @param webhooks names of the webhooks its alerts are delivered to besides alerts.v1, in order, no repeats; empty for
 *                 none (names follow {@link #NAME_PATTERN}; that each is configured is checked by the sink's config)
 */
public record AlertRule(String name, Set<String> labels, double minScore, Duration cooldown, int k, int n,
                        List<String> webhooks) {

    /** Rule names end up in config keys (alert.rule.NAME.x) and alert ids (NAME:eventId), so no dots or colons. */
    public static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9_-]+");

    public AlertRule {
        Objects.requireNonNull(name, "name");
        if (!NAME_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("alert rule name '" + name + "' must match " + NAME_PATTERN.pattern());
        }
        labels = Set.copyOf(labels);
        if (labels.isEmpty() || labels.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("alert rule " + name + ": labels must be non-empty and non-blank, were " + labels);
        }
        if (!(minScore >= 0.0 && minScore <= 1.0)) {
            throw new IllegalArgumentException("alert rule " + name + ": minScore must be in [0, 1], was " + minScore);
        }
        Objects.requireNonNull(cooldown, "cooldown");
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("alert rule " + name + ": cooldown must not be negative, was " + cooldown);
        }
        if (n < 1 || k < 1 || k > n) {
            throw new IllegalArgumentException("alert rule " + name + ": need 1 <= k <= n, were k=" + k + " n=" + n);
        }
        webhooks = List.copyOf(webhooks);
        if (webhooks.stream().anyMatch(hook -> !NAME_PATTERN.matcher(hook).matches())
                || new HashSet<>(webhooks).size() != webhooks.size()) {
            throw new IllegalArgumentException("alert rule " + name + ": webhook names must match " + NAME_PATTERN.pattern()
                    + " and not repeat, were " + webhooks);
        }
    }

    /** A rule whose alerts go to alerts.v1 only. */
    public AlertRule(String name, Set<String> labels, double minScore, Duration cooldown, int k, int n) {
        this(name, labels, minScore, cooldown, k, n, List.of());
    }

    /** A single-event rule (k = n = 1). */
    public static AlertRule of(String name, Set<String> labels, double minScore, Duration cooldown) {
        return new AlertRule(name, labels, minScore, cooldown, 1, 1);
    }

    /** Whether this one event counts towards the rule, regardless of window and cooldown. */
    public boolean matches(ActionEvent event) {
        // Scores travel as float: compare in float so that a score printed as 0.7 meets a threshold written as 0.7.
        return labels.contains(event.getLabel()) && event.getScore() >= (float) minScore;
    }
}
