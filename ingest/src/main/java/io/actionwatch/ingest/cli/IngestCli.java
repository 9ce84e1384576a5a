package io.actionwatch.ingest.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The ingest command line: {@code camera} publishes one camera's frames, {@code dataset} writes training clips. */
@Command(name = "ingest", mixinStandardHelpOptions = true, version = "actionwatch ingest 0.1.0",
        description = "actionwatch edge producer and synthetic data tools.",
        subcommands = {CameraCommand.class, DatasetCommand.class})
public final class IngestCli {

    /** Logback configuration used when the caller has not chosen one: quiet INFO, Kafka clients at WARN. */
    static final String LOGGING_CONFIG = "io/actionwatch/ingest/cli/logback-ingest.xml";

    // No static logger here: main() must choose the logging configuration before logback starts.
    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGGING_CONFIG);
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for embedding and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new IngestCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    // Operational failures (bad directory, broker away...) get one clear line; the stack goes to
                    // the log for whoever needs it.
                    LoggerFactory.getLogger(IngestCli.class).debug("command failed", e);
                    commandLine.getErr().println("error: " + (e.getMessage() != null ? e.getMessage() : e));
                    return 1;
                });
    }
}
