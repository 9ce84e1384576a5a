package io.actionwatch.operator.export;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Puts the frames found for a clip in sequence order and fills each gap in its sequence range with a placeholder,
 * so a sheet or animation shows where frames are missing instead of closing up over them.
 */
public final class ClipFrames {

    /**
     * Most frames one export draws: a clip is a few seconds of one camera (tens of frames); a range far longer means
     * a sequence range that is not one clip's (a camera restart within the span), and would exhaust memory.
     */
    public static final int MAX_FRAMES = 1000;

    private ClipFrames() {
    }

    /**
     * @param found    the frames read for the clip (any order; for a sequence read twice, the first is kept)
     * @param expected the clip's sequence range; when absent, the range from the first to the last frame found
     * @throws IllegalArgumentException when nothing was found and no range is known, or the range is over
     *                                  {@link #MAX_FRAMES}
     */
    public static List<ClipFrame> inOrder(Collection<ClipFrame> found, Optional<ClipSubject.SequenceRange> expected) {
        TreeMap<Long, ClipFrame> bySequence = new TreeMap<>();
        for (ClipFrame frame : found) {
            bySequence.putIfAbsent(frame.sequence(), frame);
        }
        if (expected.isEmpty() && bySequence.isEmpty()) {
            throw new IllegalArgumentException("no frames found and no sequence range known: nothing to draw");
        }
        long first = expected.map(ClipSubject.SequenceRange::first).orElseGet(bySequence::firstKey);
        long last = expected.map(ClipSubject.SequenceRange::last).orElseGet(bySequence::lastKey);
        if (last - first + 1 > MAX_FRAMES) {
            throw new IllegalArgumentException("the clip's sequence range " + first + ".." + last + " holds "
                    + (last - first + 1) + " frames, more than the " + MAX_FRAMES + " one export draws");
        }
        List<ClipFrame> frames = new ArrayList<>();
        for (long sequence = first; sequence <= last; sequence++) {
            frames.add(bySequence.getOrDefault(sequence, ClipFrame.missing(sequence)));
        }
        return frames;
    }
}
