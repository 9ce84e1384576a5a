package io.actionwatch.text;

/**
 * Strings that come from records (camera ids, record keys, metadata values, payload error messages) as they may be
 * put into log lines and dead-letter reasons: bounded and on one line. A producer controls these strings, so written
 * whole they could fill the log with a 10,000-character id or, with a newline, forge a log line of their own.
 */
public final class UntrustedText {

    /** Characters of a value kept; as long as the longest valid camera id, so a valid id is always shown whole. */
    public static final int MAX_CHARS = 128;

    private UntrustedText() {
    }

    /**
     * At most {@value #MAX_CHARS} characters (code points) of {@code value}, then {@code "...(N more chars)"} when it
     * was longer; control, format and line-separator characters are written as {@code \\uXXXX} escapes so the result
     * stays on one line and shows what is there. {@code null} gives {@code "null"}. A short, printable value is
     * returned as it is (no copy: this runs on log calls of every frame).
     */
    public static String excerpt(String value) {
        if (value == null) {
            return "null";
        }
        if (value.length() <= MAX_CHARS && isPlain(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_CHARS) + 24);
        int kept = 0;
        int i = 0;
        while (i < value.length() && kept < MAX_CHARS) {
            int codePoint = value.codePointAt(i);
            if (mustEscape(codePoint)) {
                out.append(String.format("\\u%04X", codePoint));
            } else {
                out.appendCodePoint(codePoint);
            }
            i += Character.charCount(codePoint);
            kept++;
        }
        if (i < value.length()) {
            out.append("...(").append(value.codePointCount(i, value.length())).append(" more chars)");
        }
        return out.toString();
    }

    private static boolean isPlain(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (mustEscape(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Characters that would break the line, hide text or reorder it. */
    private static boolean mustEscape(int codePoint) {
        if (Character.isISOControl(codePoint)) {
            return true;
        }
        int type = Character.getType(codePoint);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }
}
