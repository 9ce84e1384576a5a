package io.actionwatch.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IngestCliTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = IngestCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void datasetCommandWritesADataSet() {
        Path dir = tmp.resolve("ds");
        int code = run("dataset", "--out", dir.toString(), "--clips-per-class", "1", "--frames", "2",
                "--width", "64", "--height", "48", "--splits", "train,test=1", "--seed", "3");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("contentHash=");
        assertThat(dir.resolve("dataset-card.json")).exists();
        assertThat(dir.resolve("test/clip_000008/frame_01.jpg")).exists();
        assertThat(Files.exists(dir.resolve("val"))).isFalse();
    }

    @Test
    void badOptionsGiveClearErrors() {
        assertThat(run("dataset", "--out", tmp.toString(), "--frames", "zero")).isEqualTo(2);
        assertThat(err.toString()).contains("--frames").contains("zero");

        assertThat(run("dataset", "--out", tmp.toString(), "--splits", "train=-1")).isEqualTo(2);
        assertThat(err.toString()).contains("at least one clip");

        assertThat(run("camera", "--source", "images")).isEqualTo(2);
        assertThat(err.toString()).contains("--images-dir");

        assertThat(run("camera", "--source", "webcam")).isEqualTo(2);
        assertThat(err.toString()).contains("synthetic").contains("images");

        assertThat(run("camera", "--jpeg-quality", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("JPEG quality");

        assertThat(run("camera", "--people", "5")).isEqualTo(2);
        assertThat(err.toString()).contains("--people must be between 1 and 4, got 5");

        assertThat(run("camera", "--source", "images", "--images-dir", tmp.toString(), "--people", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--people applies to --source synthetic only");

        assertThat(run("camera", "--metrics-port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("--metrics-port must be -1 (off), 0 (any free port)").contains("70000");
    }

    @Test
    void operationalFailuresAreOneLine() throws Exception {
        Files.writeString(tmp.resolve("occupied"), "x");
        assertThat(run("dataset", "--out", tmp.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: ").contains("not empty");

        assertThat(run("camera", "--source", "images", "--images-dir", tmp.resolve("missing").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("does not exist");
    }
}
