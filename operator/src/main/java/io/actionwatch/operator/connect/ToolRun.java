package io.actionwatch.operator.connect;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a tool's body and turns its failures into an operator's answer: a mistake in what was asked (a malformed
 * option, a missing topic, a bad rule) is one line on stderr and exit code 2; a failure while working (broker or
 * registry gone, a write refused) is its message on stderr, the stack trace in the log, and exit code 1.
 */
public final class ToolRun {

    public static final int USAGE = 2;
    public static final int FAILED = 1;

    private static final Logger log = LoggerFactory.getLogger(ToolRun.class);

    private ToolRun() {
    }

    public static int run(CommandSpec spec, Callable<Integer> body) {
        PrintWriter err = spec.commandLine().getErr();
        String tool = spec.name();
        try {
            return body.call();
        } catch (IllegalArgumentException | ConfigException e) {
            err.println(tool + ": " + e.getMessage());
            err.flush();
            return USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(tool + ": interrupted");
            err.flush();
            return FAILED;
        } catch (Exception e) {
            // Logged with its stack trace: an operator reporting the failure needs where it came from, not only what.
            log.error("{} failed", tool, e);
            err.println(tool + ": failed: " + messages(e));
            err.flush();
            return FAILED;
        }
    }

    /** The message of the exception and of each cause, which for Kafka errors is where the reason is. */
    static String messages(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return e instanceof KafkaException ? e.getClass().getSimpleName() + ": " + text : text.toString();
    }
}
