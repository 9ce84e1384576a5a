package io.actionwatch.ingest.video;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * What FFmpeg reads: a video file, an RTSP stream or a V4L2 device. Files end (and may loop); streams and devices
 * are live: they deliver frames in their own time and are reconnected when they drop.
 *
 * @param kind which of the three
 * @param location a file path, an {@code rtsp://} URL, or a device path such as {@code /dev/video0}
 */
public record VideoInput(Kind kind, String location) {

    public enum Kind {
        FILE, RTSP, DEVICE;

        /** Whether frames arrive in real time from outside (reconnect when dropped) rather than from storage. */
        public boolean live() {
            return this != FILE;
        }
    }

    public VideoInput {
        Objects.requireNonNull(kind, "kind");
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("a video input needs a location");
        }
        if (kind == Kind.RTSP && !location.toLowerCase(Locale.ROOT).startsWith("rtsp://")
                && !location.toLowerCase(Locale.ROOT).startsWith("rtsps://")) {
            throw new IllegalArgumentException("an RTSP source needs an rtsp:// or rtsps:// URL, got " + location);
        }
    }

    public static VideoInput file(Path path) {
        return new VideoInput(Kind.FILE, path.toString());
    }

    public static VideoInput rtsp(String url) {
        return new VideoInput(Kind.RTSP, url);
    }

    public static VideoInput device(String path) {
        return new VideoInput(Kind.DEVICE, path);
    }

    /** The location for logs: an RTSP URL without its user information (cameras put passwords there). */
    public String redacted() {
        if (kind != Kind.RTSP) {
            return location;
        }
        int scheme = location.indexOf("://") + 3;
        int at = location.indexOf('@', scheme);
        int slash = location.indexOf('/', scheme);
        if (at < 0 || (slash >= 0 && at > slash)) {
            return location;
        }
        return location.substring(0, scheme) + "***@" + location.substring(at + 1);
    }
}
