package io.actionwatch.operator.replay;

import io.actionwatch.inference.model.ModelCardException;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.operator.connect.Connection;
import io.actionwatch.operator.connect.ConnectionOptions;
import io.actionwatch.operator.connect.ToolRun;
import io.actionwatch.operator.range.TimeRange;
import io.actionwatch.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ./run-operator replay}: runs a model over a time range of frames.v1 into a topic of its own and prints what
 * came out. Exit 0 when it ran (an empty range included), 2 for a bad command line, 1 when the replay failed.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs a model over a time range of " + Topics.FRAMES + " (as fast as the machine allows) and writes "
                        + "its action events to a topic of their own; prints progress on stderr and a summary on "
                        + "stdout: clips, events per label and, where live events exist for the same clips, the "
                        + "agreement with the live model per label.",
                "Only clips whose every frame was captured inside the range are replayed; the same model over the "
                        + "same range gives the same event ids as the live run. The live application's offsets and "
                        + "state are never touched: the replay runs under an application id of its own and removes "
                        + "its internal topics when it finishes.",
                "Times: ISO-8601 (2026-05-01T12:00:00Z, or 2026-05-01T12:00 / 2026-05-01 in this machine's zone) or "
                        + "a duration before now (90s, 15m, 1h30m, 1d)."})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Start of the range (inclusive), capture time; default: the topic's start.")
    String from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "End of the range (exclusive); default: when the command starts.")
    String to;

    @Option(names = "--last", paramLabel = "DURATION",
            description = "The range ending now, e.g. 15m (instead of --from/--to).")
    String last;

    @Option(names = "--camera", paramLabel = "ID", split = ",",
            description = "Replay only these cameras (repeatable or comma-separated); default: all.")
    List<String> cameras = List.of();

    @Option(names = "--model-dir", paramLabel = "DIR", defaultValue = "model/reference",
            description = "Model directory (default ${DEFAULT-VALUE}).")
    Path modelDir;

    @Option(names = "--model-card", paramLabel = "FILE", defaultValue = ModelDirectory.CARD_FILE,
            description = "The card in the model directory, for a directory holding several models, e.g. "
                    + "baseline-card.json (default ${DEFAULT-VALUE}).")
    String modelCard;

    @Option(names = "--output-topic", paramLabel = "TOPIC",
            description = "Where the events go; default: " + ReplayNames.OUTPUT_TOPIC_PREFIX + "<model name>-"
                    + "<model version>" + ReplayNames.OUTPUT_TOPIC_SUFFIX + ", created with the contracts of "
                    + Topics.ACTIONS + ".")
    String outputTopic;

    @Option(names = "--into-live-actions",
            description = "Allow --output-topic " + Topics.ACTIONS + " (consumers and alerts then see the replay's "
                    + "events).")
    boolean intoLiveActions;

    @Mixin
    ConnectionOptions connection;

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    public ReplayCommand() {
        this(System.out, System.err, Clock.systemDefaultZone());
    }

    /**
     * @param out   the summary
     * @param err   the progress bar
     * @param clock "now": the end of the range by default and what ages count back from
     */
    public ReplayCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        return ToolRun.run(spec, this::replay);
    }

    private int replay() {
        Instant now = clock.instant();
        TimeRange range = TimeRange.parse(from, to, last, now, clock.getZone());
        // Without --to the range ends when the command started: a replay of a live topic has an end.
        Instant end = range.to().orElse(now);
        if (!range.from().isBefore(end)) {
            throw new IllegalArgumentException("--from " + range.from() + " is not before the end of the range, "
                    + end + " (now)");
        }
        ModelDirectory model;
        try {
            model = ModelDirectory.open(modelDir, modelCard);
        } catch (ModelCardException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        String output = ReplayOutput.choose(outputTopic, model.card(), intoLiveActions);
        try (Connection kafka = connection.open()) {
            new Replay(new Replay.Request(kafka.serdeConfig(), model, range.from(),
                    end, Set.copyOf(cameras), output), out, err).run();
        }
        return 0;
    }
}
