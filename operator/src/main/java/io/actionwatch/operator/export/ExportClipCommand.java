package io.actionwatch.operator.export;

import io.actionwatch.operator.connect.Connection;
import io.actionwatch.operator.connect.ConnectionOptions;
import io.actionwatch.operator.connect.ToolRun;
import io.actionwatch.operator.range.TimeRange;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.text.UntrustedText;
import io.actionwatch.topics.Topics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export-clip}: writes the frames of one event's or alert's clip, read back from the frames topic, as a
 * contact sheet PNG or an animated GIF, for a report or a ticket. Reads without a consumer group (see
 * {@link io.actionwatch.operator.kafka.TopicRangeReader}), so it can run beside the live pipeline.
 */
@Command(name = "export-clip", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes an event's or alert's clip as a contact sheet (PNG) or an animation (GIF).",
                "The event or alert is searched by record time (the clip's end) over --from/--to/--last; its frames "
                        + "are read from " + Topics.FRAMES + ", which keeps them for a day.",
                "Times: as for the events tool (ISO or a duration before now)."})
public final class ExportClipCommand implements Callable<Integer> {

    /** Exactly one of the two ways to name the clip. */
    static final class Subject {
        @Option(names = "--event", paramLabel = "ID", required = true, description = "The event's id.")
        String eventId;

        @Option(names = "--alert", paramLabel = "ID", required = true,
                description = "The alert's id; its event (in --topic) adds the model and sequence range.")
        String alertId;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "File to write (replaced if it exists).")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "png",
            description = "png (contact sheet) or gif (animation at the clip's frame rate); default ${DEFAULT-VALUE}.")
    ExportFormat format;

    @Option(names = "--from", paramLabel = "TIME", description = "Start of the search range, inclusive (default: the oldest retained record).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the search range, exclusive (default: the end of the topic).")
    String to;

    @Option(names = "--last", paramLabel = "DURATION", description = "Search [now - DURATION, now); not with --from or --to.")
    String last;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Events topic (default " + Topics.ACTIONS + "), e.g. a replay's output.")
    String eventsTopic = Topics.ACTIONS;

    @Option(names = "--alerts-topic", paramLabel = "TOPIC", description = "Alerts topic (default " + Topics.ALERTS + ").")
    String alertsTopic = Topics.ALERTS;

    @Option(names = "--frames-topic", paramLabel = "TOPIC", description = "Frames topic (default " + Topics.FRAMES + ").")
    String framesTopic = Topics.FRAMES;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "320",
            description = "Width of each frame in pixels (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--columns", paramLabel = "N", defaultValue = "0",
            description = "Frames per row of the sheet (default: about as many as rows).")
    int columns;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of the caption and of times without an "
            + "offset (default: the system's).")
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public Integer call() {
        return ToolRun.run(spec, this::export);
    }

    private int export() throws IOException {
        TimeRange range = TimeRange.parse(from, to, last, Instant.now(), zone);
        // Checked before connecting: a mistyped option should not cost a scan of the events topic.
        FrameDecoder.requireWidth(width);
        if (columns < 0) {
            throw new IllegalArgumentException("--columns must be 0 (automatic) or more, was " + columns);
        }
        Path target = out.toAbsolutePath();
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw new IllegalArgumentException("--out " + out + ": directory " + target.getParent() + " does not exist");
        }
        PrintWriter err = spec.commandLine().getErr();
        try (Connection connected = connection.open()) {
            ClipSubject clip = find(new SubjectFinder(connected), range);
            FrameDecoder decoder = new FrameDecoder(width, clip.person());
            ClipFrameReader.Result read = new ClipFrameReader(connected, decoder).read(framesTopic, clip);
            if (read.frames().isEmpty()) {
                throw new IllegalArgumentException("no frames of camera " + UntrustedText.excerpt(clip.cameraId())
                        + " captured in [" + clip.clipStart() + ", " + clip.clipEnd() + "] in " + framesTopic
                        + " (for " + UntrustedText.excerpt(clip.source()) + "; is --frames-topic right?)");
            }
            List<ClipFrame> frames = ClipFrames.inOrder(read.frames(), clip.sequences());
            SheetPainter painter = new SheetPainter(new ClipCaption(zone), width);
            Duration interval = AnimatedGif.frameInterval(frames);
            write(target, painter, clip, frames, interval);
            long placeholders = frames.stream().filter(ClipFrame::isPlaceholder).count();
            err.printf("export-clip: wrote %s: %s of %d frames of camera %s%s%s%n", out, format, frames.size(),
                    UntrustedText.excerpt(clip.cameraId()),
                    format == ExportFormat.gif ? " at " + interval.toMillis() + " ms a frame" : "",
                    placeholders == 0 ? "" : "; " + placeholders + " missing or undecodable, drawn as placeholders"
                            + (read.unreadableRecords() == 0 ? "" : " (" + read.unreadableRecords()
                            + " unreadable records skipped)"));
            err.flush();
        }
        return 0;
    }

    private ClipSubject find(SubjectFinder finder, TimeRange range) {
        if (subject.eventId != null) {
            return ClipSubject.of(finder.event(subject.eventId, eventsTopic, range));
        }
        Alert alert = finder.alert(subject.alertId, alertsTopic, range);
        Optional<ActionEvent> event = finder.eventOf(alert, eventsTopic);
        return ClipSubject.of(alert, event);
    }

    private void write(Path target, SheetPainter painter, ClipSubject clip, List<ClipFrame> frames, Duration interval)
            throws IOException {
        // Written beside the target and moved over it: a failed export leaves no half-written file under its name.
        Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
        try {
            try (OutputStream stream = Files.newOutputStream(partial)) {
                if (format == ExportFormat.png) {
                    BufferedImage sheet = painter.sheet(clip, frames, columns);
                    if (!ImageIO.write(sheet, "png", stream)) {
                        throw new IllegalStateException("this JDK has no PNG writer");
                    }
                } else {
                    AnimatedGif.write(painter.animation(clip, frames), AnimatedGif.delayCentis(interval), stream);
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
