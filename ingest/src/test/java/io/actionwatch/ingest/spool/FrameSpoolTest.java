package io.actionwatch.ingest.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.schemas.VideoFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameSpoolTest {

    @TempDir
    Path dir;

    private static VideoFrame frame(long sequence) {
        byte[] data = new byte[10_000];
        data[0] = (byte) sequence;
        return new VideoFrame("cam-1", sequence, Instant.ofEpochMilli(1_000 + sequence), "jpeg", 32, 24,
                ByteBuffer.wrap(data), Map.of("k", "v" + sequence), 7L);
    }

    private static final long COST = FrameSpool.sizeOf(frame(10));

    private static List<Long> drain(FrameSpool spool) throws InterruptedException {
        List<Long> sequences = new ArrayList<>();
        VideoFrame frame;
        while ((frame = spool.poll(0)) != null) {
            sequences.add(frame.getSequence());
        }
        return sequences;
    }

    @Test
    void inMemoryKeepsTheNewestFramesWithinTheBound() throws Exception {
        try (FrameSpool spool = new FrameSpool("cam-1", SpoolSettings.inMemory(4 * COST))) {
            for (long i = 10; i < 20; i++) {
                spool.offer(frame(i));
            }
            assertThat(spool.dropped()).isEqualTo(6);
            assertThat(drain(spool)).containsExactly(16L, 17L, 18L, 19L);
        }
    }

    @Test
    void overflowGoesToDiskAndComesBackInOrderWithEveryField() throws Exception {
        SpoolSettings settings = SpoolSettings.inMemory(3 * COST).withDisk(dir, 1024L * 1024);
        try (FrameSpool spool = new FrameSpool("cam-1", settings)) {
            for (long i = 10; i < 60; i++) {
                spool.offer(frame(i));
            }
            assertThat(spool.dropped()).isZero();
            assertThat(spool.frames()).isEqualTo(50);
            assertThat(spool.diskBytes()).isGreaterThan(40 * 10_000L);
            VideoFrame first = spool.poll(0);
            assertThat(first).isEqualTo(frame(10));
            // Interleaved: new frames while the disk is being read still come out after every older one.
            spool.offer(frame(60));
            List<Long> rest = drain(spool);
            assertThat(rest).hasSize(50);
            for (int i = 0; i < rest.size(); i++) {
                assertThat(rest.get(i)).isEqualTo(11L + i);
            }
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("segments are deleted once read").isEmpty();
        }
    }

    @Test
    void pastTheDiskBoundTheOldestSegmentsAreDroppedAndCounted() throws Exception {
        long diskBound = 256 * 1024;
        SpoolSettings settings = SpoolSettings.inMemory(2 * COST).withDisk(dir, diskBound);
        try (FrameSpool spool = new FrameSpool("cam-1", settings)) {
            for (long i = 0; i < 200; i++) {
                spool.offer(frame(i));
            }
            assertThat(spool.diskBytes()).isLessThanOrEqualTo(diskBound);
            List<Long> kept = drain(spool);
            assertThat(spool.dropped() + kept.size()).isEqualTo(200);
            assertThat(spool.dropped()).isGreaterThan(150);
            // What is kept is the newest, contiguous, in order.
            assertThat(kept.get(kept.size() - 1)).isEqualTo(199L);
            for (int i = 1; i < kept.size(); i++) {
                assertThat(kept.get(i)).isEqualTo(kept.get(i - 1) + 1);
            }
        }
    }

    @Test
    void framesOnDiskSurviveARestartAndACutOffRecordIsDiscarded() throws Exception {
        SpoolSettings settings = SpoolSettings.inMemory(2 * COST).withDisk(dir, 1024L * 1024);
        try (FrameSpool spool = new FrameSpool("cam-1", settings)) {
            for (long i = 0; i < 12; i++) {
                spool.offer(frame(i));
            }
            // Frames 10 and 11 are in memory: lost with the process. 0-9 are on disk.
            assertThat(spool.close(true)).isEqualTo(2);
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.sorted().reduce((a, b) -> b).orElseThrow();
        }
        // A crash in the middle of writing a record.
        Files.write(segment, new byte[] {0, 0, 1, 0, 42, 42}, StandardOpenOption.APPEND);
        try (FrameSpool reopened = new FrameSpool("cam-1", settings)) {
            assertThat(reopened.frames()).isEqualTo(10);
            reopened.offer(frame(100));
            assertThat(drain(reopened)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 100L);
        }
    }

    @Test
    void pollWaitsForAFrame() throws Exception {
        try (FrameSpool spool = new FrameSpool("cam-1", SpoolSettings.defaults())) {
            long started = System.nanoTime();
            assertThat(spool.poll(50)).isNull();
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(45_000_000L);
            Thread producer = new Thread(() -> {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                spool.offer(frame(1));
            });
            producer.start();
            assertThat(spool.poll(5_000)).isNotNull();
            producer.join();
        }
    }

    @Test
    void anUnwritableDirectoryFailsAtOpen() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                new FrameSpool("cam-1", SpoolSettings.inMemory(COST).withDisk(file, 1024)))
                .isInstanceOf(IOException.class);
    }
}
