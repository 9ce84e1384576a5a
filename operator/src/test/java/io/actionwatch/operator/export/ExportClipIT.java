package io.actionwatch.operator.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.operator.cli.OperatorCli;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.LabelScore;
import io.actionwatch.schemas.Person;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.stack.registry.ApicurioRegistry;
import io.actionwatch.testing.BrokerAndRegistry;
import io.actionwatch.topics.Topics;
import java.awt.Color;
import java.awt.Point;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export-clip} against a real in-process KRaft broker and the real Apicurio registry, on synthetic frames and
 * an event and alert for them written with the project's serdes. Camera cam-x captures sequences 10..21 every 100 ms,
 * each frame one flat colour of its own, with 15 never sent; cam-y captures black frames at the same times (into
 * the same topic, to be left out); a frame of cam-x after the clip must be left out too.
 */
class ExportClipIT {

    /** Ten minutes back: well inside frames.v1's one-day retention, which the broker enforces on record times. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
    private static final Duration FRAME = Duration.ofMillis(100);
    private static final long FIRST = 10;
    private static final long LAST = 21;
    private static final long MISSING = 15;
    private static final int FRAMES = (int) (LAST - FIRST + 1);
    private static final int WIDTH = 80;
    /** A box on the middle half of the frame: tile pixels near the corners stay the frame's own colour. */
    private static final Person PERSON = new Person(3L, 0.25f, 0.25f, 0.75f, 0.75f, 0.9f);

    @TempDir
    static Path work;

    private static BrokerAndRegistry infra;
    private static KafkaClusterTestKit cluster;
    private static ApicurioRegistry registry;

    @BeforeAll
    static void startAndWrite() throws Exception {
        infra = BrokerAndRegistry.start(work, 2);
        cluster = infra.cluster();
        registry = infra.registry();
        writeFrames();
        ActionEvent event = event("ev-x", FIRST, LAST, capture(FIRST), capture(LAST));
        // Its clip is two days old: frames.v1 keeps a day, so its frames are gone (here: never written).
        ActionEvent expired = event("ev-old", 1, 12, capture(1).minus(Duration.ofDays(2)),
                capture(12).minus(Duration.ofDays(2)));
        write(ActionEvent.class, Topics.ACTIONS, List.of(event, expired), ActionEvent::getCameraId,
                e -> e.getClipEndTime().toEpochMilli());
        Alert alert = Alert.newBuilder().setAlertId("fall:ev-x").setRule("fall").setCameraId("cam-x").setPerson(PERSON)
                .setLabel("falling_down").setScore(0.9f).setEventId("ev-x").setClipStartTime(capture(FIRST))
                .setClipEndTime(capture(LAST)).setRaisedAt(capture(LAST).plusMillis(200)).build();
        write(Alert.class, Topics.ALERTS, List.of(alert), Alert::getCameraId, a -> a.getClipEndTime().toEpochMilli());
    }

    @AfterAll
    static void stop() throws Exception {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void anEventsClipBecomesASheetOfItsFramesInOrderWithThePlaceholderAndThePersonsBox() throws Exception {
        Path png = work.resolve("ev-x.png");
        Run run = exportClip("--event", "ev-x", "--last", "1h", "--width", Integer.toString(WIDTH), "--out",
                png.toString());

        assertThat(run.code).as("exit code; stderr:%n%s", run.err).isZero();
        assertThat(run.err).contains("png of 12 frames of camera cam-x", "1 missing or undecodable");
        BufferedImage sheet = ImageIO.read(png.toFile());
        // 12 frames: 4 columns of 80 px tiles (60 px high: the frames are 4:3) in 3 rows, 8 px margins.
        int columns = 4;
        int rows = 3;
        int tileHeight = 60;
        int captionLines = 5; // camera, span, label and model, person, missing frames
        assertThat(sheet.getWidth()).isEqualTo(8 + columns * (WIDTH + 8));
        // Height = margin + caption lines + margin + rows of (tile + label line + margin): solve for the line height.
        int fixed = 8 + 8 + rows * (tileHeight + 8);
        assertThat((sheet.getHeight() - fixed) % (captionLines + rows)).isZero();
        int lineHeight = (sheet.getHeight() - fixed) / (captionLines + rows);
        assertThat(lineHeight).isBetween(10, 40);
        SheetLayout layout = new SheetLayout(FRAMES, columns, WIDTH, tileHeight, lineHeight, captionLines, 8);
        for (int i = 0; i < FRAMES; i++) {
            long sequence = FIRST + i;
            Point tile = layout.tile(i);
            // Left of the person's box and off the placeholder's diagonals.
            Color corner = new Color(sheet.getRGB(tile.x + 6, tile.y + 20));
            Color expected = sequence == MISSING ? SheetPainter.PLACEHOLDER : colour(sequence);
            assertThat(close(corner, expected)).as("tile %d (sequence %d): %s, expected %s", i, sequence, corner,
                    expected).isTrue();
            if (sequence != MISSING) {
                // The box's left edge: x = 0.25 * 80, from y = 15 to 45.
                assertThat(new Color(sheet.getRGB(tile.x + 20, tile.y + 30))).as("person box on tile %d", i)
                        .isEqualTo(FrameDecoder.PERSON_BOX);
            }
        }
    }

    @Test
    void anAlertsClipBecomesAGifAtTheClipsFrameRate() throws Exception {
        Path gif = work.resolve("alert.gif");
        Run run = exportClip("--alert", "fall:ev-x", "--last", "1h", "--format", "gif", "--width",
                Integer.toString(WIDTH), "--out", gif.toString());

        assertThat(run.code).as("exit code; stderr:%n%s", run.err).isZero();
        assertThat(run.err).contains("gif of 12 frames", "at 100 ms a frame");
        try (ImageInputStream input = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            try {
                reader.setInput(input);
                assertThat(reader.getNumImages(true)).isEqualTo(FRAMES);
                for (int i = 0; i < FRAMES; i++) {
                    IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i)
                            .getAsTree("javax_imageio_gif_image_1.0");
                    IIOMetadataNode control = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension")
                            .item(0);
                    assertThat(control.getAttribute("delayTime")).as("delay of frame %d", i).isEqualTo("10");
                }
                BufferedImage first = reader.read(0);
                assertThat(first.getWidth()).isEqualTo(WIDTH);
                assertThat(close(new Color(first.getRGB(6, 4)), colour(FIRST))).isTrue();
            } finally {
                reader.dispose();
            }
        }
    }

