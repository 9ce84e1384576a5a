package io.actionwatch.benchmark.replay;

import io.actionwatch.operator.connect.Connection;
import io.actionwatch.serde.RegistrySerdeConfig;
import org.apache.kafka.clients.CommonClientConfigs;

import io.actionwatch.benchmark.frames.PreRenderedFrames;
import io.actionwatch.benchmark.endtoend.FrameLoad;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.operator.replay.Replay;
import io.actionwatch.operator.replay.ReplayNames;
import io.actionwatch.operator.replay.ReplaySummary;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How fast an operator's replay runs a range of {@code frames.v1} through the model: frames published at once by K
 * synthetic cameras, then replayed (own application id, as fast as it goes) with the operator tool's own code, set
 * beside the model's ceiling measured in the same run. Includes the replay's start (group seeding, Kafka Streams
 * start, rebalance) and its end (the settle wait, clean-up excluded), as an operator experiences it.
 */
public final class ReplayBenchmark {

    private static final Logger log = LoggerFactory.getLogger(ReplayBenchmark.class);
    /** Publishing rate per camera while filling the range: far above real time, the replay's input is what counts. */
    private static final double PUBLISH_FPS = 150;
    private static final Duration PUBLISH_TIMEOUT = Duration.ofMinutes(2);

    /**
     * @param cameras          cameras in the replayed range
     * @param frames           frames replayed (read from the topic)
     * @param events           events the replay wrote
     * @param seconds          wall time of the replay, start to settled end
     * @param framesPerSecond  frames / seconds
     * @param ceilingFramesPerSecond the model's camera frames/s ceiling from this run, or 0 when not measured
     */
    public record Result(int cameras, long frames, int events, double seconds, double framesPerSecond,
                         double ceilingFramesPerSecond) {

        /** Replay speed as a share of the ceiling; 0 without a ceiling. */
        public double shareOfCeiling() {
            return ceilingFramesPerSecond > 0 ? framesPerSecond / ceilingFramesPerSecond : 0;
        }
    }

    private final String bootstrapServers;
    private final String registryUrl;
    private final PreRenderedFrames frames;
    private final ModelDirectory model;

    public ReplayBenchmark(String bootstrapServers, String registryUrl, PreRenderedFrames frames,
                           ModelDirectory model) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.frames = frames;
        this.model = model;
    }

    public Result run(int cameras, int framesPerCamera, double ceilingFramesPerSecond) throws InterruptedException {
        Instant from = Instant.now();
        long target = (long) cameras * framesPerCamera;
        try (FrameLoad load = new FrameLoad(frames, cameras, bootstrapServers, registryUrl)) {
            load.setFps(PUBLISH_FPS);
            long deadline = System.nanoTime() + PUBLISH_TIMEOUT.toNanos();
            while (load.sent() + load.failed() < target) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("published " + load.sent() + " of " + target + " frames in "
                            + PUBLISH_TIMEOUT);
                }
                Thread.sleep(20);
            }
            load.setFps(0);
        }
        Instant to = Instant.now().plusMillis(1);
        log.info("replay section: {} frames of {} cameras published, replaying", target, cameras);
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        Connection connection = new Connection(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), Optional.empty());
        ReplaySummary summary = new Replay(new Replay.Request(connection.serdeConfig(), model, from, to,
                Set.of(), ReplayNames.defaultOutputTopic(model.card())), discard, discard).run()
                .orElseThrow(() -> new IllegalStateException("the replay found no frames in the range it published"));
        return new Result(cameras, summary.framesRead(), summary.events().size(), summary.seconds(),
                summary.framesPerSecond(), ceilingFramesPerSecond);
    }
}
