package io.actionwatch.ingest.video;

import io.actionwatch.ingest.source.FrameSource;
import io.actionwatch.ingest.source.SourceFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A video file, RTSP stream or V4L2 device read through FFmpeg (JavaCV's frame grabber). FFmpeg demuxes, decodes
 * and scales (swscale) natively; frames come out as 3-byte BGR images at the published size. When the input is
 * already MJPEG at the published size (a USB camera asked for MJPEG, an MJPEG file or stream), its JPEGs are
 * passed through without decoding or re-encoding.
 *
 * <p>Time: a file's frame is captured at the file's start on the wall clock plus its presentation time (so a file
 * played faster than real time still carries its own timing, and a looped file keeps counting); a live frame at
 * its arrival. Files are paced here at their own rate when asked (else read as fast as the camera takes them), live
 * inputs by the outside world, so the camera never paces this source ({@link #pacesItself()}); frames above the
 * target rate are dropped by timestamp.
 *
 * <p>Live inputs that fail to open, end or fail to read are dropped, logged and counted, and reconnected with
 * exponential back-off until the camera stops; a file that cannot be opened or read fails with the reason.
 */
public final class FfmpegSource implements FrameSource {

    private static final Logger log = LoggerFactory.getLogger(FfmpegSource.class);
    static {
        // FFmpeg prints every input's stream dump and its warnings to stderr by default; the camera logs what
        // matters (opened, dropped, reconnected) itself, and failures come back as exceptions with their reason.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /** Assumed when a file declares no frame rate: only the step between looped passes depends on it. */
    private static final double FALLBACK_FPS = 25;

    private final VideoSourceSettings settings;
    private final Clock clock;
    private final FrameRateLimiter limiter;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicLong drops = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong framesRead = new AtomicLong();

    private FFmpegFrameGrabber grabber;
    private FrameSize size;
    private boolean passThrough;
    /** The video stream's time base, copied out of FFmpeg's context (freed with the grabber). */
    private long timeBaseNum;
    private long timeBaseDen;
    private long reconnectWaitMillis;
    private boolean droppedSinceOpen;

    // A file's clock: the wall-clock start of the first pass, and where the current pass starts on it.
    private long fileStartMillis = Long.MIN_VALUE;
    private long fileStartNanos;
    private long passOffsetMicros;
    private long passFirstPtsMicros = Long.MIN_VALUE;
    private long lastPtsMicros;
    private double fileFps;

    /**
     * Opens a file at once (so a missing or unreadable file fails here, with the reason); a live input is opened
     * by the first {@link #next()}, and retried there until it answers.
     */
    public FfmpegSource(VideoSourceSettings settings, Clock clock) throws IOException {
        this.settings = settings;
        this.clock = clock;
        this.limiter = new FrameRateLimiter(settings.maxFps());
        this.reconnectWaitMillis = settings.reconnectMin().toMillis();
        if (!settings.input().kind().live()) {
            Path file = Path.of(settings.input().location());
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IOException("video file " + file + " does not exist or is not a readable file");
            }
            open();
        }
    }

    public FfmpegSource(VideoSourceSettings settings) throws IOException {
        this(settings, Clock.systemUTC());
    }

    @Override
    public SourceFrame next() throws IOException {
        while (stopSignal.getCount() > 0) {
            if (grabber == null && !reopen()) {
                continue;
            }
            SourceFrame frame;
            try {
                frame = passThrough ? nextPacket() : nextImage();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                if (!settings.input().kind().live()) {
                    throw new IOException("cannot read video file " + settings.input().location() + ": "
                            + e.getMessage(), e);
                }
                dropped("read failed: " + e.getMessage());
                continue;
            }
            if (frame != null) {
                return frame;
            }
            // The input ended. A file ends or loops; a live input that ends has dropped.
            if (settings.input().kind().live()) {
                dropped("the stream ended");
            } else if (settings.loop()) {
                startNextPass();
            } else {
                return null;
            }
        }
        return null;
    }

    /** The next decoded frame that passes the rate limit, or null at the end of the input. */
    private SourceFrame nextImage() throws FrameGrabber.Exception {
        while (true) {
            Frame frame = grabber.grabImage();
            if (frame == null) {
                return null;
            }
            framesRead.incrementAndGet();
            long captureMillis = captureMillis(frame.timestamp);
            if (captureMillis == Long.MIN_VALUE) {
                continue;
            }
            BufferedImage image = converter.convert(frame);
            if (image.getWidth() != size.width() || image.getHeight() != size.height()) {
                throw new IllegalStateException("FFmpeg delivered a " + image.getWidth() + "x" + image.getHeight()
                        + " frame where " + size + " was asked for");
            }
            reconnectWaitMillis = settings.reconnectMin().toMillis();
            return SourceFrame.image(image, captureMillis, Map.of());
        }
    }

    /** The next MJPEG packet of the video stream that passes the rate limit, or null at the end of the input. */
    private SourceFrame nextPacket() throws FrameGrabber.Exception {
        while (true) {
            AVPacket packet = grabber.grabPacket();
            if (packet == null) {
                return null;
            }
            if (packet.stream_index() != grabber.getVideoStream() || packet.size() <= 0) {
                continue;
            }
            framesRead.incrementAndGet();
            long pts = packet.pts() != avutil.AV_NOPTS_VALUE ? packet.pts() : packet.dts();
            long ptsMicros = pts == avutil.AV_NOPTS_VALUE ? 0
                    : avutil.av_rescale(pts, timeBaseNum * 1_000_000L, timeBaseDen);
            long captureMillis = captureMillis(ptsMicros);
            if (captureMillis == Long.MIN_VALUE) {
                continue;
            }
            byte[] jpeg = new byte[packet.size()];
            packet.data().get(jpeg);
            reconnectWaitMillis = settings.reconnectMin().toMillis();
            return SourceFrame.jpeg(jpeg, size.width(), size.height(), captureMillis, Map.of());
        }
    }

    /**
     * The capture time of a frame with presentation time {@code ptsMicros}, after waiting for it when a file
     * plays in real time; {@code Long.MIN_VALUE} when the rate limit drops the frame.
     */
    private long captureMillis(long ptsMicros) {
        if (settings.input().kind().live()) {
            long now = clock.millis();
            return limiter.admit(now * 1000) ? now : Long.MIN_VALUE;
        }
        if (passFirstPtsMicros == Long.MIN_VALUE) {
            passFirstPtsMicros = ptsMicros;
        }
        lastPtsMicros = ptsMicros;
        long sinceStartMicros = passOffsetMicros + Math.max(0, ptsMicros - passFirstPtsMicros);
        if (!limiter.admit(sinceStartMicros)) {
            return Long.MIN_VALUE;
        }
        if (fileStartMillis == Long.MIN_VALUE) {
            fileStartMillis = clock.millis();
            fileStartNanos = System.nanoTime();
        }
        if (settings.realTime()) {
            long waitNanos = fileStartNanos + sinceStartMicros * 1000 - System.nanoTime();
            if (waitNanos > 0 && awaitStop(waitNanos)) {
                return Long.MIN_VALUE;
            }
        }
        return fileStartMillis + sinceStartMicros / 1000;
    }

    /** The file ended and loops: the next pass starts one frame after the last frame of this one. */
    private void startNextPass() throws IOException {
        if (passFirstPtsMicros == Long.MIN_VALUE) {
            throw new IOException("video file " + settings.input().location() + " holds no video frame");
        }
        passOffsetMicros += lastPtsMicros - passFirstPtsMicros + Math.round(1e6 / fileFps);
        passFirstPtsMicros = Long.MIN_VALUE;
        closeGrabber();
        open();
    }

    /** Opens a dropped (or not yet opened) live input after the back-off wait; false when it failed again. */
    private boolean reopen() throws IOException {
        if (droppedSinceOpen || reconnects.get() > 0 || drops.get() > 0) {
            if (awaitStop(TimeUnit.MILLISECONDS.toNanos(reconnectWaitMillis))) {
                return false;
            }
            reconnectWaitMillis = Math.min(reconnectWaitMillis * 2, settings.reconnectMax().toMillis());
        }
        try {
            open();
        } catch (IOException e) {
            dropped("open failed: " + e.getMessage());
            return false;
        }
        if (drops.get() > 0) {
            reconnects.incrementAndGet();
            log.info("video source reconnected input=\"{}\" drops={} reconnects={}", settings.input().redacted(),
                    drops.get(), reconnects.get());
        }
        return true;
    }

    private void open() throws IOException {
        VideoInput input = settings.input();
        FFmpegFrameGrabber opened = new FFmpegFrameGrabber(input.location());
        String timeoutMicros = Long.toString(settings.ioTimeout().toNanos() / 1000);
        switch (input.kind()) {
            case RTSP -> {
                // TCP: no lost UDP packets smearing the picture, and it passes NATs and firewalls.
                opened.setOption("rtsp_transport", "tcp");
                opened.setOption("timeout", timeoutMicros);
            }
            case DEVICE -> {
                opened.setFormat("video4linux2");
                if (settings.deviceFormat() != null) {
                    opened.setOption("input_format", settings.deviceFormat());
                }
            }
            case FILE -> { }
        }
        try {
            opened.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(opened);
            throw new IOException("cannot open " + describe() + ": " + e.getMessage(), e);
        }
        if (!opened.hasVideo()) {
            release(opened);
            throw new IOException(describe() + " has no video stream");
        }
        int sourceWidth = opened.getImageWidth();
        int sourceHeight = opened.getImageHeight();
        FrameSize fitted;
        try {
            fitted = FrameSize.fit(sourceWidth, sourceHeight, settings.boxWidth(), settings.boxHeight());
        } catch (IllegalArgumentException e) {
            release(opened);
            throw new IOException(describe() + ": " + e.getMessage(), e);
        }
        boolean sameSize = fitted.width() == sourceWidth && fitted.height() == sourceHeight;
        if (!sameSize) {
            // swscale scales to the grabber's image size from the next frame on.
            opened.setImageWidth(fitted.width());
            opened.setImageHeight(fitted.height());
        }
        AVStream stream = opened.getFormatContext().streams(opened.getVideoStream());
        this.grabber = opened;
        this.size = fitted;
        this.passThrough = sameSize && opened.getVideoCodec() == avcodec.AV_CODEC_ID_MJPEG;
        AVRational timeBase = stream.time_base();
        this.timeBaseNum = timeBase.num();
        this.timeBaseDen = Math.max(1, timeBase.den());
        this.fileFps = opened.getVideoFrameRate() > 0 ? opened.getVideoFrameRate() : FALLBACK_FPS;
        this.droppedSinceOpen = false;
        limiter.reset();
        log.info("video source opened input=\"{}\" codec={} sourceSize={}x{} size={} fps={} passThrough={}",
                input.redacted(), opened.getVideoCodecName(), sourceWidth, sourceHeight, fitted,
                String.format("%.2f", opened.getVideoFrameRate()), passThrough);
    }

    private void dropped(String reason) {
        drops.incrementAndGet();
        droppedSinceOpen = true;
        closeGrabber();
        log.warn("video source dropped input=\"{}\" reason=\"{}\" drops={} retryInMs={}",
                settings.input().redacted(), reason, drops.get(), reconnectWaitMillis);
    }

    /** Waits up to {@code nanos}; true when the camera asked the source to stop meanwhile. */
    private boolean awaitStop(long nanos) {
        try {
            return stopSignal.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopSignal.countDown();
            return true;
        }
    }

    /** Times the live input dropped (failed to open, ended, or failed to read). */
    public long drops() {
        return drops.get();
    }

    /** Times a dropped live input was opened again. */
    public long reconnects() {
        return reconnects.get();
    }

    /** Frames read from the input, including those the rate limit dropped. */
    public long framesRead() {
        return framesRead.get();
    }

    /** The size frames are published at (known once the input is open). */
    public FrameSize size() {
        return size;
    }

    /** Whether the input's JPEGs are published as they come. */
    public boolean passThrough() {
        return passThrough;
    }

    /** Always: a file keeps its own rate (or none, when not real time), a live input the world's. */
    @Override
    public boolean pacesItself() {
        return true;
    }

    @Override
    public void requestStop() {
        stopSignal.countDown();
    }

    @Override
    public String describe() {
        VideoInput input = settings.input();
        return input.kind().name().toLowerCase(java.util.Locale.ROOT) + "(" + input.redacted()
                + (settings.loop() && !input.kind().live() ? ", looped" : "") + ")";
    }

    private void closeGrabber() {
        if (grabber != null) {
            release(grabber);
            grabber = null;
        }
    }

    private void release(FFmpegFrameGrabber toRelease) {
        try {
            toRelease.release();
        } catch (FrameGrabber.Exception e) {
            log.warn("closing the video input failed input=\"{}\" error=\"{}\"", settings.input().redacted(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        stopSignal.countDown();
        closeGrabber();
        converter.close();
    }
}