    @Test
    void anUnknownEventIdIsAUsageErrorSayingWhatWasSearched() {
        Path out = work.resolve("none.png");
        Run run = exportClip("--event", "no-such-event", "--last", "1h", "--out", out.toString());

        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).contains("no event with id 'no-such-event' in actions.v1 over [");
        assertThat(out).doesNotExist();
    }

    @Test
    void framesPastTheirRetentionAreSaidToBeGone() throws Exception {
        Path out = work.resolve("old.png");
        Run run = exportClip("--event", "ev-old", "--last", "3d", "--out", out.toString());

        assertThat(run.code).as("stderr:%n%s", run.err).isEqualTo(2);
        assertThat(run.err).contains("are no longer in frames.v1", "keeps frames for 24 h");
        assertThat(out).doesNotExist();
        try (var leftovers = Files.list(work)) {
            assertThat(leftovers.map(Path::toString)).noneMatch(name -> name.endsWith(".partial"));
        }
    }

    // ---- the data ----

    private static Instant capture(long sequence) {
        return T0.plus(FRAME.multipliedBy(sequence));
    }

    /** A colour of its own per sequence number, far enough apart to survive JPEG. */
    private static Color colour(long sequence) {
        return Color.getHSBColor((sequence - FIRST) / (float) FRAMES, 1f, 1f);
    }

    private static boolean close(Color actual, Color expected) {
        return Math.abs(actual.getRed() - expected.getRed()) <= 24
                && Math.abs(actual.getGreen() - expected.getGreen()) <= 24
                && Math.abs(actual.getBlue() - expected.getBlue()) <= 24;
    }

    private static void writeFrames() throws Exception {
        List<VideoFrame> frames = new ArrayList<>();
        for (long sequence = FIRST; sequence <= LAST + 1; sequence++) {
            if (sequence != MISSING) {
                frames.add(frame("cam-x", sequence, colour(sequence)));
            }
            frames.add(frame("cam-y", sequence, Color.BLACK));
        }
        write(VideoFrame.class, Topics.FRAMES, frames, VideoFrame::getCameraId, f -> f.getCaptureTime().toEpochMilli());
    }

    private static VideoFrame frame(String camera, long sequence, Color colour) throws Exception {
        BufferedImage image = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        try {
            g.setColor(colour);
            g.fillRect(0, 0, 160, 120);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "jpg", jpeg)).isTrue();
        return VideoFrame.newBuilder().setCameraId(camera).setSequence(sequence).setCaptureTime(capture(sequence))
                .setCodec("jpeg").setWidth(160).setHeight(120).setData(ByteBuffer.wrap(jpeg.toByteArray()))
                .setMetadata(Map.of()).setEpoch(T0.toEpochMilli()).build();
    }

    private static ActionEvent event(String id, long first, long last, Instant start, Instant end) {
        return ActionEvent.newBuilder().setEventId(id).setCameraId("cam-x").setClipStartTime(start)
                .setClipEndTime(end).setFirstSequence(first).setLastSequence(last).setFrameCount(8)
                .setLabel("falling_down").setScore(0.9f).setTopK(List.of(new LabelScore("falling_down", 0.9f)))
                .setPerson(PERSON).setModelName("it-model").setModelVersion("1").setEmitTime(end.plusMillis(100))
                .setCaptureToEmitMillis(100).setInferenceMillis(5f).setBatchSize(1).build();
    }

    private static <T extends SpecificRecord> void write(Class<T> type, String topic,
            List<T> values, Function<T, String> key, ToLongFunction<T> time)
            throws Exception {
        try (Serde<T> serde = AvroSerdes.specific(type, Map.of("schema.registry.url", registry.ccompatUrl()), false);
             KafkaProducer<String, T> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                     new StringSerializer(), serde.serializer())) {
            for (T value : values) {
                producer.send(new ProducerRecord<>(topic, null, time.applyAsLong(value), key.apply(value), value)).get();
            }
        }
    }

    // ---- running the tool ----

    private record Run(int code, String out, String err) {
    }

    private static Run exportClip(String... args) {
        List<String> all = new ArrayList<>(List.of("export-clip", "--bootstrap-servers", cluster.bootstrapServers(),
                "--schema-registry-url", registry.ccompatUrl(), "--zone", "UTC"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = OperatorCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }
}
