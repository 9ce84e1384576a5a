package io.actionwatch.ingest.video;

import java.time.Duration;
import java.util.Objects;

/**
 * How a camera reads a {@link VideoInput}.
 *
 * @param input what to read
 * @param loop a file starts again at its end (ignored for live inputs)
 * @param realTime a file is played at its own frame rate (false: as fast as the camera can take it); live inputs
 *                 are always real time
 * @param maxFps frames above this rate are dropped at the source, by their timestamps; {@code <= 0} keeps all
 * @param boxWidth frames are scaled down to fit this width, aspect ratio kept; 0 keeps the source's width
 * @param boxHeight frames are scaled down to fit this height, aspect ratio kept; 0 keeps the source's height
 * @param deviceFormat the pixel format asked of a V4L2 device, e.g. {@code mjpeg} (its JPEGs are then published
 *                     without re-encoding when no scaling is needed), or null for the device's default
 * @param ioTimeout how long a network read or connect may take before the stream counts as dropped
 * @param reconnectMin the first wait before reconnecting a dropped live input; doubled per failed try
 * @param reconnectMax the longest wait between reconnection attempts
 */
public record VideoSourceSettings(VideoInput input, boolean loop, boolean realTime, double maxFps, int boxWidth,
                                  int boxHeight, String deviceFormat, Duration ioTimeout, Duration reconnectMin,
                                  Duration reconnectMax) {

    public static final Duration DEFAULT_IO_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(10);
    public static final String DEFAULT_DEVICE_FORMAT = "mjpeg";

    public VideoSourceSettings {
        Objects.requireNonNull(input, "input");
        if (Double.isNaN(maxFps) || Double.isInfinite(maxFps)) {
            throw new IllegalArgumentException("maxFps must be finite, got " + maxFps);
        }
        if (boxWidth < 0 || boxHeight < 0) {
            throw new IllegalArgumentException("the size box must be >= 0, got " + boxWidth + "x" + boxHeight);
        }
        if (ioTimeout.isNegative() || ioTimeout.isZero()) {
            throw new IllegalArgumentException("ioTimeout must be positive, got " + ioTimeout);
        }
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnect waits must be positive with min <= max, got "
                    + reconnectMin + " and " + reconnectMax);
        }
    }

    /** Every frame at the source's size, a file once at its own rate, the default timeouts. */
    public static VideoSourceSettings of(VideoInput input) {
        return new VideoSourceSettings(input, false, true, 0, 0, 0, DEFAULT_DEVICE_FORMAT, DEFAULT_IO_TIMEOUT,
                DEFAULT_RECONNECT_MIN, DEFAULT_RECONNECT_MAX);
    }

    public VideoSourceSettings withLoop(boolean newLoop) {
        return new VideoSourceSettings(input, newLoop, realTime, maxFps, boxWidth, boxHeight, deviceFormat,
                ioTimeout, reconnectMin, reconnectMax);
    }

    public VideoSourceSettings withRealTime(boolean newRealTime) {
        return new VideoSourceSettings(input, loop, newRealTime, maxFps, boxWidth, boxHeight, deviceFormat,
                ioTimeout, reconnectMin, reconnectMax);
    }

    public VideoSourceSettings withMaxFps(double newMaxFps) {
        return new VideoSourceSettings(input, loop, realTime, newMaxFps, boxWidth, boxHeight, deviceFormat,
                ioTimeout, reconnectMin, reconnectMax);
    }

    public VideoSourceSettings withBox(int width, int height) {
        return new VideoSourceSettings(input, loop, realTime, maxFps, width, height, deviceFormat, ioTimeout,
                reconnectMin, reconnectMax);
    }

    public VideoSourceSettings withDeviceFormat(String format) {
        return new VideoSourceSettings(input, loop, realTime, maxFps, boxWidth, boxHeight, format, ioTimeout,
                reconnectMin, reconnectMax);
    }

    public VideoSourceSettings withReconnect(Duration min, Duration max) {
        return new VideoSourceSettings(input, loop, realTime, maxFps, boxWidth, boxHeight, deviceFormat, ioTimeout,
                min, max);
    }
}
