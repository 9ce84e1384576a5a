package io.actionwatch.ingest.cli;

import io.actionwatch.ingest.dataset.DatasetSpec;
import io.actionwatch.ingest.dataset.DatasetWriter;
import io.actionwatch.ingest.dataset.SplitSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ingest dataset}: writes labelled clips of the synthetic scene for training and evaluation. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Write labelled clips of the synthetic scene (JPEG frames, labels.csv, frames.csv, "
                + "keypoints.csv, dataset-card.json) for the trainer. Same options => same files and content hash.")
final class DatasetCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--out", required = true, description = "Output directory (must be empty, or use --force).")
    Path out;

    @Option(names = "--clips-per-class", defaultValue = "300",
            description = "Clips per action label in each split without its own count (default: ${DEFAULT-VALUE}).")
    int clipsPerClass;

    @Option(names = "--frames", defaultValue = "8", description = "Frames per clip, T (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--frame-step", defaultValue = "2",
            description = "Keep every S-th camera frame, S (default: ${DEFAULT-VALUE}).")
    int frameStep;

    @Option(names = "--width", defaultValue = "320", description = "Frame width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "240", description = "Frame height (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--fps", defaultValue = "15", description = "Camera frame rate (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--jpeg-quality", defaultValue = "85",
            description = "JPEG quality 1-100, as the camera (default: ${DEFAULT-VALUE}).")
    int jpegQuality;

    @Option(names = "--seed", defaultValue = "1", description = "Data-set seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--splits", defaultValue = "train,val,test", split = ",",
            description = "Splits as name or name=clipsPerClass, comma separated; each split has its own seed "
                    + "range (default: ${DEFAULT-VALUE}).")
    List<String> splits;

    @Option(names = "--threads", description = "Rendering threads (default: available processors); the output "
            + "does not depend on it.")
    Integer threads;

    @Option(names = "--force", description = "Replace an existing data set in --out.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        DatasetSpec spec;
        try {
            List<SplitSpec> parsed = new ArrayList<>();
            for (String s : splits) {
                parsed.add(SplitSpec.parse(s, clipsPerClass));
            }
            int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            spec = new DatasetSpec(out, frames, frameStep, width, height, fps, jpegQuality, seed, parsed, threadCount);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandSpec.commandLine(), e.getMessage(), e);
        }
        long start = System.nanoTime();
        DatasetWriter.Result result = new DatasetWriter(spec).write(force);
        double seconds = (System.nanoTime() - start) / 1e9;
        commandSpec.commandLine().getOut().printf(Locale.ROOT,
                "dataset written: clips=%d files=%d seconds=%.1f contentHash=%s card=%s%n",
                result.clips(), result.files(), seconds, result.contentHash(), result.card());
        commandSpec.commandLine().getOut().flush();
        return 0;
    }
}
