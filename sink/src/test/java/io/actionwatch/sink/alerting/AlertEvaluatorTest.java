package io.actionwatch.sink.alerting;

import static io.actionwatch.sink.alerting.TestEvents.event;
import static io.actionwatch.sink.alerting.TestEvents.person;
import static io.actionwatch.sink.alerting.TestEvents.personEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static AlertEvaluator evaluator(AlertRule... rules) {
        return new AlertEvaluator(List.of(rules), CLOCK);
    }

    private static AlertRule fall(Duration cooldown) {
        return AlertRule.of("fall", Set.of("falling_down"), 0.6, cooldown);
    }

    /** The ids of all alerts raised while feeding the events in order. */
    private static List<String> alertIds(AlertEvaluator evaluator, ActionEvent... events) {
        List<String> ids = new ArrayList<>();
        for (ActionEvent event : events) {
            evaluator.evaluate(event).forEach(alert -> ids.add(alert.getAlertId()));
        }
        return ids;
    }

    @Test
    void matchingEventRaisesAlertCarryingTheEventsFields() {
        ActionEvent event = event("cam-1", "e1", "falling_down", 0.9f, 10);

        List<Alert> alerts = evaluator(fall(Duration.ZERO)).evaluate(event);

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.getAlertId()).isEqualTo("fall:e1");
            assertThat(alert.getRule()).isEqualTo("fall");
            assertThat(alert.getCameraId()).isEqualTo("cam-1");
            assertThat(alert.getLabel()).isEqualTo("falling_down");
            assertThat(alert.getScore()).isEqualTo(0.9f);
            assertThat(alert.getEventId()).isEqualTo("e1");
            assertThat(alert.getClipStartTime()).isEqualTo(event.getClipStartTime());
            assertThat(alert.getClipEndTime()).isEqualTo(event.getClipEndTime());
            assertThat(alert.getRaisedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void otherLabelsDoNotFire() {
        AlertEvaluator evaluator = evaluator(fall(Duration.ZERO));

        assertThat(alertIds(evaluator,
                event("cam-1", "e1", "waving", 0.99f, 1),
                event("cam-1", "e2", "falling_downs", 0.99f, 2),
                event("cam-1", "e3", "falling_down", 0.99f, 3)))
                .containsExactly("fall:e3");
    }

    @Test
    void anyLabelOfTheSetMatches() {
        AlertEvaluator evaluator = evaluator(AlertRule.of("down", Set.of("falling_down", "sitting_down"), 0.0, Duration.ZERO));

        assertThat(alertIds(evaluator,
                event("cam-1", "e1", "sitting_down", 0.3f, 1),
                event("cam-1", "e2", "jumping", 0.9f, 2),
                event("cam-1", "e3", "falling_down", 0.4f, 3)))
                .containsExactly("down:e1", "down:e3");
    }

    @Test
    void scoreBelowMinimumDoesNotFireAndTheMinimumItselfDoes() {
        AlertEvaluator evaluator = evaluator(AlertRule.of("fall", Set.of("falling_down"), 0.7, Duration.ZERO));

        assertThat(alertIds(evaluator,
                event("cam-1", "low", "falling_down", 0.69f, 1),
                event("cam-1", "exact", "falling_down", 0.7f, 2),
                event("cam-1", "high", "falling_down", 0.71f, 3)))
                .containsExactly("fall:exact", "fall:high");
    }

    @Test
    void cooldownSuppressesWithinEventTimeAndFiresAgainAfter() {
        AlertEvaluator evaluator = evaluator(fall(Duration.ofSeconds(30)));

        assertThat(alertIds(evaluator,
                event("cam-1", "e1", "falling_down", 0.9f, 10),
                event("cam-1", "e2", "falling_down", 0.9f, 20),
                event("cam-1", "e3", "falling_down", 0.9f, 39),
                event("cam-1", "e4", "falling_down", 0.9f, 40),
                event("cam-1", "e5", "falling_down", 0.9f, 41)))
                .containsExactly("fall:e1", "fall:e4");
    }

    @Test
    void cooldownIsPerCamera() {
        AlertEvaluator evaluator = evaluator(fall(Duration.ofSeconds(30)));

        assertThat(alertIds(evaluator,
                event("cam-1", "a1", "falling_down", 0.9f, 10),
                event("cam-2", "b1", "falling_down", 0.9f, 11),
                event("cam-1", "a2", "falling_down", 0.9f, 12),
                event("cam-2", "b2", "falling_down", 0.9f, 13)))
                .containsExactly("fall:a1", "fall:b1");
    }

    @Test
    void cooldownIgnoresTheWallClock() {
        // Events replayed a year later, in one burst, must give the same alerts as when they happened.
        AlertEvaluator live = evaluator(fall(Duration.ofSeconds(30)));
        AlertEvaluator replay = new AlertEvaluator(List.of(fall(Duration.ofSeconds(30))),
                Clock.fixed(NOW.plus(Duration.ofDays(365)), ZoneOffset.UTC));
        ActionEvent[] events = {
                event("cam-1", "e1", "falling_down", 0.9f, 0),
                event("cam-1", "e2", "falling_down", 0.9f, 31),
                event("cam-1", "e3", "falling_down", 0.9f, 45),
                event("cam-1", "e4", "falling_down", 0.9f, 61)};

        assertThat(alertIds(replay, events)).isEqualTo(alertIds(live, events)).containsExactly("fall:e1", "fall:e2", "fall:e4");
    }

    @Test
    void lateEventOlderThanTheLastAlertDoesNotFireAgain() {
        AlertEvaluator evaluator = evaluator(fall(Duration.ZERO));

        assertThat(alertIds(evaluator,
                event("cam-1", "e2", "falling_down", 0.9f, 20),
                event("cam-1", "e1", "falling_down", 0.9f, 10)))
                .containsExactly("fall:e2");
    }

    @Test
    void kOfNFiresOnlyOnceEnoughOfTheLastNMatch() {
        AlertEvaluator evaluator = evaluator(new AlertRule("fall", Set.of("falling_down"), 0.6, Duration.ZERO, 2, 3));

        assertThat(alertIds(evaluator,
                event("cam-1", "e1", "falling_down", 0.9f, 1),  // 1 of last 1
                event("cam-1", "e2", "waving", 0.9f, 2),        // 1 of last 2
                event("cam-1", "e3", "waving", 0.9f, 3),        // 1 of last 3
                event("cam-1", "e4", "falling_down", 0.9f, 4),  // e1 left the window: 1 of last 3
                event("cam-1", "e5", "waving", 0.9f, 5),        // no match
                event("cam-1", "e6", "falling_down", 0.9f, 6),  // e4 + e6: 2 of last 3 -> fire
                event("cam-1", "e7", "falling_down", 0.9f, 7))) // 2 of last 3 again -> fire
                .containsExactly("fall:e6", "fall:e7");
    }

    @Test
    void kOfNWindowsArePerCamera() {
        AlertEvaluator evaluator = evaluator(new AlertRule("fall", Set.of("falling_down"), 0.6, Duration.ZERO, 2, 2));

        assertThat(alertIds(evaluator,
                event("cam-1", "a1", "falling_down", 0.9f, 1),
                event("cam-2", "b1", "falling_down", 0.9f, 2),
                event("cam-2", "b2", "waving", 0.9f, 3),
                event("cam-1", "a2", "falling_down", 0.9f, 4)))
                .containsExactly("fall:a2");
    }

    @Test
    void lowScoresDoNotCountTowardsTheWindow() {
        AlertEvaluator evaluator = evaluator(new AlertRule("fall", Set.of("falling_down"), 0.6, Duration.ZERO, 2, 2));

        assertThat(alertIds(evaluator,
                event("cam-1", "e1", "falling_down", 0.5f, 1),
                event("cam-1", "e2", "falling_down", 0.9f, 2),
                event("cam-1", "e3", "falling_down", 0.9f, 3)))
                .containsExactly("fall:e3");
    }

    @Test
    void duplicateEventRaisesNoSecondAlertAndDoesNotCountTwice() {
        AlertEvaluator kOfN = evaluator(new AlertRule("fall", Set.of("falling_down"), 0.6, Duration.ZERO, 2, 3));
        ActionEvent e1 = event("cam-1", "e1", "falling_down", 0.9f, 1);

        assertThat(alertIds(kOfN, e1, e1)).isEmpty();

        AlertEvaluator single = evaluator(fall(Duration.ZERO));
        ActionEvent e2 = event("cam-1", "e2", "falling_down", 0.9f, 2);
        assertThat(alertIds(single, e2, e2, e2)).containsExactly("fall:e2");
    }

    @Test
    void recentIdsAreRememberedWithinCapacity() {
        AlertEvaluator evaluator = new AlertEvaluator(List.of(fall(Duration.ZERO)), 2, CLOCK);
        ActionEvent e1 = event("cam-1", "e1", "falling_down", 0.9f, 1);
        ActionEvent e2 = event("cam-1", "e2", "falling_down", 0.9f, 2);
        ActionEvent e3 = event("cam-1", "e3", "falling_down", 0.9f, 3);

        assertThat(alertIds(evaluator, e1, e2, e2, e3, e3)).containsExactly("fall:e1", "fall:e2", "fall:e3");
    }

    @Test
    void idsBeyondCapacityAreForgotten() {
        // Same clip end time for all, so neither cooldown nor lateness hides what the id memory does.
        AlertEvaluator evaluator = new AlertEvaluator(List.of(fall(Duration.ZERO)), 1, CLOCK);
        ActionEvent same = event("cam-1", "same", "falling_down", 0.9f, 10);
        ActionEvent other = event("cam-1", "other", "falling_down", 0.9f, 10);

        assertThat(alertIds(evaluator, same, same, other, same)).containsExactly("fall:same", "fall:other", "fall:same");
    }

    @Test
    void sameEventIdOnAnotherCameraIsNotADuplicate() {
        AlertEvaluator evaluator = evaluator(fall(Duration.ZERO));

        assertThat(evaluator.evaluate(event("cam-1", "e1", "falling_down", 0.9f, 1))).hasSize(1);
        assertThat(evaluator.evaluate(event("cam-2", "e1", "falling_down", 0.9f, 1))).hasSize(1);
    }

    @Test
    void alertIdsAreDeterministicAcrossEvaluatorsAndClocks() {
        ActionEvent event = event("cam-1", "clip-7f3a", "falling_down", 0.9f, 1);
        Alert first = evaluator(fall(Duration.ZERO)).evaluate(event).get(0);
        Alert second = new AlertEvaluator(List.of(fall(Duration.ofMinutes(5))), Clock.systemUTC()).evaluate(event).get(0);

        assertThat(first.getAlertId()).isEqualTo(second.getAlertId()).isEqualTo(AlertEvaluator.alertId("fall", "clip-7f3a"));
    }

    @Test
    void everyFiringRuleRaisesItsOwnAlertInRuleOrder() {
        AlertEvaluator evaluator = evaluator(
                AlertRule.of("any-fall", Set.of("falling_down"), 0.0, Duration.ZERO),
                AlertRule.of("sure-fall", Set.of("falling_down"), 0.95, Duration.ZERO),
                AlertRule.of("jump", Set.of("jumping"), 0.0, Duration.ZERO));

        assertThat(alertIds(evaluator,
                event("cam-1", "e1", "falling_down", 0.8f, 1),
                event("cam-1", "e2", "falling_down", 0.97f, 2)))
                .containsExactly("any-fall:e1", "any-fall:e2", "sure-fall:e2");
    }

    @Test
    void noRulesNoAlerts() {
        assertThat(new AlertEvaluator(List.of(), CLOCK).evaluate(event("cam-1", "e1", "falling_down", 1f, 1))).isEmpty();
    }

    // Per person: one subject per camera and track id; whole-frame events keep the camera as their subject.

    /** Every alert raised while feeding the events in order. */
    private static List<Alert> alerts(AlertEvaluator evaluator, ActionEvent... events) {
        List<Alert> alerts = new ArrayList<>();
        for (ActionEvent event : events) {
            alerts.addAll(evaluator.evaluate(event));
        }
        return alerts;
    }

    private static AlertRule fall(int k, int n, Duration cooldown) {
        return new AlertRule("fall", Set.of("falling_down"), 0.6, cooldown, k, n);
    }

    /** One clip of cam-1 seen as one event per person: tracks 1..labels.length, labelled in order. */
    private static ActionEvent[] clip(int clip, String... labels) {
        ActionEvent[] events = new ActionEvent[labels.length];
        for (int i = 0; i < labels.length; i++) {
            long track = i + 1;
            events[i] = personEvent("cam-1", "c" + clip + "-p" + track, track, labels[i], 0.9f, clip);
        }
        return events;
    }

    private static ActionEvent[] concat(ActionEvent[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(ActionEvent[]::new);
    }

    @Test
    void onePersonFallingAmongThreeWalkingRaisesOneAlertNamingThatPerson() {
        // The shipped rule: 2 of the last 3, 30 s cooldown. Camera-wide, the falls (4 events apart) would never be 2 of
        // any 3 consecutive events; per person, track 3 falls in 2 of its 3 clips.
        AlertEvaluator evaluator = evaluator(fall(2, 3, Duration.ofSeconds(30)));

        List<Alert> alerts = alerts(evaluator, concat(
                clip(1, "walking", "walking", "walking", "walking"),
                clip(2, "walking", "walking", "falling_down", "walking"),
                clip(3, "walking", "walking", "falling_down", "walking"),
                clip(4, "walking", "walking", "falling_down", "walking")));

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.getAlertId()).isEqualTo("fall:c3-p3");
            assertThat(alert.getCameraId()).isEqualTo("cam-1");
            assertThat(alert.getPerson()).isEqualTo(person(3));
        });
    }

    @Test
    void twoPeopleFallingRaiseTwoAlerts() {
        // Camera-wide, the first alert's cooldown would have silenced the second person.
        AlertEvaluator evaluator = evaluator(fall(Duration.ofSeconds(30)));

        List<Alert> alerts = alerts(evaluator, clip(1, "walking", "falling_down", "walking", "falling_down"));

        assertThat(alerts).extracting(Alert::getAlertId).containsExactly("fall:c1-p2", "fall:c1-p4");
        assertThat(alerts).extracting(alert -> alert.getPerson().getTrackId()).containsExactly(2L, 4L);
    }

    @Test
    void samePersonWithinTheCooldownRaisesOneAlert() {
        AlertEvaluator evaluator = evaluator(fall(Duration.ofSeconds(30)));

        assertThat(alertIds(evaluator,
                personEvent("cam-1", "a10", 1, "falling_down", 0.9f, 10),
                personEvent("cam-1", "b10", 2, "walking", 0.9f, 10),
                personEvent("cam-1", "a20", 1, "falling_down", 0.9f, 20),
                personEvent("cam-1", "a39", 1, "falling_down", 0.9f, 39),
                personEvent("cam-1", "a40", 1, "falling_down", 0.9f, 40)))
                .containsExactly("fall:a10", "fall:a40");
    }

    @Test
    void kOfNCountsEachPersonsOwnEvents() {
        AlertEvaluator evaluator = evaluator(fall(2, 2, Duration.ZERO));

        assertThat(alertIds(evaluator,
                personEvent("cam-1", "a1", 1, "falling_down", 0.9f, 1), // camera-wide these two would be 2 of 2
                personEvent("cam-1", "b1", 2, "falling_down", 0.9f, 1),
                personEvent("cam-1", "a2", 1, "walking", 0.9f, 2),
                personEvent("cam-1", "b2", 2, "walking", 0.9f, 2),
                personEvent("cam-1", "a3", 1, "falling_down", 0.9f, 3),
                personEvent("cam-1", "b3", 2, "falling_down", 0.9f, 3), // camera-wide: a3 + b3, 2 of 2
                personEvent("cam-1", "a4", 1, "falling_down", 0.9f, 4))) // track 1: a3 + a4
                .containsExactly("fall:a4");
    }

    @Test
    void sameTrackIdOnAnotherCameraIsAnotherPerson() {
        AlertEvaluator evaluator = evaluator(fall(Duration.ofSeconds(30)));

        assertThat(alertIds(evaluator,
                personEvent("cam-1", "a1", 7, "falling_down", 0.9f, 1),
                personEvent("cam-2", "b1", 7, "falling_down", 0.9f, 1)))
                .containsExactly("fall:a1", "fall:b1");
    }

    @Test
    void wholeFrameEventsKeepTheirOwnCameraStateAndNameNoPerson() {
        AlertEvaluator evaluator = evaluator(fall(2, 2, Duration.ZERO));

        List<Alert> alerts = alerts(evaluator,
                event("cam-1", "w1", "falling_down", 0.9f, 1),
                personEvent("cam-1", "p1", 1, "falling_down", 0.9f, 1), // neither completes the other's window
                event("cam-1", "w2", "falling_down", 0.9f, 2));

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.getAlertId()).isEqualTo("fall:w2");
            assertThat(alert.getPerson()).isNull();
        });
    }

    @Test
    void wholeFrameStateIsNeverEvicted() {
        // As before per-person alerting: a camera's window waits however long the camera is quiet.
        AlertEvaluator evaluator = new AlertEvaluator(List.of(fall(2, 2, Duration.ZERO)), 16, Duration.ofSeconds(60), CLOCK);

        assertThat(alertIds(evaluator,
                event("cam-1", "w1", "falling_down", 0.9f, 0),
                personEvent("cam-1", "p1", 1, "walking", 0.9f, 600),
                event("cam-1", "w2", "falling_down", 0.9f, 601)))
                .containsExactly("fall:w2");
    }

    @Test
    void personIdleLongerThanTheTimeoutIsForgotten() {
        AlertEvaluator evaluator = new AlertEvaluator(List.of(fall(2, 2, Duration.ZERO)), 16, Duration.ofSeconds(60), CLOCK);

        assertThat(alertIds(evaluator,
                personEvent("cam-1", "a0", 1, "falling_down", 0.9f, 0),
                personEvent("cam-1", "b30", 2, "walking", 0.9f, 30),
                personEvent("cam-1", "b61", 2, "walking", 0.9f, 61))) // track 1 idle 61 s > 60 s: forgotten
                .isEmpty();
        assertThat(evaluator.peopleHeld("cam-1")).isEqualTo(1);
        // Its half-full window went with it: this fall is 1 of 1, not 2 of 2.
        assertThat(alertIds(evaluator, personEvent("cam-1", "a62", 1, "falling_down", 0.9f, 62))).isEmpty();
    }

    @Test
    void personIdleExactlyTheTimeoutIsKept() {
        AlertEvaluator evaluator = new AlertEvaluator(List.of(fall(2, 2, Duration.ZERO)), 16, Duration.ofSeconds(60), CLOCK);

        assertThat(alertIds(evaluator,
                personEvent("cam-1", "a0", 1, "falling_down", 0.9f, 0),
                personEvent("cam-1", "b60", 2, "walking", 0.9f, 60),
                personEvent("cam-1", "a60", 1, "falling_down", 0.9f, 60)))
                .containsExactly("fall:a60");
        assertThat(evaluator.peopleHeld("cam-1")).isEqualTo(2);
    }

    @Test
    void evictionNeverCutsACooldownShort() {
        AlertEvaluator evaluator = new AlertEvaluator(List.of(fall(Duration.ofSeconds(60))), 16, Duration.ofSeconds(10), CLOCK);

        assertThat(evaluator.forgetPeopleAfter()).isEqualTo(Duration.ofSeconds(70));
        assertThat(alertIds(evaluator,
                personEvent("cam-1", "a0", 1, "falling_down", 0.9f, 0),
                personEvent("cam-1", "b65", 2, "walking", 0.9f, 65), // track 1 idle 65 s: past 10 s, not past 10 + 60 s
                personEvent("cam-1", "a59", 1, "falling_down", 0.9f, 59))) // 6 s late, within the cooldown
                .containsExactly("fall:a0");
        assertThat(evaluator.peopleHeld("cam-1")).isEqualTo(2);

        // Track 1 last seen at 59 s, track 2 at 65 s: both idle more than 70 s at 136 s; track 2 comes back.
        evaluator.evaluate(personEvent("cam-1", "b136", 2, "walking", 0.9f, 136));
        assertThat(evaluator.peopleHeld("cam-1")).isEqualTo(1);
    }

    @Test
    void memoryHoldsOnlyThePeopleSeenWithinTheTimeout() {
        AlertEvaluator evaluator = new AlertEvaluator(List.of(fall(Duration.ZERO)), 16, Duration.ofSeconds(60), CLOCK);

        for (int second = 0; second < 1_000; second++) {
            // A new person every second, each seen once, as a busy entrance would give.
            evaluator.evaluate(personEvent("cam-1", "e" + second, second, "walking", 0.9f, second));
        }

        // Seen at 939..999 s: idle for at most 60 s when the camera is at 999 s.
        assertThat(evaluator.peopleHeld("cam-1")).isEqualTo(61);
    }

    @Test
    void personIdleTimeoutMustBePositive() {
        assertThatThrownBy(() -> new AlertEvaluator(List.of(fall(Duration.ZERO)), 16, Duration.ZERO, CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("personIdleTimeout");
    }

    @Test
    void alertsCarryWhatFindsTheirEvidence() {
        ActionEvent event = ActionEvent.newBuilder(event("cam-1", "e1", "falling_down", 0.9f, 5))
                .setFirstSequence(70).setLastSequence(84).build();

        Alert alert = evaluator(fall(Duration.ZERO)).evaluate(event).get(0);

        assertThat(alert.getFramesTopic()).isEqualTo(io.actionwatch.topics.Topics.FRAMES);
        assertThat(alert.getClipStartTime()).isEqualTo(event.getClipStartTime());
        assertThat(alert.getClipEndTime()).isEqualTo(event.getClipEndTime());
        assertThat(alert.getFirstSequence()).isEqualTo(70L);
        assertThat(alert.getLastSequence()).isEqualTo(84L);
        // Events carry no frame offsets: unknown, not guessed.
        assertThat(alert.getFrameOffsets()).isNull();
    }
}
