package io.actionwatch.inference.person;

import io.actionwatch.inference.pose.CocoKeypoints;
import io.actionwatch.inference.pose.PersonDetection;
import io.actionwatch.inference.tracking.TrackerState;
import io.actionwatch.inference.tracking.TrackerStateSerde;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.TreeMap;

/**
 * Version 2 of a camera's per-person state in the changelogged store:
 * <pre>
 * byte    version (2)
 * long    epoch: the camera run the state is about
 * int     n, then n bytes: the tracker's state ({@link TrackerStateSerde})
 * int     person streams; per stream: long trackId, long nextClip, int frames; per frame: long sequence,
 *         long captureMillis, boolean hasLabel [UTF label], float score, 4 floats box, 51 floats keypoints
 * </pre>
 * Big-endian, as {@link DataOutputStream} writes. Version 1 (written before cameras had epochs) is the same without
 * the epoch and is still read, as epoch 0: a changelog of the previous build restores, and the camera's first stamped
 * frame counts as its restart. Anything else (another version, truncation, trailing bytes, impossible counts) is
 * refused with a {@link SerializationException} that says what is wrong.
 */
public final class PersonCameraStateSerde implements Serde<PersonCameraState> {

    static final byte VERSION = 2;
    private static final byte VERSION_WITHOUT_EPOCH = 1;
    private static final int KEYPOINT_VALUES = CocoKeypoints.COUNT * PersonDetection.STRIDE;
    /** Smallest encoded frame: two longs, a boolean, a score, a box and the keypoints. */
    private static final int MIN_FRAME_BYTES = 8 + 8 + 1 + 4 * (1 + 4 + KEYPOINT_VALUES);

    private final TrackerStateSerde trackerSerde = new TrackerStateSerde();

    @Override
    public Serializer<PersonCameraState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<PersonCameraState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    private byte[] write(PersonCameraState state) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(VERSION);
            out.writeLong(state.epoch());
            byte[] tracker = trackerSerde.serializer().serialize(null, state.tracker());
            out.writeInt(tracker.length);
            out.write(tracker);
            out.writeInt(state.streams().size());
            for (PersonStream stream : state.streams().values()) {
                out.writeLong(stream.trackId());
                out.writeLong(stream.nextClip());
                out.writeInt(stream.frames().size());
                for (PersonFrame frame : stream.frames().values()) {
                    out.writeLong(frame.sequence());
                    out.writeLong(frame.captureMillis());
                    out.writeBoolean(frame.label() != null);
                    if (frame.label() != null) {
                        out.writeUTF(frame.label());
                    }
                    PersonDetection d = frame.detection();
                    out.writeFloat(d.score());
                    out.writeFloat(d.yMin());
                    out.writeFloat(d.xMin());
                    out.writeFloat(d.yMax());
                    out.writeFloat(d.xMax());
                    for (float v : d.keypoints()) {
                        out.writeFloat(v);
                    }
                }
            }
        } catch (IOException e) {
            throw new SerializationException("writing person state to memory failed", e);
        }
        return buffer.toByteArray();
    }

    private PersonCameraState read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            long epoch;
            if (version == VERSION) {
                epoch = in.readLong();
            } else if (version == VERSION_WITHOUT_EPOCH) {
                epoch = 0;
            } else {
                throw new SerializationException("person state version " + version + " is neither " + VERSION
                        + " nor " + VERSION_WITHOUT_EPOCH);
            }
            byte[] trackerBytes = new byte[count(in.readInt(), 1, in, "tracker state bytes")];
            in.readFully(trackerBytes);
            TrackerState tracker = trackerSerde.deserializer().deserialize(null, trackerBytes);
            int streams = count(in.readInt(), 20, in, "person streams");
            TreeMap<Long, PersonStream> byTrack = new TreeMap<>();
            for (int s = 0; s < streams; s++) {
                PersonStream stream = new PersonStream(in.readLong(), in.readLong());
                int frames = count(in.readInt(), MIN_FRAME_BYTES, in, "frames");
                for (int f = 0; f < frames; f++) {
                    long sequence = in.readLong();
                    long capture = in.readLong();
                    String label = in.readBoolean() ? in.readUTF() : null;
                    float score = in.readFloat();
                    float yMin = in.readFloat();
                    float xMin = in.readFloat();
                    float yMax = in.readFloat();
                    float xMax = in.readFloat();
                    float[] keypoints = new float[KEYPOINT_VALUES];
                    for (int k = 0; k < keypoints.length; k++) {
                        keypoints[k] = in.readFloat();
                    }
                    stream.add(new PersonFrame(sequence, capture, label,
                            new PersonDetection(score, yMin, xMin, yMax, xMax, keypoints)));
                }
                if (byTrack.put(stream.trackId(), stream) != null) {
                    throw new SerializationException("person state holds track " + stream.trackId() + " twice");
                }
            }
            if (in.available() > 0) {
                throw new SerializationException("person state has " + in.available() + " trailing bytes");
            }
            return new PersonCameraState(epoch, tracker, byTrack);
        } catch (EOFException e) {
            throw new SerializationException("person state is truncated (" + bytes.length + " bytes)", e);
        } catch (IOException e) {
            throw new SerializationException("person state is unreadable: " + e.getMessage(), e);
        }
    }

    /** A count read from the bytes, refused when negative or when the bytes left cannot hold that many items. */
    private static int count(int value, int minBytesEach, DataInputStream in, String what) throws IOException {
        if (value < 0 || (long) value * minBytesEach > in.available()) {
            throw new SerializationException("person state claims " + value + " " + what + " in "
                    + in.available() + " remaining bytes");
        }
        return value;
    }
}
