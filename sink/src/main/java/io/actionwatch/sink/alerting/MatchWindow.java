package io.actionwatch.sink.alerting;

/** The match/no-match outcomes of a subject's (camera's or tracked person's) last n events for one rule, with a running count of matches. */
final class MatchWindow {

    private final boolean[] slots;
    private int next;
    private int filled;
    private int matches;

    MatchWindow(int n) {
        this.slots = new boolean[n];
    }

    /** Records one event's outcome, dropping the oldest once n are held; returns the matches now in the window. */
    int record(boolean match) {
        if (filled == slots.length) {
            if (slots[next]) {
                matches--;
            }
        } else {
            filled++;
        }
        slots[next] = match;
        if (match) {
            matches++;
        }
        next = (next + 1) % slots.length;
        return matches;
    }
}
