package io.actionwatch.ingest.source;

import io.actionwatch.ingest.scene.Action;
import io.actionwatch.ingest.scene.Posture;
import io.actionwatch.ingest.scene.SceneFrame;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.ingest.scene.SyntheticScene;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The synthetic scene as a camera: endless frames with the true action under metadata {@code label} and the
 * frame's posture under {@code posture}.
 */
public final class SyntheticSource implements FrameSource {

    public static final String LABEL = "label";
    public static final String POSTURE = "posture";

    private final SyntheticScene scene;
    /**
     * The metadata maps are few (action x posture) and immutable: built once, shared by every frame. Index:
     * action ordinal * posture count + posture ordinal.
     */
    private final List<Map<String, String>> metadata = new ArrayList<>();

    public SyntheticSource(SceneSettings settings) {
        this.scene = new SyntheticScene(settings);
        for (Action a : Action.values()) {
            for (Posture p : Posture.values()) {
                metadata.add(Map.of(LABEL, a.label(), POSTURE, p.label()));
            }
        }
    }

    @Override
    public SourceFrame next() {
        SceneFrame frame = scene.next();
        return new SourceFrame(frame.image(),
                metadata.get(frame.action().ordinal() * Posture.values().length + frame.posture().ordinal()));
    }

    @Override
    public String describe() {
        SceneSettings s = scene.settings();
        return "synthetic(seed=" + s.seed() + ", " + s.width() + "x" + s.height() + ")";
    }

    @Override
    public void close() {
        scene.close();
    }
}
