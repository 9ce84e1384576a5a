package io.actionwatch.ingest.spool;

import io.actionwatch.schemas.VideoFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Frames as the disk spool stores them: Avro binary with the schema compiled into this camera (no registry: the
 * spool must work while the registry is unreachable too), read back by the same camera build.
 */
final class FrameCodec {

    /** The record's fields, the wire header and Kafka's per-record overhead, beyond the image and metadata. */
    private static final int RECORD_OVERHEAD = 256;

    private final SpecificDatumWriter<VideoFrame> writer = new SpecificDatumWriter<>(VideoFrame.class);
    private final SpecificDatumReader<VideoFrame> reader = new SpecificDatumReader<>(VideoFrame.class);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    void write(VideoFrame frame, java.io.OutputStream out) throws IOException {
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        writer.write(frame, encoder);
        encoder.flush();
    }

    VideoFrame read(byte[] bytes) throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
        return reader.read(null, decoder);
    }

    /** What a frame costs in the spool's bounds: its image, its strings, and a fixed overhead. */
    static long sizeOf(VideoFrame frame) {
        long size = RECORD_OVERHEAD + frame.getData().remaining() + frame.getCameraId().length() * 2L;
        for (Map.Entry<String, String> e : frame.getMetadata().entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length + 8;
        }
        return size;
    }
}
