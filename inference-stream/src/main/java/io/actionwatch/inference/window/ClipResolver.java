package io.actionwatch.inference.window;

import io.actionwatch.metrics.MetricNames;
import io.actionwatch.inference.batch.BatchOutcome;
import io.actionwatch.inference.batch.ScheduledClip;
import io.actionwatch.inference.event.ActionEventFactory;
import io.actionwatch.inference.event.ClipSummary;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.state.ClipCursor;
import io.actionwatch.inference.state.ClipStream;
import io.actionwatch.inference.state.ClipStreamStore;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.text.UntrustedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * Settles a queue entry once it is done: a classified clip becomes an {@link ActionEvent} handed to the sink, a
 * skipped run is counted; then the stream's cursor moves past the entry and frames no later clip needs are deleted.
 * The cursor moves only after the sink has the event, so under exactly-once a crash in between leaves the clip to be
 * emitted again from restored state, never lost or doubled.
 */
final class ClipResolver implements BatchOutcome<ScheduledClip> {

    /** Where events go; the sink must have forwarded an event by the time it returns. */
    @FunctionalInterface
    interface EventSink {
        void emit(String streamKey, ActionEvent event, long timestampMillis);
    }

    private static final Logger log = LoggerFactory.getLogger(ClipResolver.class);

    private final ClipGeometry geometry;
    private final ClipStreamStore store;
    private final ActionEventFactory events;
    private final PipelineSensors sensors;
    private final EventSink sink;
    private final LongSupplier clock;

    /**
     * @param clock wall clock in milliseconds, for the events' emit time
     */
    ClipResolver(ClipGeometry geometry, ClipStreamStore store, ActionEventFactory events, PipelineSensors sensors,
                 EventSink sink, LongSupplier clock) {
        this.geometry = geometry;
        this.store = store;
        this.events = events;
        this.sensors = sensors;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public void accept(ScheduledClip entry, float[] logits, int batchSize, float inferenceMillis) {
        ClipStream stream = entry.stream();
        if (store.inMemory(stream.key()) != stream) {
            throw new IllegalStateException("stream " + stream.key() + " left memory with clips in the batch");
        }
        ClipCursor cursor = stream.cursor();
        if (logits != null) {
            ClipSummary clip = entry.summary();
            ActionEvent event = events.create(clip, logits, clock.getAsLong(), inferenceMillis, batchSize);
            sink.emit(stream.key(), event, clip.endMillis());
            cursor.clipEmitted(entry.clipIndex(), clip.missingFrames());
            sensors.count(MetricNames.CLIPS_EMITTED);
            sensors.count(MetricNames.EVENTS_EMITTED);
            if (clip.missingFrames() > 0) {
                sensors.count("frames-filled", clip.missingFrames());
            }
            log.debug("clip emitted camera={} clip={} label={} score={} missing={} batch={}",
                    UntrustedText.excerpt(stream.key()), entry.clipIndex(), event.getLabel(), event.getScore(),
                    clip.missingFrames(), batchSize);
        } else {
            cursor.clipsSkipped(entry.resumeAt(), entry.skippedCount());
            sensors.count(MetricNames.CLIPS_SKIPPED, entry.skippedCount());
        }
        store.deleteBefore(stream, geometry.firstSequence(cursor.nextClip()));
        store.persist(stream);
    }
}
