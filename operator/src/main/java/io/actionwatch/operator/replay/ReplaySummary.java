package io.actionwatch.operator.replay;

import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.schemas.ActionEvent;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay prints on stdout when it is done: the range and model, frames read and the rate, the events (one per
 * clip) and their counts per label, and where live events exist for the same clips, the agreement per live label.
 *
 * @param agreement null when there was nothing to compare with (the replay wrote into the live topic)
 */
public record ReplaySummary(ModelCard card, Instant from, Instant to, String cameras, String outputTopic, long framesRead,
                     long framesOutsideRange, double seconds, List<ActionEvent> events, Agreement agreement) {

    public double framesPerSecond() {
        return seconds <= 0 ? 0 : framesRead / seconds;
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "replay of %s .. %s (cameras: %s) through %s %s%n", from, to, cameras,
                card.name(), card.version());
        out.printf(Locale.ROOT, "frames read: %d (%d outside the range or cameras) in %.1f s, %.0f frames/s%n",
                framesRead, framesOutsideRange, seconds, framesPerSecond());
        out.printf(Locale.ROOT, "clips: %d events written to %s%n", events.size(), outputTopic);
        out.println("edge rule: only clips whose every frame was captured inside the range are replayed");
        Map<String, Long> perLabel = new TreeMap<>();
        events.forEach(e -> perLabel.merge(e.getLabel(), 1L, Long::sum));
        if (!perLabel.isEmpty()) {
            out.printf(Locale.ROOT, "%-20s %8s%n", "label", "events");
            perLabel.forEach((label, n) -> out.printf(Locale.ROOT, "%-20s %8d%n", label, n));
        }
        if (agreement == null) {
            out.println("agreement: not computed (the replay wrote into the live events topic)");
            return;
        }
        if (agreement.clips() == 0) {
            out.println("agreement: no live events for these clips");
            return;
        }
        out.printf(Locale.ROOT, "agreement with live (%s) on %d clips both have events for (%d live only, %d replay "
                + "only):%n", agreement.liveModels(), agreement.clips(), agreement.liveOnly(), agreement.replayOnly());
        out.printf(Locale.ROOT, "%-20s %8s %8s %8s%n", "live label", "clips", "agree", "share");
        agreement.perLabel().forEach((label, c) -> out.printf(Locale.ROOT, "%-20s %8d %8d %7.1f%%%n", label, c[0],
                c[1], 100.0 * c[1] / c[0]));
        out.printf(Locale.ROOT, "%-20s %8d %8d %7.1f%%%n", "all", agreement.clips(), agreement.agreeing(),
                100.0 * agreement.agreeing() / agreement.clips());
    }
}
