package io.actionwatch.sink.alerting;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.Person;
import io.actionwatch.text.UntrustedText;
import io.actionwatch.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies alert rules to a stream of action events, keeping state per subject: the camera for a whole-frame event, the
 * camera and the person's track id for a per-person event ({@link ActionEvent#getPerson()} set). Per subject and rule
 * it remembers the last n match outcomes (k-of-n) and the clip end time of the last alert (cooldown); per camera, the
 * ids of recent events (duplicates; event ids already differ per person).
 *
 * <p>Why per subject: with one event per tracked person per clip, a camera-wide window would mix people. Three people
 * walking would dilute a fourth one falling, two people falling once each would add up to one "2 of 3", and one
 * person's alert would silence another's through the cooldown. Per subject, each person is judged on their own clips
 * and raises their own alert, while the same person's repeated clips are held back by the cooldown.
 *
 * <p>Cooldown is measured in event time, on clip end times, never on the wall clock: replaying the same events gives
 * the same alerts, however fast they are read. An event whose clip ends before the last alert's clip end plus the
 * cooldown is not alerted again, and that includes a late event older than the last alert.
 *
 * <p>An event id seen again for the same camera (a redelivery after a rebalance or restart) is ignored entirely: it
 * neither raises an alert nor counts twice in a window. Only the last {@code rememberedIdsPerCamera} ids are kept.
 *
 * <p>Eviction: people come and go, and a camera's tracker never reuses a track id, so a person's state would otherwise
 * grow without end. It is dropped once the camera's latest clip end is more than the person idle timeout plus the
 * longest rule cooldown past the person's latest clip end. The cooldown part means eviction never ends a cooldown
 * early; the idle timeout is how long a person may go without events, and how late their event may arrive, and still
 * meet their state. An event for a person already forgotten is judged as if the person were new (empty windows), and
 * for it to fall within what would have been that person's cooldown it must arrive more than the idle timeout late.
 * People are checked at every event of their camera in the order they were last seen, oldest first, up to the first
 * one still kept, so memory is bounded by the people seen within that time. The whole-frame subject (one per camera,
 * as before) is never evicted.
 *
 * <p>Alert ids are {@code <rule>:<eventId>}: the same event under the same rule always yields the same id, so a
 * consumer of alerts.v1 can de-duplicate what at-least-once delivery may repeat.
 *
 * <p>Not thread-safe: one evaluator per consuming thread.
 */
public final class AlertEvaluator {

    public static final int DEFAULT_REMEMBERED_IDS_PER_CAMERA = 1024;

    /**
     * A track dies after about a second without detections and its id is never reused, so a person without events for
     * this long is gone; two minutes also tolerates events that late, at a few hundred bytes per person remembered.
     */
    public static final Duration DEFAULT_PERSON_IDLE_TIMEOUT = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

    private final List<AlertRule> rules;
    private final int rememberedIdsPerCamera;
    private final Duration personIdleTimeout;
    private final Duration forgetPeopleAfter;
    private final Clock clock;
    private final Map<String, CameraState> cameras = new HashMap<>();

