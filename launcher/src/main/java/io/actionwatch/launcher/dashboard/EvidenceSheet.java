package io.actionwatch.launcher.dashboard;

import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An alert's evidence: the triggering clip's frames, found in {@link Topics#FRAMES} by the alert's camera and clip
 * time span (the record timestamp is the capture time), laid side by side in one PNG. The operator's
 * {@code export-clip} paints richer sheets, but the operator module depends on this one, so this keeps to a strip.
 */
final class EvidenceSheet {

    /** Frames in a strip, evenly spaced over the clip. */
    static final int FRAMES_SHOWN = 6;
    /** Width of one frame in the strip, in pixels; the height keeps the frame's aspect. */
    static final int FRAME_WIDTH = 160;
    /** How long a request may read the frames topic before it answers with what it found. */
    static final Duration READ_LIMIT = Duration.ofSeconds(5);

    private final Map<String, Object> client;

    /** {@code client}: bootstrap servers, registry URL and any security settings. */
    EvidenceSheet(Map<String, Object> client) {
        this.client = Map.copyOf(client);
    }

    /** The PNG strip of {@code alert}'s clip; fails with a clear message when none of its frames are in the topic. */
    byte[] png(Alert alert) {
        List<BufferedImage> images = new ArrayList<>();
        for (VideoFrame frame : evenlySpaced(clipFrames(alert), FRAMES_SHOWN)) {
            images.add(decode(frame));
        }
        return strip(images);
    }

    List<VideoFrame> clipFrames(Alert alert) {
        long start = alert.getClipStartTime().toEpochMilli();
        long end = alert.getClipEndTime().toEpochMilli();
        List<VideoFrame> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                TopicReader.consumerConfig(client, "actionwatch-dashboard-evidence"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             Serde<VideoFrame> frames = AvroSerdes.specific(VideoFrame.class, client, false)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topics.FRAMES, READ_LIMIT)) {
                partitions.add(new TopicPartition(Topics.FRAMES, info.partition()));
            }
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(partition -> at.put(partition, start));
            Map<TopicPartition, OffsetAndTimestamp> firsts = consumer.offsetsForTimes(at, READ_LIMIT);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_LIMIT);
            List<TopicPartition> toRead = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp first = firsts.get(partition);
                if (first != null && first.offset() < ends.get(partition)) {
                    toRead.add(partition);
                }
            }
            consumer.assign(toRead);
            toRead.forEach(partition -> consumer.seek(partition, firsts.get(partition).offset()));
            // A partition is done once it passes the clip's end or reaches the end it had when we started.
            Set<TopicPartition> done = new HashSet<>();
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (done.size() < toRead.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.timestamp() > end || record.offset() >= ends.get(partition) - 1) {
                        done.add(partition);
                    }
                    if (record.timestamp() < start || record.timestamp() > end) {
                        continue;
                    }
                    VideoFrame frame = frames.deserializer().deserialize(record.topic(), record.value());
                    if (frame.getCameraId().equals(alert.getCameraId())) {
                        found.add(frame);
                    }
                }
                consumer.pause(done);
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no frame of camera " + alert.getCameraId() + " between "
                    + alert.getClipStartTime() + " and " + alert.getClipEndTime() + " in " + Topics.FRAMES);
        }
        found.sort((a, b) -> Long.compare(a.getCaptureTime().toEpochMilli(), b.getCaptureTime().toEpochMilli()));
        return found;
    }

    static <T> List<T> evenlySpaced(List<T> all, int count) {
        if (all.size() <= count) {
            return all;
        }
        List<T> chosen = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            chosen.add(all.get((int) ((long) i * (all.size() - 1) / (count - 1))));
        }
        return chosen;
    }

    private static BufferedImage decode(VideoFrame frame) {
        byte[] bytes = new byte[frame.getData().remaining()];
        frame.getData().duplicate().get(bytes);
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalStateException("frame " + frame.getSequence() + " is not an image ImageIO reads ("
                        + frame.getCodec() + ")");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode frame " + frame.getSequence(), e);
        }
    }

    static byte[] strip(List<BufferedImage> images) {
        int height = images.stream()
                .mapToInt(image -> Math.round(image.getHeight() * (FRAME_WIDTH / (float) image.getWidth())))
                .max().orElseThrow();
        BufferedImage sheet = new BufferedImage(FRAME_WIDTH * images.size(), height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            for (int i = 0; i < images.size(); i++) {
                BufferedImage image = images.get(i);
                int scaled = Math.round(image.getHeight() * (FRAME_WIDTH / (float) image.getWidth()));
                g.drawImage(image, i * FRAME_WIDTH, 0, FRAME_WIDTH, scaled, null);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(sheet, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evidence PNG", e);
        }
        return png.toByteArray();
    }
}
