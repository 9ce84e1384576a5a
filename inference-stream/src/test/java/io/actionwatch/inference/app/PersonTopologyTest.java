package io.actionwatch.inference.app;

import io.actionwatch.inference.event.EventIds;
import io.actionwatch.inference.person.PersonCameraState;
import io.actionwatch.inference.person.PersonCameraStateSerde;
import io.actionwatch.inference.pose.PoseModel;
import io.actionwatch.inference.testing.ScriptedSchemaRegistry;
import io.actionwatch.inference.testing.TestCards;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.schemas.VideoFrame;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-person branch of the topology on TopologyTestDriver with the real pose model: frames of the synthetic
 * scene (one figure, true actions in the label metadata) go through pose at intake, the tracker and person clips;
 * the stand-in classifier stands for the model, whose quality is measured elsewhere.
 */
class PersonTopologyTest {

    private static final Path POSE_MODEL = Path.of("..", "model", "pose", "movenet-multipose");
    private static final int FRAMES = 60;

    private static ScriptedSchemaRegistry registry;
    private static final List<VideoFrame> SCENE = new ArrayList<>();
    private static final List<VideoFrame> THREE_PEOPLE = new ArrayList<>();

    @TempDir
    Path state;

    @BeforeAll
    static void renderScenes() {
        registry = ScriptedSchemaRegistry.start();
        SCENE.addAll(TopologyHarness.syntheticCamera("cam-p", SceneSettings.defaults(3), FRAMES));
        THREE_PEOPLE.addAll(TopologyHarness.syntheticCamera("cam-3", SceneSettings.defaults(5).withPeople(3), FRAMES));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    /** T=4 of every 2nd frame, stride 4: clip k is sequences 8k..8k+6. */
    private TopologyHarness harness() {
        return new TopologyHarness(registry, TestCards.personCard(4, 2, 4, 32), Map.of(), state,
                TopologyHarness.START, PoseModel.open(POSE_MODEL));
    }

    @Test
    void theSceneFigureIsTrackedAndGetsOneEventPerClipNamingThePerson() {
        List<ActionEvent> events;
        try (TopologyHarness h = harness()) {
            SCENE.forEach(h::send);
            events = h.events();
        }
        // The figure is confirmed at its third sampled frame (sequence 4); clips 1..6 (sequences 8..54) follow.
        assertThat(events).extracting(ActionEvent::getFirstSequence).containsExactly(8L, 16L, 24L, 32L, 40L, 48L);
        for (ActionEvent e : events) {
            assertThat(e.getPerson()).as("person of %s", e.getFirstSequence()).isNotNull();
            assertThat(e.getPerson().getTrackId()).isEqualTo(1L);
            assertThat(e.getPerson().getYMin()).isLessThan(e.getPerson().getYMax());
            assertThat(e.getPerson().getKeypointConfidence()).isGreaterThan(0.3f);
            assertThat(e.getFrameCount()).isEqualTo(4);
            assertThat(e.getEventId()).isEqualTo(EventIds.ofPerson("cam-p", 1, e.getFirstSequence(),
                    e.getLastSequence(), e.getClipStartTime().toEpochMilli(), "test-model", "1.0.0"));
            VideoFrame first = SCENE.get((int) e.getFirstSequence());
            assertThat(e.getClipStartTime()).isEqualTo(first.getCaptureTime());
        }
        assertThat(events).filteredOn(e -> e.getGroundTruth() != null).isNotEmpty();
    }

    @Test
    void threePeopleInOneCameraAreTrackedApartWithTheirOwnTruth() {
        List<ActionEvent> events;
        try (TopologyHarness h = harness()) {
            THREE_PEOPLE.forEach(h::send);
            events = h.events();
        }
        assertThat(events.stream().map(e -> e.getPerson().getTrackId()).distinct()).as("people tracked")
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(events).extracting(ActionEvent::getEventId).doesNotHaveDuplicates();
        // Truth comes from the figure each person's box overlaps; several figures doing different things at once.
        assertThat(events).filteredOn(e -> e.getGroundTruth() != null).hasSizeGreaterThanOrEqualTo(events.size() / 2);
        // Events of one clip are about different people.
        events.stream().collect(java.util.stream.Collectors.groupingBy(ActionEvent::getFirstSequence))
                .forEach((clip, same) -> assertThat(same).extracting(e -> e.getPerson().getTrackId())
                        .doesNotHaveDuplicates());
    }

    /** The scene's frames from {@code from} to {@code to} (exclusive), of camera run {@code epoch}. */
    private static List<VideoFrame> scene(long epoch, int from, int to) {
        return SCENE.subList(from, to).stream().map(f -> TopologyHarness.inEpoch(f, epoch)).toList();
    }

    @Test
    void strayFramesOfTheSameEpochAndFramesOfAnOlderOneChangeNothing() {
        long epoch = TopologyHarness.START.toEpochMilli();
        // A gap this small would take frame 2 after frame 29 for a restart, were the frames without epochs.
        Map<String, Object> smallGap = Map.of(InferenceConfig.CAMERA_RESTART_GAP_FRAMES, 20L);
        List<String> undisturbed;
        try (TopologyHarness h = new TopologyHarness(registry, TestCards.personCard(4, 2, 4, 32), smallGap,
                state.resolve("undisturbed"), TopologyHarness.START, PoseModel.open(POSE_MODEL))) {
            scene(epoch, 0, FRAMES).forEach(h::send);
            undisturbed = h.events().stream().map(ActionEvent::getEventId).toList();
        }
        try (TopologyHarness h = new TopologyHarness(registry, TestCards.personCard(4, 2, 4, 32), smallGap,
                state.resolve("disturbed"), TopologyHarness.START, PoseModel.open(POSE_MODEL))) {
            scene(epoch, 0, 30).forEach(h::send);
            scene(epoch, 1, 3).forEach(h::send);                  // strays: 1 (not sampled) and 2 (sampled)
            scene(epoch - 60_000, 30, 32).forEach(h::send);       // an older run's 30 and 31
            scene(epoch, 30, FRAMES).forEach(h::send);
            assertThat(h.events()).extracting(ActionEvent::getEventId).as("same events, same ids")
                    .containsExactlyElementsOf(undisturbed);
            assertThat(h.counter("camera-restarts")).isZero();
            List<TestRecord<byte[], DeadLetter>> letters = h.deadLetters.readRecordsToList();
            assertThat(letters).extracting(r -> r.value().getErrorKind()).containsExactly("STALE_EPOCH",
                    "STALE_EPOCH");
            assertThat(letters.get(0).value().getErrorMessage()).contains("epoch " + (epoch - 60_000))
                    .contains("current epoch " + epoch);
            PersonCameraState stored = (PersonCameraState) h.store(ActionTopology.PERSON_STORE).get("cam-p");
            assertThat(stored.epoch()).isEqualTo(epoch);
        }
    }

    @Test
    void aNewerEpochDropsThePeopleAndStartsTheCameraAfresh() {
        long epoch = TopologyHarness.START.toEpochMilli();
        long restartedAt = epoch + Duration.ofHours(1).toMillis();
        try (TopologyHarness h = harness()) {
            scene(epoch, 0, 36).forEach(h::send);
            assertThat(h.events()).extracting(e -> e.getPerson().getTrackId()).containsOnly(1L);
            // The camera restarted an hour later: numbering from 0 again, a new epoch.
            scene(restartedAt, 0, 40).forEach(f -> {
                f.setCaptureTime(f.getCaptureTime().plus(Duration.ofHours(1)));
                h.send(f);
            });
            List<ActionEvent> after = h.events();
            assertThat(h.counter("camera-restarts")).isEqualTo(1);
            assertThat(after).extracting(ActionEvent::getFirstSequence).containsExactly(8L, 16L, 24L, 32L);
            assertThat(after).extracting(e -> e.getPerson().getTrackId()).as("the old run's track is gone")
                    .containsOnly(2L);
            assertThat(after.get(0).getClipStartTime())
                    .isEqualTo(SCENE.get(8).getCaptureTime().plus(Duration.ofHours(1)));
            PersonCameraState stored = (PersonCameraState) h.store(ActionTopology.PERSON_STORE).get("cam-p");
            assertThat(stored.epoch()).isEqualTo(restartedAt);
            assertThat(h.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void aRestartedApplicationResumesFromThePersonStoreWithTheSameEvents() {
        List<ActionEvent> uninterrupted;
        try (TopologyHarness h = harness()) {
            SCENE.forEach(h::send);
            uninterrupted = h.events();
        }
        List<ActionEvent> resumed = new ArrayList<>();
        List<TestRecord<String, byte[]>> changelog;
        try (TopologyHarness h = new TopologyHarness(registry, TestCards.personCard(4, 2, 4, 32), Map.of(),
                state.resolve("first"), TopologyHarness.START, PoseModel.open(POSE_MODEL))) {
            SCENE.subList(0, 30).forEach(h::send);
            resumed.addAll(h.events());
            changelog = h.driver.createOutputTopic("inference-test-" + ActionTopology.PERSON_STORE + "-changelog",
                    new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
        }
        assertThat(changelog).as("the person store is changelogged").isNotEmpty();
        // A new instance restores the store from its changelog, as Kafka Streams does on a restart or migration
        // (TopologyTestDriver does not, so the test replays the logged records itself).
        try (TopologyHarness h = new TopologyHarness(registry, TestCards.personCard(4, 2, 4, 32), Map.of(),
                state.resolve("second"), TopologyHarness.START, PoseModel.open(POSE_MODEL))) {
            KeyValueStore<String, PersonCameraState> store = h.driver.getKeyValueStore(ActionTopology.PERSON_STORE);
            PersonCameraStateSerde serde = new PersonCameraStateSerde();
            changelog.forEach(r -> store.put(r.key(), serde.deserializer().deserialize("t", r.value())));
            SCENE.subList(30, FRAMES).forEach(h::send);
            resumed.addAll(h.events());
        }
        assertThat(resumed).extracting(ActionEvent::getEventId)
                .containsExactlyElementsOf(uninterrupted.stream().map(ActionEvent::getEventId).toList());
    }
}
