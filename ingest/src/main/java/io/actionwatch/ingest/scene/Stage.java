package io.actionwatch.ingest.scene;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Everything about a scene that is fixed for a seed: the person's appearance, the painted backdrop, the noise. */
final class Stage {

    private static final long APPEARANCE = 1;
    private static final long BACKDROP = 2;

    final Appearance appearance;
    final byte[] backdrop;
    final SensorNoise noise;

    Stage(long seed, int width, int height, boolean sensorNoise) {
        appearance = new Appearance(SceneRandom.stream(seed, APPEARANCE), width, height, sensorNoise);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Backdrop.paint(image, SceneRandom.stream(seed, BACKDROP), appearance);
        backdrop = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        noise = new SensorNoise(appearance.noiseSigma);
    }
}
