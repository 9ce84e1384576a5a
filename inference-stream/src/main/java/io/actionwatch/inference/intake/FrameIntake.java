package io.actionwatch.inference.intake;

import io.actionwatch.inference.frame.ValidFrame;
import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.pose.PersonDetection;
import io.actionwatch.inference.pose.PoseEstimator;
import io.actionwatch.inference.preprocess.FramePreprocessor;
import io.actionwatch.inference.preprocess.ImageDecodeException;
import io.actionwatch.schemas.CameraIds;
import io.actionwatch.schemas.FrameLimits;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.PayloadErrorKind;
import io.actionwatch.serde.PayloadException;
import io.actionwatch.text.UntrustedText;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a frame must satisfy before it may reach a clip: registry wire format, a valid camera id
 * ({@link CameraIds}), key = camera id, an allowed camera, a sane sequence, a capture time not after the record's
 * timestamp, the jpeg codec, a sane declared size within the pixel limit, an image within the byte limit
 * ({@link IntakeLimits}), metadata within the contract ({@link FrameLimits}), and an image that decodes to exactly
 * the declared size.
 * Frames some clip will use are decoded and preprocessed here, once; the others only have their header checked.
 * For a per-person model, each sampled frame is decoded and the pose model finds its people here instead (beside
 * decode, once per frame); the classifier's pixels are not made. Single-threaded (one per task).
 */
public final class FrameIntake implements AutoCloseable {

    /** Larger than any camera the pipeline expects (8K is 7680x4320); beyond it the frame is junk. */
    public static final int MAX_SIDE = 16_384;

    private final Deserializer<VideoFrame> deserializer;
    private final FramePreprocessor preprocessor;
    private final ClipGeometry geometry;
    private final Set<String> allowedCameras;
    private final IntakeLimits limits;
    private final PoseEstimator poses;
    private final String framesTopic;

    /**
     * @param allowedCameras cameras accepted; empty accepts any
     * @param limits         how large an image may be
     * @param poses          this thread's pose estimator for a per-person model (closed with the intake), or null
     * @param framesTopic    the topic the frames come from, as the deserializer is told
     */
    public FrameIntake(Deserializer<VideoFrame> deserializer, FramePreprocessor preprocessor, ClipGeometry geometry,
                       Set<String> allowedCameras, IntakeLimits limits, PoseEstimator poses, String framesTopic) {
        this.deserializer = deserializer;
        this.preprocessor = preprocessor;
        this.geometry = geometry;
        this.allowedCameras = Set.copyOf(allowedCameras);
        this.limits = limits;
        this.poses = poses;
        this.framesTopic = framesTopic;
    }

