package io.actionwatch.inference.preprocess;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.function.Supplier;

/** Which JPEG decoder the pipeline uses ({@code frame.decoder}). */
public enum JpegDecoderChoice {
    /** libjpeg-turbo when it is installed, otherwise ImageIO (logged once at start). */
    AUTO,
    /** libjpeg-turbo, or fail at start when it is not installed. */
    TURBOJPEG,
    /** The JDK's ImageIO (IJG libjpeg 6b): slower, no native dependency. */
    IMAGEIO;

    private static final Logger log = LoggerFactory.getLogger(JpegDecoderChoice.class);

    public static JpegDecoderChoice parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * Resolves the choice once, so every task of the application uses the same decoder.
     *
     * @throws IllegalStateException for {@link #TURBOJPEG} when libjpeg-turbo cannot be loaded
     */
    public Supplier<ImageDecoder> resolve() {
        boolean turbo = switch (this) {
            case IMAGEIO -> false;
            case TURBOJPEG -> {
                if (!TurboJpegDecoder.isAvailable()) {
                    throw new IllegalStateException("frame.decoder=turbojpeg but " + TurboJpegDecoder.unavailableReason());
                }
                yield true;
            }
            case AUTO -> TurboJpegDecoder.isAvailable();
        };
        if (turbo || this == IMAGEIO) {
            log.info("JPEG decoder chosen decoder={}", turbo ? "turbojpeg" : "imageio");
        } else {
            log.info("JPEG decoder chosen decoder=imageio reason={} (libjpeg-turbo not usable: frames decode slower)",
                    TurboJpegDecoder.unavailableReason());
        }
        return turbo ? TurboJpegDecoder::new : ImageIoJpegDecoder::new;
    }
}
