package io.actionwatch.schemas;

import java.util.Optional;

/**
 * What a camera id must be, declared once: a camera checks its own id with it at start-up, and the stream application
 * refuses frames of any other id at intake (dead letter {@code INVALID_CAMERA_ID}). The id is the record key of
 * {@code frames.v1} and {@code actions.v1}, a state store key, a log field and an alert subject, so it must be:
 * <ul>
 *   <li>non-empty;</li>
 *   <li>at most {@value #MAX_LENGTH} characters (Unicode code points), so keys, logs and dead-letter reasons stay
 *       bounded;</li>
 *   <li>printable: no control characters (ISO C0/C1: a newline would forge log lines), no format characters
 *       (zero-width characters and bidirectional overrides make two different ids look alike or reorder a log line),
 *       no unpaired surrogates (not text: UTF-8 would replace them, so the record key would no longer equal the id),
 *       and no whitespace or other separators anywhere, leading and trailing included: {@code "cam-1 "} would be
 *       another camera than {@code "cam-1"} that looks the same, and ids are printed as whitespace-separated fields
 *       ({@code camera=... seq=...} log lines, the sink's event lines).</li>
 * </ul>
 * Any other character is allowed (letters of any script, digits, punctuation, symbols).
 */
public final class CameraIds {

    public static final int MAX_LENGTH = 128;

    private CameraIds() {
    }

    /**
     * What is wrong with {@code cameraId}, or empty when it is a valid camera id. The text never quotes the id (it
     * may be huge or unprintable): it names the rule and, for a bad character, its code point and position.
     */
    public static Optional<String> problem(String cameraId) {
        if (cameraId == null || cameraId.isEmpty()) {
            return Optional.of("camera id is empty");
        }
        int length = cameraId.codePointCount(0, cameraId.length());
        if (length > MAX_LENGTH) {
            return Optional.of("camera id is " + length + " characters long; at most " + MAX_LENGTH
                    + " are allowed");
        }
        String refused = TextRules.firstRefused(cameraId, TextRules::notInIdentifier);
        if (refused != null) {
            return Optional.of("camera id " + refused + "; ids must be printable and without whitespace");
        }
        return Optional.empty();
    }

    /** Shorthand for {@code problem(cameraId).isEmpty()}. */
    public static boolean isValid(String cameraId) {
        return problem(cameraId).isEmpty();
    }
}
