package io.actionwatch.ingest.scene;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;

/** Everything about a scene that is fixed for a seed: the people's appearances, the painted backdrop, the noise. */
final class Stage {

    private static final long APPEARANCE = 1;
    private static final long BACKDROP = 2;

    /** The first person: the backdrop (floor line, wall brightness) and the camera noise are painted for them. */
    final Appearance appearance;
    /** Everyone in the room, the first person first. */
    final List<Appearance> people;
    final byte[] backdrop;
    final SensorNoise noise;

    Stage(long seed, int width, int height, boolean sensorNoise) {
        this(seed, width, height, sensorNoise, 1);
    }

    Stage(long seed, int width, int height, boolean sensorNoise, int people) {
        appearance = new Appearance(SceneRandom.stream(seed, APPEARANCE), width, height, sensorNoise);
        List<Appearance> all = new ArrayList<>(people);
        all.add(appearance);
        for (int p = 1; p < people; p++) {
            all.add(new Appearance(SceneRandom.stream(seed, APPEARANCE, p), height, appearance));
        }
        this.people = List.copyOf(all);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Backdrop.paint(image, SceneRandom.stream(seed, BACKDROP), appearance);
        backdrop = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        noise = new SensorNoise(appearance.noiseSigma);
    }
}
