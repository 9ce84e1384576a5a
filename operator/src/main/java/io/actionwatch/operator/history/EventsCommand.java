package io.actionwatch.operator.history;

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
import io.actionwatch.topics.Topics;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code events}: lists the action events (or, with {@code --alerts}, the alerts) of a time range, filtered by camera,
 * label and score, as a table or as JSON lines, earliest first. Reads without a consumer group (see
 * {@link TopicRangeReader}), so it can run beside the live pipeline at any time.
 */
@Command(name = "events", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists action events (or alerts with --alerts) of a time range, earliest first, as a table or "
                + "JSON lines.",
                "Time is the record time: the clip's end. --from is inclusive, --to exclusive.",
                "Times: ISO (2026-05-01T10:00:00Z, 2026-05-01T12:00+02:00, 2026-05-01T10:00 or 2026-05-01 in --zone) "
                        + "or a duration before now (15m, 2h, 1h30m, 7d)."})
public final class EventsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--cameras", split = ",", paramLabel = "ID", description = "Only these cameras (comma separated).")
    List<String> cameras = List.of();

    @Option(names = "--labels", split = ",", paramLabel = "LABEL", description = "Only these labels (comma separated).")
    List<String> labels = List.of();

    @Option(names = "--min-score", paramLabel = "S", defaultValue = "0",
            description = "Lowest score listed, 0-1 (default ${DEFAULT-VALUE}).")
    double minScore;

    @Option(names = "--from", paramLabel = "TIME", description = "Start of the range, inclusive (default: the oldest retained record).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the range, exclusive (default: the end of the topic when the command starts).")
    String to;

    @Option(names = "--last", paramLabel = "DURATION", description = "The range [now - DURATION, now); not with --from or --to.")
    String last;

    @Option(names = "--alerts", description = "List alerts instead of events (from " + Topics.ALERTS + " unless --topic).")
    boolean alerts;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Topic to read (default " + Topics.ACTIONS + ", or " + Topics.ALERTS + " with --alerts), e.g. "
                    + "a replay's output.")
    String topic;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or jsonl (default ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
            description = "List at most the N earliest matches (default ${DEFAULT-VALUE}); how many more matched is "
                    + "said on stderr.")
    int limit;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of the table and of times without an "
            + "offset (default: the system's).")
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public Integer call() {
        return ToolRun.run(spec, this::list);
    }

    private int list() {
        HistoryFilter filter = new HistoryFilter(new HashSet<>(cameras), new HashSet<>(labels), minScore);
        TimeRange range = TimeRange.parse(from, to, last, Instant.now(), zone);
        EarliestMatches<SpecificRecord> matches = new EarliestMatches<>(limit);
        String source = topic != null ? topic : alerts ? Topics.ALERTS : Topics.ACTIONS;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Connection connected = connection.open()) {
            TopicRangeReader.Summary summary;
            long unreadable;
            String firstReason;
            if (alerts) {
                try (Serde<Alert> serde = AvroSerdes.specific(Alert.class, connected.serdeConfig(), false)) {
                    RecordDecoder<Alert> decoder = new RecordDecoder<>(serde.deserializer());
                    summary = read(connected, source, range, decoder, matches,
                            alert -> filter.accepts(alert.getCameraId(), alert.getLabel(), alert.getScore()));
                    unreadable = decoder.unreadable();
                    firstReason = decoder.firstReason().orElse("");
                }
            } else {
                try (Serde<ActionEvent> serde = AvroSerdes.specific(ActionEvent.class, connected.serdeConfig(), false)) {
                    RecordDecoder<ActionEvent> decoder = new RecordDecoder<>(serde.deserializer());
                    summary = read(connected, source, range, decoder, matches,
                            event -> filter.accepts(event.getCameraId(), event.getLabel(), event.getScore()));
                    unreadable = decoder.unreadable();
                    firstReason = decoder.firstReason().orElse("");
                }
            }
            print(out, matches.earliestFirst());
            String what = alerts ? "alerts" : "events";
            err.printf("events: %d %s matched%s; %d records of %s in %s read%s%n", matches.offered(), what,
                    matches.offered() > limit ? " (the first " + limit + " listed; raise --limit for more)" : "",
                    summary.recordsInRange(), source, range.describe(),
                    unreadable == 0 ? "" : "; " + unreadable + " unreadable records skipped (first: " + firstReason + ")");
            err.flush();
        }
        return 0;
    }

    private <T extends SpecificRecord> TopicRangeReader.Summary read(Connection connected, String source, TimeRange range,
            RecordDecoder<T> decoder, EarliestMatches<SpecificRecord> matches, Predicate<T> wanted) {
        try (TopicRangeReader reader = new TopicRangeReader(connected.client(), "actionwatch-operator-events")) {
            return reader.read(source, range, record -> decoder.decode(record).filter(wanted).ifPresent(value ->
                    matches.offer(new EarliestMatches.Match<>(record.timestamp(), record.partition(), record.offset(), value))));
        }
    }

    private void print(PrintWriter out, List<EarliestMatches.Match<SpecificRecord>> listed) {
        RecordTable table = new RecordTable(zone);
        if (format == OutputFormat.table) {
            out.println(alerts ? table.alertHeader() : table.eventHeader());
        }
        for (EarliestMatches.Match<SpecificRecord> match : listed) {
            SpecificRecord value = match.value();
            if (format == OutputFormat.jsonl) {
                out.println(AvroJsonLines.line(value));
            } else if (value instanceof Alert alert) {
                out.println(table.row(alert));
            } else {
                out.println(table.row((ActionEvent) value));
            }
        }
        out.flush();
    }
}
