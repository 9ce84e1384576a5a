package io.actionwatch.schemas;

import java.util.function.IntFunction;

/**
 * Which characters a string written by a producer may not hold, shared by the rules for camera ids
 * ({@link CameraIds}) and for a frame's other strings ({@link FrameLimits}), so an identifier means the same in both.
 */
final class TextRules {

    private TextRules() {
    }

    /**
     * Why an identifier (a camera id, a metadata key) may not contain {@code codePoint}, else null: control
     * characters (a newline forges log lines), whitespace and other separators (an id with a trailing space looks
     * like another; identifiers are printed as whitespace-separated fields), format characters (zero-width and
     * bidirectional controls make different strings look alike or reorder a line), unpaired surrogates (not text).
     */
    static String notInIdentifier(int codePoint) {
        if (Character.isISOControl(codePoint)) {
            return "a control character";
        }
        if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
            return "a whitespace character";
        }
        return invisible(codePoint);
    }

    /**
     * Why free text (a metadata value) may not contain {@code codePoint}, else null: as for identifiers, except that
     * spaces are allowed; line and paragraph separators are not (they break a line as a newline does).
     */
    static String notInText(int codePoint) {
        if (Character.isISOControl(codePoint)) {
            return "a control character";
        }
        int type = Character.getType(codePoint);
        if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return "a line separator";
        }
        return invisible(codePoint);
    }

    /** {@code "has <kind> U+XXXX at position N"} for the first character {@code rule} refuses, else null. */
    static String firstRefused(String text, IntFunction<String> rule) {
        int position = 0;
        for (int i = 0; i < text.length(); position++) {
            int codePoint = text.codePointAt(i);
            String kind = rule.apply(codePoint);
            if (kind != null) {
                return String.format("has %s U+%04X at position %d", kind, codePoint, position);
            }
            i += Character.charCount(codePoint);
        }
        return null;
    }

    private static String invisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.FORMAT -> "an invisible format character";
            case Character.SURROGATE -> "an unpaired surrogate";
            default -> null;
        };
    }
}
