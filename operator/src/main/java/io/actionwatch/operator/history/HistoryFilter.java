package io.actionwatch.operator.history;

import java.util.Set;

/**
 * Which events or alerts an operator asked for: cameras and labels (exact matches; an empty set accepts any) and a
 * lowest score. The time range is not here: it is applied where the topic is read, by record time.
 *
 * @param minScore lowest top-1 score listed, in [0, 1]; compared in float like the alert rules, so a score printed
 *                 as 0.7 meets {@code --min-score 0.7}
 */
public record HistoryFilter(Set<String> cameras, Set<String> labels, double minScore) {

    public HistoryFilter {
        cameras = Set.copyOf(cameras);
        labels = Set.copyOf(labels);
        if (cameras.stream().anyMatch(String::isBlank) || labels.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("--cameras and --labels must not contain blank names");
        }
        if (!(minScore >= 0.0 && minScore <= 1.0)) {
            throw new IllegalArgumentException("--min-score must be in [0, 1], was " + minScore);
        }
    }

    public boolean accepts(String cameraId, String label, float score) {
        return (cameras.isEmpty() || cameras.contains(cameraId))
                && (labels.isEmpty() || labels.contains(label))
                && score >= (float) minScore;
    }
}
