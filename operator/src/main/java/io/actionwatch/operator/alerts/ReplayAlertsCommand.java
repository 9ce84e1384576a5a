package io.actionwatch.operator.alerts;

import io.actionwatch.operator.connect.Connection;
import io.actionwatch.operator.connect.ConnectionOptions;
import io.actionwatch.operator.connect.ToolRun;
import io.actionwatch.operator.format.AvroJsonLines;
import io.actionwatch.operator.format.OutputFormat;
import io.actionwatch.operator.format.RecordTable;
import io.actionwatch.operator.kafka.RecordDecoder;
import io.actionwatch.operator.kafka.TopicRangeReader;
import io.actionwatch.operator.range.TimeRange;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.sink.alerting.AlertEvaluator;
import io.actionwatch.sink.alerting.AlertRule;
import io.actionwatch.sink.app.SinkConfig;
import io.actionwatch.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.serialization.Serde;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replay-alerts}: runs alert rules over the events of a time range and prints the alerts they would have
 * raised, optionally writing them to a topic. The rules are the live sink's code ({@link AlertEvaluator}), configured
 * like the live sink (sink.properties, {@code --sink-config}, environment) or given with {@code --rule}; events are
 * fed to it in the order the live sink reads them (each partition in offset order, and a camera lives in one
 * partition), so the same events and rules raise the same alerts with the same ids. Reading uses no consumer group:
 * the live sink's offsets are never touched.
 *
 * <p>The rules' memory starts empty at the range's start, as a sink started then would: k-of-n windows and cooldowns
 * see only events in the range.
 */
@Command(name = "replay-alerts", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates alert rules over a time range of an actions topic and prints the alerts they would "
                + "have raised; optionally writes them to a topic. The live sink's offsets are never touched.",
                "Rules: the sink's configuration (sink.properties, --sink-config, ACTIONWATCH_ALERT_* variables), or "
                        + "--rule 'NAME: labels=a,b; min.score=0.6; cooldown.ms=30000; k=2; n=3'.",
                "Time is the record time: the clip's end. --from is inclusive, --to exclusive."})
public final class ReplayAlertsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = Topics.ACTIONS,
            description = "Topic of action events to replay (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--from", paramLabel = "TIME", description = "Start of the range, inclusive (default: the oldest retained event).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the range, exclusive (default: the end of the topic when the command starts).")
    String to;

    @Option(names = "--last", paramLabel = "DURATION", description = "The range [now - DURATION, now); not with --from or --to.")
    String last;

    @Option(names = "--rule", paramLabel = "RULE",
            description = "A rule to replay instead of the configured ones, in sink.properties' words: "
                    + "'NAME: labels=L1,L2; min.score=S; cooldown.ms=MS; k=K; n=N' (defaults 0, 0, 1, 1). Repeatable.")
    List<String> rules = List.of();

    @Option(names = "--sink-config", paramLabel = "FILE",
            description = "The sink's properties file whose rules (and rule memory settings) to replay; layered over "
                    + "sink.properties and under ACTIONWATCH_* variables, as the sink reads it.")
    Path sinkConfig;

    @Option(names = "--to-topic", paramLabel = "TOPIC",
            description = "Also write the alerts to this topic (created with the contract of " + Topics.ALERTS
                    + " when missing). Never " + Topics.ALERTS + " unless --allow-live-alerts-topic.")
    String toTopic;

    @Option(names = "--allow-live-alerts-topic",
            description = "Allow --to-topic " + Topics.ALERTS + ": the replayed alerts reach live alert consumers.")
    boolean allowLiveAlertsTopic;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or jsonl (default ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of the table and of times without an "
            + "offset (default: the system's).")
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public Integer call() {
        return ToolRun.run(spec, this::replay);
    }

    private int replay() throws InterruptedException {
        TimeRange range = TimeRange.parse(from, to, last, Instant.now(), zone);
        checkTarget();
        SinkConfig config = SinkConfig.load(Optional.ofNullable(sinkConfig), System.getenv(), Map.of());
        List<AlertRule> replayed = rules.isEmpty() ? config.alertRules() : RuleOption.parse(rules);
        if (replayed.isEmpty()) {
            throw new IllegalArgumentException("no alert rules to replay: the sink's configuration lists none "
                    + "(alert.rules) and no --rule was given");
        }
        AlertEvaluator evaluator = new AlertEvaluator(replayed, config.rememberedIdsPerCamera(),
                config.personIdleTimeout(), Clock.systemUTC());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RecordTable table = new RecordTable(zone);
        try (Connection connected = connection.open();
             Serde<ActionEvent> events = AvroSerdes.specific(ActionEvent.class, connected.serdeConfig(), false);
             Serde<Alert> alerts = AvroSerdes.specific(Alert.class, connected.serdeConfig(), false);
             TopicRangeReader reader = new TopicRangeReader(connected.client(),
                     "actionwatch-operator-replay-alerts");
             AlertTopicWriter writer = toTopic == null ? null
                     : new AlertTopicWriter(connected.client(), toTopic, topic, alerts.serializer())) {
            RecordDecoder<ActionEvent> decoder = new RecordDecoder<>(events.deserializer());
            if (format == OutputFormat.table) {
                out.println(table.alertHeader());
            }
            long[] raised = {0};
            long[] evaluated = {0};
            reader.read(topic, range, record -> decoder.decode(record)
                    .ifPresent(event -> {
                        evaluated[0]++;
                        for (Alert alert : evaluator.evaluate(event)) {
                            raised[0]++;
                            out.println(format == OutputFormat.jsonl ? AvroJsonLines.line(alert) : table.row(alert));
                            if (writer != null) {
                                writer.write(alert);
                            }
                        }
                    }));
            out.flush();
            String written = writer == null ? "" : "; " + writer.finish() + " written to " + toTopic;
            err.printf("replay-alerts: %d alerts from rules %s over %d events of %s in %s%s%s%n", raised[0],
                    replayed.stream().map(AlertRule::name).toList(), evaluated[0], topic, range.describe(),
                    written, decoder.unreadable() == 0 ? "" : "; " + decoder.unreadable()
                            + " unreadable records skipped, as the sink would (first: " + decoder.firstReason().orElse("") + ")");
            err.flush();
        }
        return 0;
    }

    /** Alerts never land where they would be mistaken for something else, and reach live consumers only on request. */
    private void checkTarget() {
        if (toTopic == null) {
            if (allowLiveAlertsTopic) {
                throw new IllegalArgumentException("--allow-live-alerts-topic goes with --to-topic " + Topics.ALERTS);
            }
            return;
        }
        if (toTopic.equals(Topics.ALERTS) && !allowLiveAlertsTopic) {
            throw new IllegalArgumentException("--to-topic " + Topics.ALERTS + " would send replayed alerts to live alert "
                    + "consumers; give --allow-live-alerts-topic if that is meant, or another topic name");
        }
        if (List.of(Topics.FRAMES, Topics.ACTIONS, Topics.DEAD_LETTERS, topic).contains(toTopic)) {
            throw new IllegalArgumentException("--to-topic " + toTopic + " holds frames, events or dead letters, not alerts");
        }
        if (toTopic.isBlank()) {
            throw new IllegalArgumentException("--to-topic must not be blank");
        }
    }
}
