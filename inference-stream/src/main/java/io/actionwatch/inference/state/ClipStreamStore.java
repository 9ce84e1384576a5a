package io.actionwatch.inference.state;

import io.actionwatch.inference.frame.CachedFrame;
import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.inference.preprocess.ImageDecodeException;
import io.actionwatch.inference.preprocess.PixelSlicePool;
import io.actionwatch.schemas.VideoFrame;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import io.actionwatch.text.UntrustedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The clip streams of one task and the two changelogged stores behind them: the frame store (one entry per needed
 * frame, key {@link FrameKeys stream key + big-endian sequence}, value the frame's record bytes) and the cursor store
 * (one small entry per stream). Frames are never rewritten as a clip grows, so the changelog carries each frame once.
 * In memory there is only each stream's index of stored frames with their preprocessed pixels, loaded from the stores
 * when the stream is first needed; frames loaded that way are decoded again only when a clip uses them.
 * Single-threaded (owned by one task).
 */
public final class ClipStreamStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClipStreamStore.class);

    private final KeyValueStore<Bytes, byte[]> frameStore;
    private final KeyValueStore<String, ClipCursor> cursorStore;
    private final FrameRestorer restorer;
    private final PixelSlicePool pool;
    private final PipelineSensors sensors;
    private final Map<String, ClipStream> streams = new HashMap<>();

    public ClipStreamStore(KeyValueStore<Bytes, byte[]> frameStore, KeyValueStore<String, ClipCursor> cursorStore,
                           FrameRestorer restorer, PixelSlicePool pool, PipelineSensors sensors) {
        this.frameStore = frameStore;
        this.cursorStore = cursorStore;
        this.restorer = restorer;
        this.pool = pool;
        this.sensors = sensors;
    }

    /** The stream from memory, or else from the stores; null when neither holds it (new, or evicted). */
    public ClipStream find(String key) {
        ClipStream stream = streams.get(key);
        if (stream != null) {
            return stream;
        }
        return cursorStore.get(key) != null ? loaded(key) : null;
    }

    /** A stream the stores do not hold yet, of camera run {@code epoch}, starting at clip {@code startClip}. */
    public ClipStream start(String key, long epoch, long startClip, long nowMillis) {
        ClipStream stream = new ClipStream(key, new ClipCursor(epoch, startClip, -1, nowMillis));
        streams.put(key, stream);
        return stream;
    }

    /** Every stream the stores hold, loaded: after (re)initialisation, the streams whose clips are to be resumed. */
    public List<ClipStream> loadAll() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ClipCursor> all = cursorStore.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return loaded(keys);
    }

    /** Every stream not heard from for longer than {@code timeoutMillis} (wall clock), loaded. */
    public List<ClipStream> silent(long nowMillis, long timeoutMillis) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ClipCursor> all = cursorStore.all()) {
            while (all.hasNext()) {
                KeyValue<String, ClipCursor> kv = all.next();
                ClipStream inMemory = streams.get(kv.key);
                ClipCursor cursor = inMemory != null ? inMemory.cursor() : kv.value;
                if (nowMillis - cursor.lastActivityMillis() > timeoutMillis) {
                    keys.add(kv.key);
                }
            }
        }
        return loaded(keys);
    }

    private List<ClipStream> loaded(List<String> keys) {
        List<ClipStream> loaded = new ArrayList<>(keys.size());
        for (String key : keys) {
            loaded.add(loaded(key));
        }
        return loaded;
    }

    private ClipStream loaded(String key) {
        ClipStream stream = streams.get(key);
        if (stream != null) {
            return stream;
        }
        ClipCursor cursor = cursorStore.get(key);
        if (cursor == null) {
            throw new IllegalStateException("no cursor stored for stream " + key);
        }
        stream = new ClipStream(key, cursor);
        try (KeyValueIterator<Bytes, byte[]> stored = frameStore.range(FrameKeys.first(stream.keyPrefix()),
                FrameKeys.last(stream.keyPrefix()))) {
            while (stored.hasNext()) {
                long sequence = FrameKeys.sequence(stored.next().key);
                stream.frames().put(sequence, CachedFrame.stub(sequence));
            }
        }
        streams.put(key, stream);
        return stream;
    }

    /** Stores a frame some clip of the stream will need, with its preprocessed pixels when it has them. */
    public void storeFrame(ClipStream stream, VideoFrame frame, byte[] encoded, float[] pixels) {
        long sequence = frame.getSequence();
        frameStore.put(FrameKeys.key(stream.keyPrefix(), sequence), encoded);
        stream.frames().put(sequence, pixels == null ? CachedFrame.stub(sequence) : CachedFrame.decoded(frame, pixels));
        stream.cursor().frameStored();
    }

    /**
     * Makes sure a stored frame's pixels are in memory, decoding its stored bytes if it was loaded from the stores.
     *
     * @return false when the stored frame could not be read back; it has been removed from store and stream
     */
    public boolean hydrate(ClipStream stream, CachedFrame frame) {
        if (frame.hydrated()) {
            return true;
        }
        Bytes key = FrameKeys.key(stream.keyPrefix(), frame.sequence());
        byte[] stored = frameStore.get(key);
        try {
            if (stored == null) {
                throw new IllegalStateException("frame missing from the frame store");
            }
            restorer.restore(stored, frame);
            sensors.count("frames-restored");
            return true;
        } catch (ImageDecodeException | RuntimeException e) {
            // Frames were validated before they were stored, so this means a damaged store or a changed decoder.
            log.error("stored frame unreadable, dropping it camera={} seq={} reason={}",
                    UntrustedText.excerpt(stream.key()), frame.sequence(), e.toString(), e);
            frameStore.delete(key);
            stream.frames().remove(frame.sequence());
            return false;
        }
    }

    /** Deletes the stream's frames below {@code sequence}: no clip from its cursor on can use them. */
    public void deleteBefore(ClipStream stream, long sequence) {
        NavigableMap<Long, CachedFrame> done = stream.frames().headMap(sequence, false);
        for (CachedFrame f : done.values()) {
            frameStore.delete(FrameKeys.key(stream.keyPrefix(), f.sequence()));
            pool.release(f.takePixels());
        }
        done.clear();
    }

    public void persist(ClipStream stream) {
        cursorStore.put(stream.key(), stream.cursor());
    }

    /** Drops everything stored for a stream. */
    public void evict(ClipStream stream, String reason, long nowMillis) {
        int dropped = stream.storedFrames();
        deleteBefore(stream, Long.MAX_VALUE);
        cursorStore.delete(stream.key());
        streams.remove(stream.key());
        ClipCursor cursor = stream.cursor();
        log.info("camera state dropped camera={} epoch={} reason={} idleMs={} framesDropped={} nextClip={} "
                        + "highestSeq={} clipsEmitted={} clipsSkipped={} duplicates={} late={}",
                UntrustedText.excerpt(stream.key()), cursor.epoch(), reason, nowMillis - cursor.lastActivityMillis(),
                dropped, cursor.nextClip(), cursor.highestSequence(), cursor.clipsEmitted(), cursor.clipsSkipped(),
                cursor.duplicatesDropped(), cursor.lateDropped());
    }

    /** The stream as held in memory, without looking in the stores; null when not held. */
    public ClipStream inMemory(String key) {
        return streams.get(key);
    }

    /** Forgets the in-memory side, pixels back to the pool; the stores keep everything. */
    public void release() {
        for (ClipStream stream : streams.values()) {
            for (Iterator<CachedFrame> it = stream.frames().values().iterator(); it.hasNext(); ) {
                pool.release(it.next().takePixels());
                it.remove();
            }
        }
        streams.clear();
    }

    @Override
    public void close() {
        restorer.close();
    }
}
