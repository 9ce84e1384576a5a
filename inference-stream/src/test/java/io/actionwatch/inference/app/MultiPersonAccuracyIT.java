package io.actionwatch.inference.app;

import io.actionwatch.inference.model.ExecutionProviders;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.inference.model.OnnxClassifier;
import io.actionwatch.inference.pose.PoseModel;
import io.actionwatch.inference.testing.ScriptedSchemaRegistry;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.schemas.ActionEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-person accuracy on held-out synthetic scenes with several people (2 and 3 figures, different actions at once,
 * crossings and occlusions), through the whole per-person topology: real pose model, tracker, person clips, Java
 * skeleton drawing and the shipped per-person model. Truth is the action of the figure a tracked person's box overlaps;
 * clips spanning two actions have none and are not scored. The frozen-backbone baseline is compared in
 * {@code PersonModelAccuracyIT}: running the pose model over these scenes a second time for it doubled this test's time.
 */
class MultiPersonAccuracyIT {

    private static final Logger log = LoggerFactory.getLogger(MultiPersonAccuracyIT.class);
    private static final Path PERSON_MODEL = Path.of(System.getProperty("actionwatch.person.model",
            Path.of("..", "model", "person").toString()));
    private static final Path POSE_MODEL = Path.of("..", "model", "pose", "movenet-multipose");
    /** Seeds no training data set uses (those are small). */
    private static final long[] SEEDS = {900_101, 900_102, 900_103};
    private static final int[] PEOPLE = {2, 3, 2};
    private static final int FRAMES = 720;

    private static ScriptedSchemaRegistry registry;

    @TempDir
    Path state;

    @BeforeAll
    static void startRegistry() {
        registry = ScriptedSchemaRegistry.start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private record Score(int correct, int scored, int events, long people, Map<String, int[]> perLabel) {
    }

    private Score score(ModelDirectory model, String name) {
        int correct = 0;
        int scored = 0;
        int events = 0;
        long people = 0;
        Map<String, int[]> perLabel = new TreeMap<>();
        try (OnnxClassifier onnx = OnnxClassifier.open(model, List.of(ExecutionProviders.CPU), 0, 8, 1)) {
            for (int s = 0; s < SEEDS.length; s++) {
                List<ActionEvent> out;
                try (TopologyHarness h = new TopologyHarness(registry, model.card(), Map.of(),
                        state.resolve(name + "-" + s), TopologyHarness.START, PoseModel.open(POSE_MODEL), onnx)) {
                    TopologyHarness.syntheticCamera("mp-" + s, SceneSettings.defaults(SEEDS[s]).withPeople(PEOPLE[s]),
                            FRAMES).forEach(h::send);
                    out = h.events();
                }
                events += out.size();
                people += out.stream().map(e -> e.getPerson().getTrackId()).distinct().count();
                for (ActionEvent e : out) {
                    if (e.getGroundTruth() == null) {
                        continue;
                    }
                    boolean right = e.getGroundTruth().equals(e.getLabel());
                    correct += right ? 1 : 0;
                    scored++;
                    int[] c = perLabel.computeIfAbsent(e.getGroundTruth(), l -> new int[2]);
                    c[0] += right ? 1 : 0;
                    c[1]++;
                }
            }
        }
        return new Score(correct, scored, events, people, perLabel);
    }

    @Test
    void perPersonTopOneOnHeldOutMultiPersonScenes() {
        Score adapters = score(ModelDirectory.open(PERSON_MODEL), "adapters");
        StringBuilder table = new StringBuilder();
        adapters.perLabel().forEach((label, c) -> table.append(String.format("%n  %-15s %3d/%3d", label, c[0], c[1])));
        double top1 = (double) adapters.correct() / adapters.scored();
        log.info("multi-person scenes ({} people, {} frames each): {} per-person events, {} tracks; "
                        + "top1={} ({} of {} clips with one true action){}",
                Arrays.toString(PEOPLE), FRAMES, adapters.events(), adapters.people(), top1, adapters.correct(),
                adapters.scored(), table);
        assertThat(adapters.scored()).as("clips with a truth").isGreaterThanOrEqualTo(60);
        assertThat(top1).as("per-person top-1 on held-out multi-person clips").isGreaterThanOrEqualTo(0.90);
    }
}
