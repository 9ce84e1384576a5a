package io.actionwatch.inference.event;

import io.actionwatch.inference.model.ModelCard;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.LabelScore;
import io.actionwatch.schemas.Person;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns one clip's logits into an {@link ActionEvent}: softmax, top-k, deterministic id, timings. */
public final class ActionEventFactory {

    private final ModelCard card;
    private final int topK;

    public ActionEventFactory(ModelCard card, int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("top.k must be >= 1, was " + topK);
        }
        this.card = card;
        this.topK = Math.min(topK, card.labels().size());
    }

    public ActionEvent create(ClipSummary clip, float[] logits, long emitMillis, float inferenceMillis, int batchSize) {
        return create(clip, null, logits, emitMillis, inferenceMillis, batchSize);
    }

    /**
     * @param person the tracked person the clip follows (per-person models), or null for a whole-frame clip
     */
    public ActionEvent create(ClipSummary clip, Person person, float[] logits, long emitMillis, float inferenceMillis,
                              int batchSize) {
        List<String> labels = card.labels();
        if (logits.length != labels.size()) {
            throw new IllegalArgumentException(logits.length + " logits for " + labels.size() + " labels");
        }
        float[] probabilities = new float[logits.length];
        Softmax.apply(logits, probabilities);
        List<LabelScore> top = topK(labels, probabilities);
        return ActionEvent.newBuilder()
                .setEventId(person == null
                        ? EventIds.of(clip.cameraId(), clip.firstSequence(), clip.lastSequence(), clip.startMillis(),
                        card.name(), card.version())
                        : EventIds.ofPerson(clip.cameraId(), person.getTrackId(), clip.firstSequence(),
                        clip.lastSequence(), clip.startMillis(), card.name(), card.version()))
                .setPerson(person)
                .setCameraId(clip.cameraId())
                .setClipStartTime(Instant.ofEpochMilli(clip.startMillis()))
                .setClipEndTime(Instant.ofEpochMilli(clip.endMillis()))
                .setFirstSequence(clip.firstSequence())
                .setLastSequence(clip.lastSequence())
                .setFrameCount(clip.frameCount())
                .setMissingFrames(clip.missingFrames())
                .setLabel(top.get(0).getLabel())
                .setScore(top.get(0).getScore())
                .setTopK(top)
                .setGroundTruth(clip.groundTruth())
                .setModelName(card.name())
                .setModelVersion(card.version())
                .setEmitTime(Instant.ofEpochMilli(emitMillis))
                .setCaptureToEmitMillis(emitMillis - clip.endMillis())
                .setInferenceMillis(inferenceMillis)
                .setBatchSize(batchSize)
                .build();
    }

    /** The k best classes, best first; ties keep label order so output is deterministic. */
    private List<LabelScore> topK(List<String> labels, float[] probabilities) {
        List<LabelScore> top = new ArrayList<>(topK);
        boolean[] taken = new boolean[probabilities.length];
        for (int r = 0; r < topK; r++) {
            int best = -1;
            for (int i = 0; i < probabilities.length; i++) {
                if (!taken[i] && (best < 0 || probabilities[i] > probabilities[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            top.add(new LabelScore(labels.get(best), probabilities[best]));
        }
        return top;
    }
}
