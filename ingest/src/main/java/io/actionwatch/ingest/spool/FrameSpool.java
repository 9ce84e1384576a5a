package io.actionwatch.ingest.spool;

import io.actionwatch.schemas.VideoFrame;
import java.io.IOException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames a camera captured and has not handed to Kafka yet, oldest first: capture puts frames in without ever
 * waiting, the sender takes them out in order when the broker can take them. Bounded: past the memory bound the
 * oldest frames move to disk (when a directory is given), past the disk bound (or without one) the oldest frames
 * are dropped, counted and logged — downstream sees them as missing sequence numbers. Everything on disk is older
 * than everything in memory, so reading the disk first keeps the order. Thread-safe.
 */
public final class FrameSpool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FrameSpool.class);
    private static final long DROP_LOG_INTERVAL_NANOS = 5_000_000_000L;

    private final String cameraId;
    private final SpoolSettings settings;
    private final ArrayDeque<VideoFrame> memory = new ArrayDeque<>();
    private final DiskSpool disk;
    private long memoryBytes;
    private long dropped;
    private long droppedNotLogged;
    private long lastDropLogNanos;
    private boolean droppedBefore;

    /** @throws IOException when the disk directory cannot be created or its earlier segments read */
    public FrameSpool(String cameraId, SpoolSettings settings) throws IOException {
        this.cameraId = cameraId;
        this.settings = settings;
        this.disk = settings.directory() == null ? null : new DiskSpool(settings.directory(), settings.diskBytes());
    }

    /** Adds the newest frame; never waits. Makes room by moving or dropping the oldest frames. */
    public synchronized void offer(VideoFrame frame) {
        memory.addLast(frame);
        memoryBytes += FrameCodec.sizeOf(frame);
        long droppedNow = 0;
        while (memoryBytes > settings.memoryBytes() && memory.size() > 1) {
            VideoFrame oldest = memory.pollFirst();
            memoryBytes -= FrameCodec.sizeOf(oldest);
            if (disk == null) {
                droppedNow++;
                continue;
            }
            try {
                droppedNow += disk.append(oldest);
            } catch (IOException e) {
                droppedNow++;
                log.error("spool cannot write to disk, frame dropped camera={} seq={} dir=\"{}\" error=\"{}\"",
                        cameraId, oldest.getSequence(), settings.directory(), e.toString());
            }
        }
        if (droppedNow > 0) {
            countDropped(droppedNow, frame.getSequence());
        }
        notifyAll();
    }

    /**
     * Takes the oldest frame, waiting up to {@code timeoutMillis} for one.
     *
     * @return the frame, or null when none came in time
     */
    public synchronized VideoFrame poll(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (isEmptyLocked()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        if (disk != null && disk.frames() > 0) {
            try {
                VideoFrame frame = disk.poll();
                if (frame != null) {
                    return frame;
                }
            } catch (DiskSpool.SpoolCorruptException e) {
                countDropped(e.lost(), -1);
                return poll(0);
            } catch (IOException e) {
                log.error("spool cannot read from disk camera={} dir=\"{}\" error=\"{}\"", cameraId,
                        settings.directory(), e.toString());
            }
        }
        VideoFrame frame = memory.pollFirst();
        if (frame != null) {
            memoryBytes -= FrameCodec.sizeOf(frame);
        }
        return frame;
    }

    private boolean isEmptyLocked() {
        return memory.isEmpty() && (disk == null || disk.frames() == 0);
    }

    private void countDropped(long count, long newestSequence) {
        dropped += count;
        droppedNotLogged += count;
        long now = System.nanoTime();
        if (!droppedBefore || now - lastDropLogNanos >= DROP_LOG_INTERVAL_NANOS) {
            log.warn("spool full, oldest frames dropped camera={} dropped={} droppedTotal={} newestSeq={} "
                    + "memoryBoundBytes={} diskBoundBytes={}", cameraId, droppedNotLogged, dropped, newestSequence,
                    settings.memoryBytes(), settings.directory() == null ? 0 : settings.diskBytes());
            droppedNotLogged = 0;
            lastDropLogNanos = now;
            droppedBefore = true;
        }
    }

    /** What a frame costs against the spool's bounds: its image, its strings and a fixed overhead, in bytes. */
    public static long sizeOf(VideoFrame frame) {
        return FrameCodec.sizeOf(frame);
    }

    /** Frames waiting, in memory and on disk. */
    public synchronized long frames() {
        return memory.size() + (disk == null ? 0 : disk.frames());
    }

    public synchronized boolean isEmpty() {
        return isEmptyLocked();
    }

    /** Frames dropped to stay within the bounds, since the spool was opened. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Bytes on disk (0 without a directory). */
    public synchronized long diskBytes() {
        return disk == null ? 0 : disk.bytes();
    }

    /**
     * Closes the disk files. Frames still in memory are lost (their count is returned and logged by the caller);
     * frames on disk stay there for the camera's next run.
     */
    public synchronized long close(boolean logRemaining) {
        long lostInMemory = memory.size();
        long onDisk = disk == null ? 0 : disk.frames();
        if (droppedNotLogged > 0) {
            log.warn("spool dropped frames camera={} dropped={} droppedTotal={}", cameraId, droppedNotLogged, dropped);
            droppedNotLogged = 0;
        }
        if (logRemaining && (lostInMemory > 0 || onDisk > 0)) {
            log.warn("camera stopped before its spool was sent camera={} lostFromMemory={} keptOnDisk={} dir=\"{}\"",
                    cameraId, lostInMemory, onDisk, settings.directory());
        }
        memory.clear();
        memoryBytes = 0;
        if (disk != null) {
            try {
                disk.close();
            } catch (IOException e) {
                log.error("closing the disk spool failed camera={} dir=\"{}\" error=\"{}\"", cameraId,
                        settings.directory(), e.toString());
            }
        }
        return lostInMemory;
    }

    @Override
    public void close() {
        close(true);
    }
}
