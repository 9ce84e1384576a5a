package io.actionwatch.operator.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps the {@code limit} earliest of the matches offered, by record time and then partition and offset, so a
 * listing comes out in time order across partitions and its memory is bounded by the limit however long the range.
 */
final class EarliestMatches<T> {

    /** One match and where it was read. */
    record Match<T>(long timestamp, int partition, long offset, T value) {
    }

    private static final Comparator<Match<?>> ORDER = Comparator.<Match<?>>comparingLong(Match::timestamp)
            .thenComparingInt(Match::partition).thenComparingLong(Match::offset);

    private final int limit;
    /** The latest match kept is at the head, ready to give way to an earlier one. */
    private final PriorityQueue<Match<T>> kept;
    private long offered;

    EarliestMatches(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, was " + limit);
        }
        this.limit = limit;
        this.kept = new PriorityQueue<>(Math.min(limit, 1024), ORDER.reversed());
    }

    void offer(Match<T> match) {
        offered++;
        if (kept.size() < limit) {
            kept.add(match);
        } else if (ORDER.compare(match, kept.peek()) < 0) {
            kept.poll();
            kept.add(match);
        }
    }

    /** Every match offered, kept or not. */
    long offered() {
        return offered;
    }

    /** The kept matches, earliest first. */
    List<Match<T>> earliestFirst() {
        List<Match<T>> sorted = new ArrayList<>(kept);
        sorted.sort(ORDER);
        return sorted;
    }
}
