package io.actionwatch.operator.export;

import io.actionwatch.operator.connect.Connection;
import io.actionwatch.operator.kafka.RecordDecoder;
import io.actionwatch.operator.kafka.TopicRangeReader;
import io.actionwatch.operator.range.TimeRange;
import io.actionwatch.operator.replay.FrameOffsets;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.text.UntrustedText;
import io.actionwatch.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * Reads the frames of one camera captured within a clip's span from the frames topic, decoding each into a tile of
 * the export's width. The read starts at the clip's start through the timestamp index and stops at the first record
 * stamped {@link FrameOffsets#LATE_ARRIVAL} after its end (the same allowance a replay makes for cameras sharing a
 * partition), so a day of frames is never read for a few seconds of clip.
 */
final class ClipFrameReader {

    private static final String CLIENT_ID = "actionwatch-operator-export-clip";

    /** What was read: the frames in the span, and how many records of the camera could not be read at all. */
    record Result(List<ClipFrame> frames, long unreadableRecords) {
    }

    private final Connection connection;
    private final FrameDecoder decoder;

    ClipFrameReader(Connection connection, FrameDecoder decoder) {
        this.connection = connection;
        this.decoder = decoder;
    }

    /**
     * @throws IllegalArgumentException when the span's frames are no longer retained (older than the oldest frame
     *                                  in the topic), saying so; the topic's retention is in {@link Topics}
     */
    Result read(String topic, ClipSubject clip) {
        TimeRange span = new TimeRange(clip.clipStart(), Optional.of(clip.clipEnd().plus(Duration.ofMillis(1))));
        byte[] cameraKey = clip.cameraId().getBytes(StandardCharsets.UTF_8);
        List<ClipFrame> frames = new ArrayList<>();
        try (Serde<VideoFrame> serde = AvroSerdes.specific(VideoFrame.class, connection.serdeConfig(), false);
             TopicRangeReader reader = new TopicRangeReader(connection.client(), CLIENT_ID)) {
            RecordDecoder<VideoFrame> records = new RecordDecoder<>(serde.deserializer());
            reader.read(topic, span, clip.clipEnd().plus(FrameOffsets.LATE_ARRIVAL), record -> {
                // The key is the camera id: other cameras' frames are passed over without decoding their payload.
                if (record.key() != null && !Arrays.equals(record.key(), cameraKey)) {
                    return;
                }
                records.decode(record).filter(frame -> frame.getCameraId().equals(clip.cameraId()))
                        .ifPresent(frame -> frames.add(decoder.decode(frame)));
            });
            if (frames.isEmpty()) {
                refuseIfExpired(reader, topic, clip);
            }
            return new Result(frames, records.unreadable());
        }
    }

    private static void refuseIfExpired(TopicRangeReader reader, String topic, ClipSubject clip) {
        Optional<Instant> oldest = reader.oldestRetained(topic);
        if (oldest.isEmpty() || oldest.get().isAfter(clip.clipStart())) {
            throw new IllegalArgumentException("the frames of " + UntrustedText.excerpt(clip.source()) + " (camera "
                    + UntrustedText.excerpt(clip.cameraId())
                    + ", captured from " + clip.clipStart() + ") are no longer in " + topic + ", whose oldest frame now is "
                    + oldest.map(Instant::toString).orElse("none (the topic is empty)") + " (" + Topics.FRAMES
                    + " keeps frames for "
                    + Topics.FRAMES_RETENTION.toHours() + " h)");
        }
    }
}
