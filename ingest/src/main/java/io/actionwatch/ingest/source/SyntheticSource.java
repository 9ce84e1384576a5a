package io.actionwatch.ingest.source;

import io.actionwatch.ingest.scene.SceneFrame;
import io.actionwatch.ingest.scene.ScenePerson;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.ingest.scene.SyntheticScene;
import io.actionwatch.schemas.SceneTruth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The synthetic scene as a camera: endless frames with every person's ground truth in the frame metadata, under the
 * keys of {@link SceneTruth}: {@code person.<i>.label}, {@code person.<i>.posture} and {@code person.<i>.box} for
 * each person {@code i}, and, when the scene has one person, that person's action and posture under {@code label}
 * and {@code posture} as well. {@code new SyntheticSource(SceneSettings.defaults(seed).withPeople(3))} is a camera
 * watching three people.
 */
public final class SyntheticSource implements FrameSource {

    public static final String LABEL = SceneTruth.LABEL;
    public static final String POSTURE = SceneTruth.POSTURE;

    private final SyntheticScene scene;

    public SyntheticSource(SceneSettings settings) {
        this.scene = new SyntheticScene(settings);
    }

    @Override
    public SourceFrame next() {
        SceneFrame frame = scene.next();
        List<ScenePerson> people = frame.people();
        Map<String, String> metadata = new HashMap<>();
        if (people.size() == 1) {
            metadata.put(LABEL, frame.action().label());
            metadata.put(POSTURE, frame.posture().label());
        }
        for (int i = 0; i < people.size(); i++) {
            ScenePerson person = people.get(i);
            metadata.put(SceneTruth.personLabel(i), person.action().label());
            metadata.put(SceneTruth.personPosture(i), person.posture().label());
            metadata.put(SceneTruth.personBox(i), SceneTruth.formatBox(person.box()));
        }
        return new SourceFrame(frame.image(), Map.copyOf(metadata));
    }

    @Override
    public String describe() {
        SceneSettings s = scene.settings();
        String people = s.people() > 1 ? ", " + s.people() + " people" : "";
        return "synthetic(seed=" + s.seed() + ", " + s.width() + "x" + s.height() + people + ")";
    }

    @Override
    public void close() {
        scene.close();
    }
}
