package io.actionwatch.schemas;

import io.actionwatch.text.UntrustedText;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link VideoFrame}'s strings other than its camera id ({@link CameraIds}) may be, declared once: cameras
 * check each frame with it before they publish it, and the stream application refuses other frames at intake as
 * dead letters ({@code UNSUPPORTED_CODEC}, {@code INVALID_METADATA}). Frames come from cameras, which the
 * application does not trust, and metadata is copied into clip state, events (ground truth) and log lines, so:
 * <ul>
 *   <li>the codec is at most {@value #MAX_CODEC_CHARS} characters (names such as {@code jpeg});</li>
 *   <li>the metadata has at most {@value #MAX_METADATA_ENTRIES} entries; a synthetic scene of the most people it
 *       renders (four) writes 12 ({@link SceneTruth});</li>
 *   <li>a key is a non-empty identifier of at most {@value #MAX_METADATA_KEY_CHARS} characters, printable and
 *       without whitespace, as a camera id ({@code person.0.box});</li>
 *   <li>a value is at most {@value #MAX_METADATA_VALUE_CHARS} characters of printable text: spaces are allowed,
 *       control characters, line separators, invisible format characters and unpaired surrogates are not;</li>
 *   <li>keys and values together are at most {@value #MAX_METADATA_BYTES} bytes in UTF-8.</li>
 * </ul>
 * Characters are Unicode code points. These are contract limits, not settings: a camera and the application must
 * agree on them, so changing one is a change of the {@code frames.v1} contract.
 */
public final class FrameLimits {

    public static final int MAX_CODEC_CHARS = 16;
    public static final int MAX_METADATA_ENTRIES = 64;
    public static final int MAX_METADATA_KEY_CHARS = 128;
    public static final int MAX_METADATA_VALUE_CHARS = 1024;
    public static final int MAX_METADATA_BYTES = 16 * 1024;

    private FrameLimits() {
    }

    /**
     * What is wrong with {@code codec}'s length, or empty when it is within the limit. Which codecs a reader can
     * decode is the reader's business; this is only the bound every producer keeps.
     */
    public static Optional<String> codecProblem(String codec) {
        if (codec == null) {
            return Optional.of("codec is missing");
        }
        int length = codec.codePointCount(0, codec.length());
        if (length > MAX_CODEC_CHARS) {
            return Optional.of("codec is " + length + " characters long; at most " + MAX_CODEC_CHARS + " are allowed");
        }
        return Optional.empty();
    }

    /**
     * What is wrong with {@code metadata} (null counts as empty), or empty when it keeps every limit. The text names
     * the limit and what was measured; it quotes a key, never a value, and only through
     * {@link UntrustedText#excerpt}.
     */
    public static Optional<String> metadataProblem(Map<String, String> metadata) {
        if (metadata == null) {
            return Optional.empty();
        }
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            return Optional.of("metadata has " + metadata.size() + " entries; at most " + MAX_METADATA_ENTRIES
                    + " are allowed");
        }
        long bytes = 0;
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            String key = entry.getKey();
            Optional<String> badKey = keyProblem(key);
            if (badKey.isPresent()) {
                return badKey;
            }
            Optional<String> badValue = valueProblem(key, entry.getValue());
            if (badValue.isPresent()) {
                return badValue;
            }
            bytes += utf8Length(key) + utf8Length(entry.getValue());
        }
        if (bytes > MAX_METADATA_BYTES) {
            return Optional.of("metadata is " + bytes + " bytes (keys and values, UTF-8); at most "
                    + MAX_METADATA_BYTES + " are allowed");
        }
        return Optional.empty();
    }

    private static Optional<String> keyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("metadata has an empty key");
        }
        int length = key.codePointCount(0, key.length());
        if (length > MAX_METADATA_KEY_CHARS) {
            return Optional.of("metadata key is " + length + " characters long; at most " + MAX_METADATA_KEY_CHARS
                    + " are allowed (key: " + UntrustedText.excerpt(key) + ")");
        }
        String refused = TextRules.firstRefused(key, TextRules::notInIdentifier);
        if (refused != null) {
            return Optional.of("metadata key " + refused + "; keys must be printable and without whitespace (key: "
                    + UntrustedText.excerpt(key) + ")");
        }
        return Optional.empty();
    }

    /** For a valid {@code key}: what is wrong with its value. */
    private static Optional<String> valueProblem(String key, String value) {
        if (value == null) {
            return Optional.of("metadata value of key " + UntrustedText.excerpt(key) + " is missing");
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_METADATA_VALUE_CHARS) {
            return Optional.of("metadata value of key " + UntrustedText.excerpt(key) + " is " + length
                    + " characters long; at most " + MAX_METADATA_VALUE_CHARS + " are allowed");
        }
        String refused = TextRules.firstRefused(value, TextRules::notInText);
        if (refused != null) {
            return Optional.of("metadata value of key " + UntrustedText.excerpt(key) + " " + refused
                    + "; values must be printable text");
        }
        return Optional.empty();
    }

    /** UTF-8 bytes of a string of valid characters (unpaired surrogates are refused before this counts). */
    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            i += Character.charCount(codePoint);
        }
        return bytes;
    }
}
