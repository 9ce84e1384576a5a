package io.actionwatch.ingest.scene;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A synthetic camera's endless video: one to four people in a fixed room, each performing their own random sequence
 * of actions ({@link Performer}), with the true action, phase, posture and keypoints of every person in every
 * frame. Deterministic for a seed; a scene of one person is exactly the scene this project rendered before scenes
 * had several.
 *
 * <p>People stand at different depths (their feet on different rows of the floor) and nearer people are drawn over
 * farther ones, so a walker crossing someone hides or is hidden by them, as in a real camera.
 */
public final class SyntheticScene implements AutoCloseable {

    private static final long NOISE = 7;

    private final SceneSettings settings;
    private final Stage stage;
    private final SceneCanvas canvas;
    private final long noiseSeed;
    /** In person order: the order of the truth in each frame. */
    private final List<Performer> people = new ArrayList<>();
    /** Far to near: feet higher in the picture first, ties in person order. */
    private final List<Performer> drawingOrder;

    private long frameIndex;

    public SyntheticScene(SceneSettings settings) {
        this.settings = settings;
        this.stage = new Stage(settings.seed(), settings.width(), settings.height(), settings.sensorNoise(),
                settings.people());
        this.canvas = new SceneCanvas(settings.width(), settings.height());
        this.noiseSeed = SceneRandom.stream(settings.seed(), NOISE).nextLong();
        for (int p = 0; p < settings.people(); p++) {
            people.add(new Performer(settings, stage.people.get(p), p));
        }
        List<Performer> order = new ArrayList<>(people);
        order.sort(Comparator.comparingDouble(performer -> performer.appearance.feetY));
        drawingOrder = List.copyOf(order);
    }

    public SceneSettings settings() {
        return settings;
    }

    /** Renders the next frame into the scene's reused image. */
    public SceneFrame next() {
        for (Performer p : people) {
            p.pose();
        }
        canvas.clear(stage);
        for (Performer p : drawingOrder) {
            canvas.draw(p.skeleton, p.appearance, p.anchorX(), p.facing(), p.keypoints);
        }
        canvas.expose(stage, SceneRandom.mix(noiseSeed + frameIndex));
        List<ScenePerson> truth = new ArrayList<>(people.size());
        for (Performer p : people) {
            truth.add(p.finish());
        }
        return new SceneFrame(canvas.image(), frameIndex++, List.copyOf(truth));
    }

    @Override
    public void close() {
        canvas.close();
    }
}
