package io.actionwatch.operator.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.operator.cli.OperatorCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in what was asked are refused with exit code 2 and a line naming the option, before any broker is
 * contacted (the addresses given here lead nowhere: reaching them would fail with exit code 1 instead).
 */
class ExportClipOptionsTest {

    @TempDir
    Path dir;

    @Test
    void aWidthOutOfRangeIsRefused() {
        Result result = exportClip("--event", "e-1", "--width", "4", "--out", dir.resolve("a.png").toString());
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("--width must be in [16, 4096] pixels, was 4");
    }

    @Test
    void negativeColumnsAreRefused() {
        Result result = exportClip("--event", "e-1", "--columns", "-1", "--out", dir.resolve("a.png").toString());
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("--columns must be 0 (automatic) or more, was -1");
    }

    @Test
    void anOutputDirectoryThatDoesNotExistIsRefused() {
        Result result = exportClip("--event", "e-1", "--out", dir.resolve("nowhere/a.png").toString());
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("--out", "does not exist");
    }

    @Test
    void exactlyOneOfEventAndAlertIsNeeded() {
        Result both = exportClip("--event", "e-1", "--alert", "a-1", "--out", dir.resolve("a.png").toString());
        assertThat(both.code).isEqualTo(2);
        assertThat(both.err).contains("mutually exclusive");
        Result neither = exportClip("--out", dir.resolve("a.png").toString());
        assertThat(neither.code).isEqualTo(2);
        assertThat(neither.err).contains("--event", "--alert");
    }

    @Test
    void anUnknownFormatIsRefused() {
        Result result = exportClip("--event", "e-1", "--format", "mp4", "--out", dir.resolve("a.png").toString());
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("--format", "png", "gif");
    }

    private record Result(int code, String err) {
    }

    private static Result exportClip(String... args) {
        List<String> all = new ArrayList<>(List.of("export-clip", "--bootstrap-servers", "127.0.0.1:1",
                "--schema-registry-url", "http://127.0.0.1:1/apis/ccompat/v7"));
        all.addAll(List.of(args));
        StringWriter err = new StringWriter();
        var cli = OperatorCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return new Result(cli.execute(all.toArray(String[]::new)), err.toString());
    }
}
