package io.actionwatch.operator.cli;

import io.actionwatch.operator.alerts.ReplayAlertsCommand;
import io.actionwatch.operator.export.ExportClipCommand;
import io.actionwatch.operator.history.EventsCommand;
import io.actionwatch.operator.replay.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./run-operator}: what an operator runs against a deployment (any broker and registry) or the embedded default's
 * work directory. Each tool is a subcommand; {@code ./run-operator --help} lists them.
 */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = "Operator tools for actionwatch: replay frames through a model, replay alert rules, list "
                + "events and alerts, export a clip as an image.",
        subcommands = {CommandLine.HelpCommand.class, EventsCommand.class, ExportClipCommand.class,
                ReplayAlertsCommand.class, ReplayCommand.class})
public final class OperatorCli {

    private OperatorCli() {
    }

    public static CommandLine commandLine() {
        return new CommandLine(new OperatorCli());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
