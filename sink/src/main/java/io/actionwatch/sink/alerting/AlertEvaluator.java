package io.actionwatch.sink.alerting;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies alert rules to a stream of action events, keeping state per camera: the last n match outcomes of each rule
 * (k-of-n), the clip end time of each rule's last alert (cooldown) and the ids of recent events (duplicates).
 *
 * <p>Cooldown is measured in event time, on clip end times, never on the wall clock: replaying the same events gives
 * the same alerts, however fast they are read. An event whose clip ends before the last alert's clip end plus the
 * cooldown is not alerted again, and that includes a late event older than the last alert.
 *
 * <p>An event id seen again for the same camera (a redelivery after a rebalance or restart) is ignored entirely: it
 * neither raises an alert nor counts twice in a window. Only the last {@code rememberedIdsPerCamera} ids are kept.
 *
 * <p>Alert ids are {@code <rule>:<eventId>}: the same event under the same rule always yields the same id, so a
 * consumer of alerts.v1 can de-duplicate what at-least-once delivery may repeat.
 *
 * <p>Not thread-safe: one evaluator per consuming thread.
 */
public final class AlertEvaluator {

    public static final int DEFAULT_REMEMBERED_IDS_PER_CAMERA = 1024;

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

    private final List<AlertRule> rules;
    private final int rememberedIdsPerCamera;
    private final Clock clock;
    private final Map<String, CameraState> cameras = new HashMap<>();

    public AlertEvaluator(List<AlertRule> rules, int rememberedIdsPerCamera, Clock clock) {
        this.rules = List.copyOf(rules);
        if (rememberedIdsPerCamera < 1) {
            throw new IllegalArgumentException("rememberedIdsPerCamera must be >= 1, was " + rememberedIdsPerCamera);
        }
        this.rememberedIdsPerCamera = rememberedIdsPerCamera;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public AlertEvaluator(List<AlertRule> rules, Clock clock) {
        this(rules, DEFAULT_REMEMBERED_IDS_PER_CAMERA, clock);
    }

    public List<AlertRule> rules() {
        return rules;
    }

    /** The alerts this event raises, in rule order; empty when none fires or the event is a duplicate. */
    public List<Alert> evaluate(ActionEvent event) {
        if (rules.isEmpty()) {
            return List.of();
        }
        CameraState camera = cameras.computeIfAbsent(event.getCameraId(), id -> new CameraState(rules, rememberedIdsPerCamera));
        if (!camera.recentIds.add(event.getEventId())) {
            log.debug("duplicate event ignored camera={} eventId={}", event.getCameraId(), event.getEventId());
            return List.of();
        }
        List<Alert> alerts = List.of();
        Instant clipEnd = event.getClipEndTime();
        for (int i = 0; i < rules.size(); i++) {
            AlertRule rule = rules.get(i);
            boolean match = rule.matches(event);
            int matches = camera.windows[i].record(match);
            if (!match || matches < rule.k()) {
                continue;
            }
            Instant lastAlerted = camera.lastAlertedClipEnd[i];
            if (lastAlerted != null && clipEnd.isBefore(lastAlerted.plus(rule.cooldown()))) {
                log.debug("alert suppressed by cooldown rule={} camera={} eventId={} lastAlertedClipEnd={}",
                        rule.name(), event.getCameraId(), event.getEventId(), lastAlerted);
                continue;
            }
            camera.lastAlertedClipEnd[i] = clipEnd;
            if (alerts.isEmpty()) {
                alerts = new ArrayList<>(rules.size() - i);
            }
            alerts.add(alertOf(rule, event));
        }
        return alerts;
    }

    /** The deterministic id of the alert a rule raises for an event. */
    public static String alertId(String ruleName, String eventId) {
        return ruleName + ":" + eventId;
    }

    private Alert alertOf(AlertRule rule, ActionEvent event) {
        return Alert.newBuilder()
                .setAlertId(alertId(rule.name(), event.getEventId()))
                .setRule(rule.name())
                .setCameraId(event.getCameraId())
                .setLabel(event.getLabel())
                .setScore(event.getScore())
                .setEventId(event.getEventId())
                .setClipStartTime(event.getClipStartTime())
                .setClipEndTime(event.getClipEndTime())
                .setRaisedAt(clock.instant())
                .build();
    }

    /** Everything the rules remember about one camera. */
    private static final class CameraState {
        private final RecentEventIds recentIds;
        private final MatchWindow[] windows;
        private final Instant[] lastAlertedClipEnd;

        private CameraState(List<AlertRule> rules, int rememberedIds) {
            this.recentIds = new RecentEventIds(rememberedIds);
            this.windows = new MatchWindow[rules.size()];
            for (int i = 0; i < rules.size(); i++) {
                windows[i] = new MatchWindow(rules.get(i).n());
            }
            this.lastAlertedClipEnd = new Instant[rules.size()];
        }
    }
}
