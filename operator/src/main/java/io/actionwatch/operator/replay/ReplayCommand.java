package io.actionwatch.operator.replay;

import io.actionwatch.inference.model.ModelCardException;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.launcher.LocalInfrastructure;
import io.actionwatch.topics.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
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
                "Times: ISO-8601 (2026-05-01T12:00:00Z, or 2026-05-01T12:00:00 in this machine's zone), an age "
                        + "before now (90s, 15m, 2h, 1d) or now."})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "TIME", description = "Start of the range (inclusive), capture time.")
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

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "The pipeline's Kafka brokers (what ./run-pipeline logs at start).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "The Confluent-compatible registry, e.g. http://127.0.0.1:8081/apis/ccompat/v7.")
    String schemaRegistryUrl;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Instead of --bootstrap-servers/--schema-registry-url: start the broker and registry of a "
                    + "stopped ./run-pipeline --work-dir DIR for the replay, and stop them after.")
    Path workDir;

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
        Instant now = clock.instant();
        ReplayWindow window;
        ModelDirectory model;
        String output;
        try {
            window = ReplayWindow.resolve(from, to, last, now, clock.getZone());
            model = ModelDirectory.open(modelDir, modelCard);
            output = ReplayOutput.choose(outputTopic, model.card(), intoLiveActions);
            checkInfrastructureOptions();
        } catch (IllegalArgumentException | ModelCardException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (workDir == null) {
            new Replay(new Replay.Request(bootstrapServers, schemaRegistryUrl, model, window, Set.copyOf(cameras),
                    output), out, err).run();
            return 0;
        }
        try (LocalInfrastructure infrastructure = LocalInfrastructure.start(workDir, List.of())) {
            new Replay(new Replay.Request(infrastructure.bootstrapServers(), infrastructure.schemaRegistryUrl(), model,
                    window, Set.copyOf(cameras), output), out, err).run();
        }
        return 0;
    }

    private void checkInfrastructureOptions() {
        if (workDir != null) {
            if (bootstrapServers != null || schemaRegistryUrl != null) {
                throw new IllegalArgumentException("--work-dir starts its own broker and registry; leave out "
                        + "--bootstrap-servers and --schema-registry-url");
            }
            if (!Files.isDirectory(workDir.resolve("kafka"))) {
                throw new IllegalArgumentException("--work-dir " + workDir + " holds no broker data (kafka/): give "
                        + "the directory a ./run-pipeline --work-dir ran in");
            }
            return;
        }
        if (bootstrapServers == null || schemaRegistryUrl == null) {
            throw new IllegalArgumentException("say where the pipeline runs: --bootstrap-servers and "
                    + "--schema-registry-url (./run-pipeline logs both at start), or --work-dir of a stopped run");
        }
    }
}
