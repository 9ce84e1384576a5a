package io.actionwatch.benchmark.pose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.actionwatch.inference.model.ExecutionProviders;
import io.actionwatch.inference.pose.CocoKeypoints;
import io.actionwatch.inference.pose.PersonDetection;
import io.actionwatch.inference.pose.PoseEstimator;
import io.actionwatch.inference.pose.PoseModel;
import io.actionwatch.inference.preprocess.DecodedImage;
import io.actionwatch.inference.preprocess.ImageDecodeException;
import io.actionwatch.inference.preprocess.ImageIoJpegDecoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Measures how the pose estimator errs on frames whose truth is known: the synthetic scene's rendered frames and
 * their true COCO keypoints (the data set's keypoints.csv). The result is the noise model the skeleton training
 * data is drawn with (model/pose/movenet-multipose/noise-model.json), so training sees the estimator's own
 * jitter, misses and scores instead of perfect joints.
 *
 * <p>Per keypoint: the share of frames where the estimator's score for it fell below the confidence threshold
 * (a miss); for the others the error against the truth in units of the person's scale (the longer side of the true
 * keypoints' box, in pixels: the skeleton noise model's unit), as a robust sigma (1.4826 x median absolute
 * deviation) per axis plus the share of gross errors (over {@value #GROSS_ERROR} scales), and the score distribution.
 * Per frame: whether the person was found at all, and the box's height against the truth's.
 */
@Command(name = "pose-noise", mixinStandardHelpOptions = true,
        description = "Measure the pose estimator's errors on synthetic frames with known keypoints.")
public final class PoseNoiseCommand implements Callable<Integer> {

    /** An error beyond a fifth of the person's scale is a different body part, not jitter. */
    static final double GROSS_ERROR = 0.2;
    private static final double MAD_TO_SIGMA = 1.4826;

    @Option(names = "--data", required = true, description = "Data set written by ingest's dataset command.")
    Path data;

    @Option(names = "--split", defaultValue = "test", description = "Split to measure on (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--pose-model-dir", required = true, description = "Pose model directory (pose-card.json).")
    Path poseModelDir;

    @Option(names = "--frames", defaultValue = "600", description = "Frames to measure, spread over the split's "
            + "clips (default: ${DEFAULT-VALUE}; about 60 ms each on one core).")
    int maxFrames;

    @Option(names = "--threshold", defaultValue = "0.3", description = "Keypoint score counted as found "
            + "(default: ${DEFAULT-VALUE}, the skeleton rendering's threshold).")
    float threshold;

    @Option(names = "--out", required = true, description = "JSON file to write.")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PoseNoiseCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException, ImageDecodeException {
        List<String[]> rows = truthRows(data.resolve(split).resolve("keypoints.csv"));
        int stride = Math.max(1, rows.size() / maxFrames);
        int k = CocoKeypoints.COUNT;
        List<List<Double>> errY = new ArrayList<>();
        List<List<Double>> errX = new ArrayList<>();
        List<List<Double>> scores = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            errY.add(new ArrayList<>());
            errX.add(new ArrayList<>());
            scores.add(new ArrayList<>());
        }
        int[] misses = new int[k];
        int frames = 0;
        int found = 0;
        List<Double> scaleRatios = new ArrayList<>();
        List<Double> personScores = new ArrayList<>();
        DecodedImage image = new DecodedImage();
        try (PoseEstimator estimator = PoseEstimator.open(PoseModel.open(poseModelDir),
                List.of(ExecutionProviders.CPU), 0, 0.05f);
             ImageIoJpegDecoder decoder = new ImageIoJpegDecoder()) {
            for (int r = 0; r < rows.size() && frames < maxFrames; r += stride) {
                String[] row = rows.get(r);
                byte[] jpeg = Files.readAllBytes(data.resolve(split).resolve(row[0])
                        .resolve(String.format(Locale.ROOT, "frame_%02d.jpg", Integer.parseInt(row[1]))));
                decoder.decode(jpeg, 0, jpeg.length, image);
                float[] truth = new float[2 * k];
                for (int j = 0; j < 2 * k; j++) {
                    truth[j] = Float.parseFloat(row[2 + j]);
                }
                double[] box = box(truth);
                double height = box[2] - box[0];
                double scale = Math.max(height * image.height(), (box[3] - box[1]) * image.width());
                frames++;
                PersonDetection person = bestMatch(estimator.estimate(image), box);
                if (person == null) {
                    continue;
                }
                found++;
                personScores.add((double) person.score());
                scaleRatios.add((person.yMax() - person.yMin()) / height);
                for (int j = 0; j < k; j++) {
                    float score = person.keypointScore(j);
                    scores.get(j).add((double) score);
                    if (score < threshold) {
                        misses[j]++;
                        continue;
                    }
                    errY.get(j).add((person.y(j) - truth[2 * j]) * image.height() / scale);
                    errX.get(j).add((person.x(j) - truth[2 * j + 1]) * image.width() / scale);
                }
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("what", "MoveNet errors on synthetic frames with known keypoints (PoseNoiseCommand)");
        report.put("data", data.getFileName() + "/" + split);
        report.put("frames", frames);
        report.put("threshold", threshold);
        report.put("personMissRate", round(1.0 - (double) found / Math.max(1, frames)));
        report.put("personScore", stats(personScores));
        report.put("boxScaleRatio", stats(scaleRatios));
        report.put("unit", "errors in person scales: the longer side of the true keypoints' box, in pixels");
        report.put("grossErrorScales", GROSS_ERROR);
        List<Map<String, Object>> perKeypoint = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            Map<String, Object> kp = new LinkedHashMap<>();
            kp.put("name", CocoKeypoints.NAMES.get(j));
            kp.put("missRate", round((double) misses[j] / Math.max(1, found)));
            kp.put("sigmaY", round(robustSigma(errY.get(j))));
            kp.put("sigmaX", round(robustSigma(errX.get(j))));
            kp.put("grossRate", round(grossRate(errY.get(j), errX.get(j))));
            kp.put("biasY", round(median(errY.get(j))));
            kp.put("biasX", round(median(errX.get(j))));
            kp.put("score", stats(scores.get(j)));
            perKeypoint.add(kp);
        }
        report.put("keypoints", perKeypoint);
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        System.out.printf(Locale.ROOT, "pose-noise: %d frames, person found in %d, written to %s%n", frames, found,
                out);
        return 0;
    }

    private static List<String[]> truthRows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String expected = "clip,frame," + String.join(",", CocoKeypoints.NAMES.stream()
                .map(n -> n + "_y," + n + "_x").toList());
        if (lines.isEmpty() || !lines.get(0).equals(expected)) {
            throw new IllegalArgumentException(csv + " does not start with the COCO keypoint header " + expected);
        }
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
    }

    /** [yMin, xMin, yMax, xMax] of the true keypoints. */
    private static double[] box(float[] truth) {
        double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int j = 0; j < truth.length; j += 2) {
            box[0] = Math.min(box[0], truth[j]);
            box[1] = Math.min(box[1], truth[j + 1]);
            box[2] = Math.max(box[2], truth[j]);
            box[3] = Math.max(box[3], truth[j + 1]);
        }
        return box;
    }

    /** The detection whose box overlaps the truth's most (IoU at least 0.1), or null: the figure was missed. */
    private static PersonDetection bestMatch(List<PersonDetection> people, double[] truth) {
        PersonDetection best = null;
        double bestIou = 0.1;
        float[] box = {(float) truth[0], (float) truth[1], (float) truth[2], (float) truth[3]};
        for (PersonDetection p : people) {
            double iou = p.iou(box);
            if (iou > bestIou) {
                bestIou = iou;
                best = p;
            }
        }
        return best;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double robustSigma(List<Double> errors) {
        double m = median(errors);
        return MAD_TO_SIGMA * median(errors.stream().map(e -> Math.abs(e - m)).toList());
    }

    private static double grossRate(List<Double> ys, List<Double> xs) {
        int gross = 0;
        for (int i = 0; i < ys.size(); i++) {
            if (Math.hypot(ys.get(i), xs.get(i)) > GROSS_ERROR) {
                gross++;
            }
        }
        return ys.isEmpty() ? Double.NaN : (double) gross / ys.size();
    }

    private static Map<String, Object> stats(List<Double> values) {
        Map<String, Object> s = new LinkedHashMap<>();
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).average().orElse(Double.NaN);
        s.put("mean", round(mean));
        s.put("sd", round(Math.sqrt(var)));
        s.put("median", round(median(values)));
        return s;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10_000) / 10_000.0;
    }
}