    /**
     * @param personIdleTimeout event time a person may go without events before their state is dropped, on top of the
     *                          longest rule cooldown
     */
    public AlertEvaluator(List<AlertRule> rules, int rememberedIdsPerCamera, Duration personIdleTimeout, Clock clock) {
        this.rules = List.copyOf(rules);
        if (rememberedIdsPerCamera < 1) {
            throw new IllegalArgumentException("rememberedIdsPerCamera must be >= 1, was " + rememberedIdsPerCamera);
        }
        this.rememberedIdsPerCamera = rememberedIdsPerCamera;
        Objects.requireNonNull(personIdleTimeout, "personIdleTimeout");
        if (personIdleTimeout.isNegative() || personIdleTimeout.isZero()) {
            throw new IllegalArgumentException("personIdleTimeout must be positive, was " + personIdleTimeout);
        }
        this.personIdleTimeout = personIdleTimeout;
        Duration longestCooldown = Duration.ZERO;
        for (AlertRule rule : this.rules) {
            if (rule.cooldown().compareTo(longestCooldown) > 0) {
                longestCooldown = rule.cooldown();
            }
        }
        this.forgetPeopleAfter = personIdleTimeout.plus(longestCooldown);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public AlertEvaluator(List<AlertRule> rules, int rememberedIdsPerCamera, Clock clock) {
        this(rules, rememberedIdsPerCamera, DEFAULT_PERSON_IDLE_TIMEOUT, clock);
    }

    public AlertEvaluator(List<AlertRule> rules, Clock clock) {
        this(rules, DEFAULT_REMEMBERED_IDS_PER_CAMERA, clock);
    }

    public List<AlertRule> rules() {
        return rules;
    }

    public Duration personIdleTimeout() {
        return personIdleTimeout;
    }

    /** How far the camera's event time must move past a person's last clip end for their state to be dropped. */
    Duration forgetPeopleAfter() {
        return forgetPeopleAfter;
    }

    /** The alerts this event raises, in rule order; empty when none fires or the event is a duplicate. */
    public List<Alert> evaluate(ActionEvent event) {
        if (rules.isEmpty()) {
            return List.of();
        }
        CameraState camera = cameras.computeIfAbsent(event.getCameraId(), id -> new CameraState(rememberedIdsPerCamera));
        if (!camera.recentIds.add(event.getEventId())) {
            log.debug("duplicate event ignored camera={} eventId={}", UntrustedText.excerpt(event.getCameraId()),
                    UntrustedText.excerpt(event.getEventId()));
            return List.of();
        }
        Instant clipEnd = event.getClipEndTime();
        camera.advanceTo(clipEnd);
        camera.evictIdlePeople(forgetPeopleAfter);
        SubjectState subject = camera.subjectOf(event.getPerson(), rules);
        subject.seen(clipEnd);
        List<Alert> alerts = List.of();
        for (int i = 0; i < rules.size(); i++) {
            AlertRule rule = rules.get(i);
            boolean match = rule.matches(event);
            int matches = subject.windows[i].record(match);
            if (!match || matches < rule.k()) {
                continue;
            }
            Instant lastAlerted = subject.lastAlertedClipEnd[i];
            if (lastAlerted != null && clipEnd.isBefore(lastAlerted.plus(rule.cooldown()))) {
                log.debug("alert suppressed by cooldown rule={} subject={} eventId={} lastAlertedClipEnd={}",
                        rule.name(), UntrustedText.excerpt(subject(event.getCameraId(), event.getPerson())),
                        UntrustedText.excerpt(event.getEventId()), lastAlerted);
                continue;
            }
            subject.lastAlertedClipEnd[i] = clipEnd;
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

    /** Names the subject of an event or alert in logs: the camera id, with {@code /person-<trackId>} when per person. */
    public static String subject(String cameraId, Person person) {
        return person == null ? cameraId : cameraId + "/person-" + person.getTrackId();
    }

    /** People whose state is held for a camera (for tests of eviction). */
    int peopleHeld(String cameraId) {
        CameraState camera = cameras.get(cameraId);
        return camera == null ? 0 : camera.people.size();
    }

    private Alert alertOf(AlertRule rule, ActionEvent event) {
        Person person = event.getPerson();
        return Alert.newBuilder()
                .setAlertId(alertId(rule.name(), event.getEventId()))
                .setRule(rule.name())
                .setCameraId(event.getCameraId())
                // A copy: the alert outlives the event and Avro records are mutable.
                .setPerson(person == null ? null : Person.newBuilder(person).build())
                .setLabel(event.getLabel())
                .setScore(event.getScore())
                .setEventId(event.getEventId())
                .setClipStartTime(event.getClipStartTime())
                .setClipEndTime(event.getClipEndTime())
                .setRaisedAt(clock.instant())
                // Evidence: action events are made from the frames of Topics.FRAMES (live and replayed alike), and
                // the clip's frames are found there by camera and capture-time span or sequence range. Events carry
                // no frame offsets, so frameOffsets stays null (unknown) rather than being guessed.
                .setFramesTopic(Topics.FRAMES)
                .setFirstSequence(event.getFirstSequence())
                .setLastSequence(event.getLastSequence())
                .setFrameOffsets(null)
                .build();
    }

    /** Everything the rules remember about one camera: its recent ids, its event time and its subjects. */
    private static final class CameraState {
        private final RecentEventIds recentIds;
        /** In access order: iteration starts with the person seen least recently, which is what eviction needs. */
        private final LinkedHashMap<Long, SubjectState> people = new LinkedHashMap<>(16, 0.75f, true);
        private SubjectState wholeFrame;
        private Instant latestClipEnd = Instant.MIN;

        private CameraState(int rememberedIds) {
            this.recentIds = new RecentEventIds(rememberedIds);
        }

        private void advanceTo(Instant clipEnd) {
            if (clipEnd.isAfter(latestClipEnd)) {
                latestClipEnd = clipEnd;
            }
        }

        /** Drops people idle for longer than {@code idle}, least recently seen first, up to the first one kept. */
        private void evictIdlePeople(Duration idle) {
            Iterator<SubjectState> oldestFirst = people.values().iterator();
            while (oldestFirst.hasNext() && oldestFirst.next().lastClipEnd.plus(idle).isBefore(latestClipEnd)) {
                oldestFirst.remove();
            }
        }

        private SubjectState subjectOf(Person person, List<AlertRule> rules) {
            if (person == null) {
                if (wholeFrame == null) {
                    wholeFrame = new SubjectState(rules);
                }
                return wholeFrame;
            }
            return people.computeIfAbsent(person.getTrackId(), trackId -> new SubjectState(rules));
        }
    }

    /** What the rules remember about one subject: per rule its window and last alert, and when it was last seen. */
    private static final class SubjectState {
        private final MatchWindow[] windows;
        private final Instant[] lastAlertedClipEnd;
        private Instant lastClipEnd = Instant.MIN;

        private SubjectState(List<AlertRule> rules) {
            this.windows = new MatchWindow[rules.size()];
            for (int i = 0; i < rules.size(); i++) {
                windows[i] = new MatchWindow(rules.get(i).n());
            }
            this.lastAlertedClipEnd = new Instant[rules.size()];
        }

        private void seen(Instant clipEnd) {
            if (clipEnd.isAfter(lastClipEnd)) {
                lastClipEnd = clipEnd;
            }
        }
    }
}
