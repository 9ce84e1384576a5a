package io.actionwatch.ingest.spool;

import io.actionwatch.schemas.VideoFrame;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool's overflow on disk: frames in arrival order in segment files {@code <n>.spool}, each record a 4-byte
 * length and the frame in Avro binary ({@link FrameCodec}). Bounded in bytes: past the bound the oldest segment is
 * deleted and its unread frames are counted as dropped. Segments left by an earlier run of the camera are read
 * first (their frames carry that run's epoch); a record cut short by a crash ends its segment. Frames are handed out
 * once: a segment is deleted when it has been read, so a crash between reading and delivery loses at most the
 * frames in the producer, and never repeats one. Not thread-safe: {@link FrameSpool} holds the lock.
 */
final class DiskSpool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DiskSpool.class);
    private static final String SUFFIX = ".spool";
    private static final long MAX_SEGMENT_BYTES = 8L * 1024 * 1024;

    /** One segment file: how many frames it holds, how many were handed out, and its reader once reading began. */
    private static final class Segment {
        final long number;
        final Path file;
        long bytes;
        long frames;
        long read;
        DataInputStream in;

        Segment(long number, Path file) {
            this.number = number;
            this.file = file;
        }
    }

    private final Path directory;
    private final long boundBytes;
    private final long segmentBytes;
    private final FrameCodec codec = new FrameCodec();
    private final ByteArrayOutputStream recordBuffer = new ByteArrayOutputStream(64 * 1024);
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private DataOutputStream tail;
    private long bytes;
    private long frames;

    DiskSpool(Path directory, long boundBytes) throws IOException {
        this.directory = directory;
        this.boundBytes = boundBytes;
        this.segmentBytes = Math.max(64 * 1024, Math.min(MAX_SEGMENT_BYTES, boundBytes / 4));
        Files.createDirectories(directory);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(p -> p.getFileName().toString().matches("\\d{20}\\" + SUFFIX)).forEach(found::add);
        }
        found.sort(Path::compareTo);
        for (Path file : found) {
            Segment segment = new Segment(Long.parseLong(file.getFileName().toString().substring(0, 20)), file);
            scan(segment);
            if (segment.frames == 0) {
                Files.delete(file);
                continue;
            }
            segments.addLast(segment);
            bytes += segment.bytes;
            frames += segment.frames;
        }
        if (frames > 0) {
            log.info("spool found frames of an earlier run dir=\"{}\" frames={} bytes={}; they are sent first",
                    directory, frames, bytes);
        }
    }

    /** Counts a segment's complete records; a record cut short (a crash while writing) is cut off the file. */
    private static void scan(Segment segment) throws IOException {
        long good = 0;
        try (RandomAccessFile file = new RandomAccessFile(segment.file.toFile(), "rw")) {
            long length = file.length();
            while (good + 4 <= length) {
                file.seek(good);
                int size = file.readInt();
                if (size <= 0 || good + 4 + size > length) {
                    break;
                }
                good += 4 + size;
                segment.frames++;
            }
            if (good < length) {
                log.warn("spool segment ends in a cut-off record file=\"{}\" keptBytes={} cutBytes={}",
                        segment.file, good, length - good);
                file.setLength(good);
            }
        }
        segment.bytes = good;
    }

    /**
     * Appends a frame, then enforces the bound.
     *
     * @return frames dropped to stay within the bound
     */
    long append(VideoFrame frame) throws IOException {
        recordBuffer.reset();
        codec.write(frame, recordBuffer);
        Segment last = segments.peekLast();
        if (tail == null || last == null || last.bytes >= segmentBytes) {
            roll();
            last = segments.peekLast();
        }
        tail.writeInt(recordBuffer.size());
        recordBuffer.writeTo(tail);
        tail.flush();
        last.bytes += 4 + recordBuffer.size();
        last.frames++;
        bytes += 4 + recordBuffer.size();
        frames++;
        long dropped = 0;
        while (bytes > boundBytes && !segments.isEmpty()) {
            dropped += dropOldestSegment();
        }
        return dropped;
    }

    private void roll() throws IOException {
        closeTail();
        Segment last = segments.peekLast();
        long number = last == null ? 0 : last.number + 1;
        Path file = directory.resolve(String.format("%020d%s", number, SUFFIX));
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        tail = new DataOutputStream(out);
        segments.addLast(new Segment(number, file));
    }

    private long dropOldestSegment() throws IOException {
        Segment oldest = segments.pollFirst();
        if (segments.isEmpty()) {
            closeTail();
        }
        long unread = oldest.frames - oldest.read;
        delete(oldest);
        frames -= unread;
        return unread;
    }

    /** The oldest frame not handed out yet, or null when the disk holds none. */
    VideoFrame poll() throws IOException {
        while (!segments.isEmpty()) {
            Segment head = segments.peekFirst();
            if (head.read < head.frames) {
                if (head.in == null) {
                    head.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(head.file), 256 * 1024));
                }
                byte[] record;
                try {
                    int size = head.in.readInt();
                    record = head.in.readNBytes(size);
                    if (record.length != size) {
                        throw new EOFException("record of " + size + " bytes holds " + record.length);
                    }
                } catch (IOException e) {
                    long lost = head.frames - head.read;
                    log.error("spool segment unreadable, its remaining frames are dropped file=\"{}\" frames={} "
                            + "error=\"{}\"", head.file, lost, e.toString());
                    head.read = head.frames;
                    frames -= lost;
                    throw new SpoolCorruptException(lost, e);
                }
                head.read++;
                frames--;
                VideoFrame frame = codec.read(record);
                if (head.read == head.frames) {
                    // Read to its end: deleted now (the next append starts a new file if this was the last one).
                    segments.pollFirst();
                    if (segments.isEmpty()) {
                        closeTail();
                    }
                    delete(head);
                }
                return frame;
            }
            if (head == segments.peekLast()) {
                // Everything written was read: start a fresh file rather than grow this one.
                segments.pollFirst();
                closeTail();
                delete(head);
                return null;
            }
            segments.pollFirst();
            delete(head);
        }
        return null;
    }

    private void delete(Segment segment) throws IOException {
        if (segment.in != null) {
            segment.in.close();
        }
        bytes -= segment.bytes;
        Files.deleteIfExists(segment.file);
    }

    private void closeTail() throws IOException {
        if (tail != null) {
            tail.close();
            tail = null;
        }
    }

    long frames() {
        return frames;
    }

    long bytes() {
        return bytes;
    }

    @Override
    public void close() throws IOException {
        closeTail();
        for (Segment segment : segments) {
            if (segment.in != null) {
                segment.in.close();
            }
        }
    }

    /** Part of the disk spool could not be read back; {@link #lost()} frames are gone. */
    static final class SpoolCorruptException extends IOException {
        private final long lost;

        SpoolCorruptException(long lost, IOException cause) {
            super("spool segment unreadable: " + lost + " frames lost", cause);
            this.lost = lost;
        }

        long lost() {
            return lost;
        }
    }
}
