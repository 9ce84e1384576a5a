package io.actionwatch.ingest.encode;

import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JPEG encoding, the one encoder of the project: the camera and the data set both use it, so training data and live
 * frames carry the same compression artefacts. Baseline JFIF with 4:2:0 chroma and the standard tables scaled by the
 * quality, written by libjpeg-turbo's TurboJPEG when the library is installed (about 4x faster: the camera's largest
 * cost at 720p) and by the JDK's ImageIO writer otherwise; both are libjpeg at heart and give the same pixels to within
 * rounding ({@code JpegEncoderTest} measures it). Buffers are reused; not thread-safe (one encoder per thread).
 */
public final class JpegEncoder implements AutoCloseable {

    public static final float DEFAULT_QUALITY = 0.85f;

    private static final Logger log = LoggerFactory.getLogger(JpegEncoder.class);
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    /** One way of writing a JPEG. */
    interface Backend extends AutoCloseable {
        byte[] encode(BufferedImage image);

        @Override
        void close();
    }

    private final float quality;
    private final Backend backend;

    /** @param quality 0 (smallest) to 1 (best), e.g. 0.85 */
    public JpegEncoder(float quality) {
        this(quality, TurboJpegEncoder.isAvailable());
    }

    /** With a chosen backend (tests that compare the two). */
    JpegEncoder(float quality, boolean turbo) {
        if (!(quality >= 0f && quality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality must be in [0, 1], got " + quality);
        }
        this.quality = quality;
        if (turbo) {
            this.backend = new TurboJpegEncoder(Math.round(quality * 100));
        } else {
            if (!TurboJpegEncoder.isAvailable() && FALLBACK_LOGGED.compareAndSet(false, true)) {
                log.info("JPEG encoding with ImageIO: libjpeg-turbo is not installed (Debian/Ubuntu: apt-get install "
                        + "libturbojpeg0), which encodes about 4x faster");
            }
            this.backend = new ImageIoJpegEncoder(quality);
        }
    }

    /** Quality given as a percentage, 0-100 (the CLI's and the card's unit). */
    public static JpegEncoder withPercent(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("JPEG quality must be in 0..100, got " + percent);
        }
        return new JpegEncoder(percent / 100f);
    }

    public float quality() {
        return quality;
    }

    /** Which library writes the JPEGs: {@code turbojpeg} or {@code imageio}. */
    public String backend() {
        return backend instanceof TurboJpegEncoder ? "turbojpeg" : "imageio";
    }

    /**
     * Encodes an RGB image (TYPE_3BYTE_BGR is taken as it is; other types are converted first; images with alpha
     * are refused) and returns a fresh array with the JPEG bytes.
     */
    public byte[] encode(BufferedImage image) {
        return backend.encode(image);
    }

    @Override
    public void close() {
        backend.close();
    }
}