    /**
     * @param recordTimestamp the record's timestamp, which the broker accepted: the latest a capture time may be
     * @throws FrameRejectedException for a frame that can never be processed (becomes a dead letter)
     * @throws PayloadException       of kind REGISTRY_UNAVAILABLE: transient, the record must be retried, not
     *                                dead-lettered
     */
    ValidFrame accept(byte[] key, byte[] value, Headers headers, long recordTimestamp) throws FrameRejectedException {
        if (value == null) {
            throw new FrameRejectedException(RejectionKind.EMPTY_PAYLOAD, "record has no value");
        }
        VideoFrame frame = deserialize(value, headers);
        String cameraId = frame.getCameraId();
        // First: every later reason, log line and state key may then name the camera as it is.
        Optional<String> badId = CameraIds.problem(cameraId);
        if (badId.isPresent()) {
            throw new FrameRejectedException(RejectionKind.INVALID_CAMERA_ID, cameraId.isEmpty() ? badId.get()
                    : badId.get() + " (id: " + UntrustedText.excerpt(cameraId) + ")");
        }
        String keyText = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (!cameraId.equals(keyText)) {
            throw new FrameRejectedException(RejectionKind.KEY_MISMATCH, "record key "
                    + UntrustedText.excerpt(keyText) + " is not the frame's camera id " + cameraId);
        }
        if (!allowedCameras.isEmpty() && !allowedCameras.contains(cameraId)) {
            throw new FrameRejectedException(RejectionKind.UNKNOWN_CAMERA, "camera " + cameraId
                    + " is not in cameras.allowed");
        }
        if (frame.getSequence() < 0) {
            throw new FrameRejectedException(RejectionKind.INVALID_SEQUENCE, "sequence " + frame.getSequence()
                    + " is negative");
        }
        // Everything the application writes is stamped with a frame's record timestamp or capture time; with
        // capture time never after the record timestamp, every one of them is a time the broker already accepted.
        long captureMillis = frame.getCaptureTime().toEpochMilli();
        if (captureMillis > recordTimestamp) {
            throw new FrameRejectedException(RejectionKind.FUTURE_CAPTURE_TIME, "capture time "
                    + frame.getCaptureTime() + " is after the record timestamp " + Instant.ofEpochMilli(recordTimestamp)
                    + " (by " + Duration.ofMillis(captureMillis - recordTimestamp) + "); capture time must not be later "
                    + "than the time the frame was sent");
        }
        String codec = frame.getCodec();
        Optional<String> badCodec = FrameLimits.codecProblem(codec);
        if (badCodec.isPresent()) {
            throw new FrameRejectedException(RejectionKind.UNSUPPORTED_CODEC, badCodec.get());
        }
        if (!"jpeg".equals(codec.toLowerCase(Locale.ROOT))) {
            throw new FrameRejectedException(RejectionKind.UNSUPPORTED_CODEC, "codec " + UntrustedText.excerpt(codec)
                    + " is not supported; frames must be jpeg");
        }
        int width = frame.getWidth();
        int height = frame.getHeight();
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new FrameRejectedException(RejectionKind.WRONG_DIMENSIONS, "declared size " + width + "x" + height
                    + " is outside 1.." + MAX_SIDE);
        }
        long declaredPixels = (long) width * height;
        if (declaredPixels > limits.maxPixels()) {
            // Decoding sizes its memory by the header, which must declare this size: refused before any decoder runs.
            throw new FrameRejectedException(RejectionKind.IMAGE_TOO_LARGE, "declared size " + width + "x" + height
                    + " is " + declaredPixels + " pixels; at most " + limits.maxPixels() + " are allowed");
        }
        ByteBuffer data = frame.getData();
        if (data == null || !data.hasRemaining()) {
            throw new FrameRejectedException(RejectionKind.UNDECODABLE_IMAGE, "frame has no image data");
        }
        if (data.remaining() > limits.maxImageBytes()) {
            throw new FrameRejectedException(RejectionKind.IMAGE_TOO_LARGE, "encoded image is " + data.remaining()
                    + " bytes; at most " + limits.maxImageBytes() + " are allowed");
        }
        Optional<String> badMetadata = FrameLimits.metadataProblem(frame.getMetadata());
        if (badMetadata.isPresent()) {
            throw new FrameRejectedException(RejectionKind.INVALID_METADATA, badMetadata.get());
        }
        float[] pixels = null;
        List<PersonDetection> people = null;
        try {
            if (poses != null) {
                if (geometry.isSampled(frame.getSequence())) {
                    people = poses.estimate(preprocessor.decode(data, width, height));
                } else {
                    preprocessor.checkHeader(data, width, height);
                }
            } else if (geometry.isNeeded(frame.getSequence())) {
                pixels = preprocessor.preprocess(data, width, height);
            } else {
                preprocessor.checkHeader(data, width, height);
            }
        } catch (ImageDecodeException e) {
            RejectionKind kind = e.reason() == ImageDecodeException.Reason.WRONG_DIMENSIONS
                    ? RejectionKind.WRONG_DIMENSIONS : RejectionKind.UNDECODABLE_IMAGE;
            throw new FrameRejectedException(kind.name(), e.getMessage(), e);
        }
        return new ValidFrame(frame, value, pixels, people);
    }

    private VideoFrame deserialize(byte[] value, Headers headers) throws FrameRejectedException {
        VideoFrame frame;
        try {
            frame = deserializer.deserialize(framesTopic, headers, value);
        } catch (PayloadException e) {
            if (e.kind() == PayloadErrorKind.REGISTRY_UNAVAILABLE) {
                throw e;
            }
            throw new FrameRejectedException(e.kind().name(), e.getMessage(), e);
        } catch (SerializationException e) {
            throw new FrameRejectedException("UNREADABLE_PAYLOAD", UntrustedText.excerpt(e.getMessage()), e);
        }
        if (frame == null) {
            throw new FrameRejectedException(RejectionKind.EMPTY_PAYLOAD, "payload deserialized to nothing");
        }
        return frame;
    }

    @Override
    public void close() {
        try {
            deserializer.close();
        } finally {
            try {
                preprocessor.close();
            } finally {
                if (poses != null) {
                    poses.close();
                }
            }
        }
    }
}
