package io.actionwatch.ingest.dataset;

import java.util.regex.Pattern;

/**
 * One split of a data set: its name (a directory name) and how many clips of each action it holds.
 *
 * @param name e.g. train, val, test
 * @param clipsPerClass clips per action label
 */
public record SplitSpec(String name, int clipsPerClass) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    public SplitSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("split name must be letters, digits, '_' or '-', got '" + name + "'");
        }
        if (clipsPerClass < 1) {
            throw new IllegalArgumentException("split " + name + " needs at least one clip per class, got "
                    + clipsPerClass);
        }
    }

    /** Parses {@code name} or {@code name=clipsPerClass}. */
    public static SplitSpec parse(String text, int defaultClipsPerClass) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            return new SplitSpec(text.trim(), defaultClipsPerClass);
        }
        String count = text.substring(eq + 1).trim();
        try {
            return new SplitSpec(text.substring(0, eq).trim(), Integer.parseInt(count));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("split '" + text + "': '" + count + "' is not a whole number", e);
        }
    }
}
