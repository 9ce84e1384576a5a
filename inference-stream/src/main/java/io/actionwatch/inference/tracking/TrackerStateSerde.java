package io.actionwatch.inference.tracking;

import io.actionwatch.inference.pose.CocoKeypoints;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;

/**
 * Binary layout of a {@link TrackerState} in the tracker store. Rewritten every sampled frame of every camera, so
 * it is compact: counters as varints, coordinates as big-endian floats, and only the confident keypoints.
 * <pre>
 * version 1:
 *   byte     version (1)
 *   uvarint  nextId
 *   varint   lastSequence (zig-zag; {@link TrackerState#NO_FRAME} before the first frame)
 *   uvarint  track count, then per track, ascending id:
 *     uvarint  id
 *     byte     status ({@link TrackStatus} code)
 *     uvarint  hits
 *     uvarint  misses
 *     varint   lastMatchedSequence (zig-zag)
 *     float×4  yMin, xMin, yMax, xMax
 *     float×2  velocityY, velocityX
 *     uvarint  visible keypoint mask (bit k = COCO keypoint k)
 *     float×2  y, x of each visible keypoint, in keypoint order
 * </pre>
 * Anything else (another version, a truncated or overlong value, values the tracker never writes) is refused with
 * a {@link SerializationException} naming what is wrong, rather than restored into a tracker that would misbehave.
 */
public final class TrackerStateSerde implements Serde<TrackerState> {

    static final byte VERSION = 1;
    /** The least a track takes: id, status, hits, misses, last sequence and mask at one byte each, six floats. */
    private static final int MIN_TRACK_BYTES = 6 + 6 * Float.BYTES;

    @Override
    public Serializer<TrackerState> serializer() {
        return (topic, state) -> state == null ? null : serialize(state);
    }

    @Override
    public Deserializer<TrackerState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : deserialize(bytes);
    }

    static byte[] serialize(TrackerState state) {
        ArrayList<Track> tracks = state.tracks;
        int size = 1 + unsignedSize(state.nextId()) + unsignedSize(zigZag(state.lastSequence()))
                + unsignedSize(tracks.size());
        for (Track track : tracks) {
            size += unsignedSize(track.id()) + 1 + unsignedSize(track.hits()) + unsignedSize(track.misses())
                    + unsignedSize(zigZag(track.lastMatchedSequence())) + 6 * Float.BYTES
                    + unsignedSize(track.visibleKeypoints())
                    + Integer.bitCount(track.visibleKeypoints()) * 2 * Float.BYTES;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION);
        putUnsigned(out, state.nextId());
        putUnsigned(out, zigZag(state.lastSequence()));
        putUnsigned(out, tracks.size());
        for (Track track : tracks) {
            putUnsigned(out, track.id());
            out.put(track.status().code());
            putUnsigned(out, track.hits());
            putUnsigned(out, track.misses());
            putUnsigned(out, zigZag(track.lastMatchedSequence()));
            out.putFloat(track.yMin()).putFloat(track.xMin()).putFloat(track.yMax()).putFloat(track.xMax());
            out.putFloat(track.velocityY()).putFloat(track.velocityX());
            putUnsigned(out, track.visibleKeypoints());
            for (int k = 0; k < CocoKeypoints.COUNT; k++) {
                if (track.isVisible(k)) {
                    out.putFloat(track.keypointY(k)).putFloat(track.keypointX(k));
                }
            }
        }
        return out.array();
    }

    static TrackerState deserialize(byte[] bytes) {
        if (bytes.length == 0) {
            throw corrupt(bytes, "empty value");
        }
        if (bytes[0] != VERSION) {
            throw new SerializationException("tracker state of unknown version " + bytes[0] + " (" + bytes.length
                    + " bytes); this build reads version " + VERSION);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        try {
            long nextId = getUnsigned(in);
            long lastSequence = unZigZag(getUnsigned(in));
            long count = getUnsigned(in);
            if (nextId < TrackerState.FIRST_ID) {
                throw corrupt(bytes, "next id " + nextId + " below the first id " + TrackerState.FIRST_ID);
            }
            if (count > in.remaining() / MIN_TRACK_BYTES) {
                throw corrupt(bytes, count + " tracks cannot fit in " + in.remaining() + " bytes");
            }
            ArrayList<Track> tracks = new ArrayList<>((int) count);
            long previousId = TrackerState.FIRST_ID - 1;
            for (int i = 0; i < count; i++) {
                Track track = track(bytes, in);
                if (track.id() <= previousId || track.id() >= nextId) {
                    throw corrupt(bytes, "track id " + track.id() + " out of order or not below next id " + nextId);
                }
                previousId = track.id();
                tracks.add(track);
            }
            if (in.hasRemaining()) {
                throw corrupt(bytes, in.remaining() + " bytes after the last track");
            }
            return new TrackerState(nextId, lastSequence, tracks);
        } catch (BufferUnderflowException e) {
            throw corrupt(bytes, "truncated");
        }
    }

    private static Track track(byte[] bytes, ByteBuffer in) {
        long id = getUnsigned(in);
        byte code = in.get();
        TrackStatus status = TrackStatus.ofCode(code);
        if (status == null) {
            throw corrupt(bytes, "unknown track status " + code);
        }
        int hits = getInt(bytes, in, "hits");
        int misses = getInt(bytes, in, "misses");
        long lastMatchedSequence = unZigZag(getUnsigned(in));
        float yMin = getFinite(bytes, in);
        float xMin = getFinite(bytes, in);
        float yMax = getFinite(bytes, in);
        float xMax = getFinite(bytes, in);
        float velocityY = getFinite(bytes, in);
        float velocityX = getFinite(bytes, in);
        long mask = getUnsigned(in);
        if ((mask & ~Track.ALL_KEYPOINTS_MASK) != 0) {
            throw corrupt(bytes, "keypoint mask " + Long.toHexString(mask) + " names keypoints beyond the "
                    + CocoKeypoints.COUNT + " COCO ones");
        }
        float[] keypointYx = new float[CocoKeypoints.COUNT * 2];
        for (int k = 0; k < CocoKeypoints.COUNT; k++) {
            if ((mask & (1L << k)) != 0) {
                keypointYx[2 * k] = getFinite(bytes, in);
                keypointYx[2 * k + 1] = getFinite(bytes, in);
            }
        }
        return new Track(id, status, hits, misses, lastMatchedSequence, yMin, xMin, yMax, xMax, velocityY, velocityX,
                (int) mask, keypointYx);
    }

    private static int getInt(byte[] bytes, ByteBuffer in, String what) {
        long value = getUnsigned(in);
        if (value > Integer.MAX_VALUE) {
            throw corrupt(bytes, what + " " + Long.toUnsignedString(value) + " out of range");
        }
        return (int) value;
    }

    private static float getFinite(byte[] bytes, ByteBuffer in) {
        float value = in.getFloat();
        if (!Float.isFinite(value)) {
            // the tracker only stores finite coordinates; anything else is damage
            throw corrupt(bytes, "non-finite coordinate " + value);
        }
        return value;
    }

    private static SerializationException corrupt(byte[] bytes, String what) {
        return new SerializationException("corrupt tracker state (" + bytes.length + " bytes, version " + VERSION
                + "): " + what);
    }

    private static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unZigZag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static int unsignedSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private static void putUnsigned(ByteBuffer out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    private static long getUnsigned(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new SerializationException("corrupt tracker state: varint longer than 10 bytes");
    }
}
