package io.actionwatch.stack.broker;

import io.actionwatch.stack.jdk.JavaRuntimes;
import io.actionwatch.stack.net.FreePorts;
import io.actionwatch.stack.process.ChildProcess;
import io.actionwatch.stack.security.StackSecrets;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one JVM) running as a child JVM on loopback
 * ports from the {@code kafka_2.13} jars that the build copies into {@code local-stack/target/kafka-broker}.
 *
 * <p>A fresh data directory is formatted ({@code kafka.tools.StorageTool format --standalone}); one formatted by an
 * earlier run is reused with the ports it was formatted for, so topics and offsets survive restarts.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final String LIBS_PROPERTY = "kafka.broker.libs";
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** What KafkaRaftServer logs once the broker serves requests. */
    static final String STARTED_MESSAGE = "Kafka Server started";
    private static final int PORT_ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    private final ChildProcess process;
    private final int port;
    private final Path dataDir;

    private KafkaBroker(ChildProcess process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
    }

    /**
     * Starts the broker with classpath {@code libDir/*} and state in {@code dataDir}, and waits until it accepts
     * connections; its log goes to {@code dataDir/broker.log}.
     *
     * @throws IllegalStateException when the jars are missing, formatting fails, a reused data directory's ports
     *                               are taken, or the broker is not ready in time (with the end of its log)
     */
    public static KafkaBroker start(Path libDir, Path dataDir) {
        return start(libDir, dataDir, Optional.empty());
    }

    /**
     * As {@link #start(Path, Path)}; with {@code secrets}, secured: SASL over TLS on every listener and ACLs
     * (see BrokerFiles#securitySettings). A reused data directory takes the security it is started with.
     */
    public static KafkaBroker start(Path libDir, Path dataDir, Optional<StackSecrets> secrets) {
        Path libs = libDir.toAbsolutePath();
        checkLibs(libs);
        Path data = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create broker data directory " + data, e);
        }
        Path java = JavaRuntimes.currentJava();
        String classpath = libs + File.separator + "*";
        BrokerFiles.writeLogbackConfig(data);
        boolean reuse = BrokerFiles.formatted(data);
        for (int attempt = 1; ; attempt++) {
            BrokerFiles.Ports ports;
            if (reuse) {
                ports = BrokerFiles.readPorts(data);
                if (!FreePorts.isFree(ports.broker()) || !FreePorts.isFree(ports.controller())) {
                    throw new IllegalStateException("broker data directory " + data + " was formatted for ports "
                            + ports.broker() + " and " + ports.controller() + ", and one of them is in use (another "
                            + "broker on the same data directory?); stop it or use a fresh data directory");
                }
                BrokerFiles.writeServerProperties(data, ports, secrets);
                log.info("reusing broker data dir={} port={} secured={}", data, ports.broker(), secrets.isPresent());
            } else {
                int[] chosen = FreePorts.next(2);
                ports = new BrokerFiles.Ports(chosen[0], chosen[1]);
                BrokerFiles.writeServerProperties(data, ports, secrets);
                format(java, classpath, data);
            }
            ChildProcess process = ChildProcess.start("kafka-broker", brokerCommand(java, classpath, data), Map.of(),
                    data, data.resolve("broker.log"), Duration.ofSeconds(20));
            KafkaBroker broker = new KafkaBroker(process, ports.broker(), data);
            try {
                broker.awaitReady();
                return broker;
            } catch (RuntimeException e) {
                boolean portTaken = FreePorts.portTakenIn(process.log());
                broker.close();
                if (reuse || !portTaken || attempt == PORT_ATTEMPTS) {
                    throw e;
                }
                // Another process took a port between choosing and binding it (tests run in parallel). The storage
                // was formatted by this call for those ports, so it is formatted again for new ones.
                log.warn("broker port taken, retrying with new ports attempt={} ports={},{}", attempt,
                        ports.broker(), ports.controller());
                deleteRecursively(BrokerFiles.logDir(data));
            }
        }
    }

    private void awaitReady() {
        long started = System.nanoTime();
        process.awaitReady("port " + port + " accepts connections and the log says '" + STARTED_MESSAGE + "'",
                READY_TIMEOUT, () -> process.logContains(STARTED_MESSAGE) && FreePorts.accepting(port));
        log.info("kafka broker ready bootstrap={} pid={} startupMs={} dataDir={}", bootstrapServers(),
                process.pid(), (System.nanoTime() - started) / 1_000_000, dataDir);
    }

    private static List<String> brokerCommand(Path java, String classpath, Path data) {
        List<String> command = new ArrayList<>(jvm(java, data));
        command.addAll(List.of("-cp", classpath, "kafka.Kafka", BrokerFiles.serverProperties(data).toString()));
        return command;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete broker storage " + dir + " formatted by a failed start", e);
        }
    }

    /** {@code -Dkafka.broker.libs}, else {@code local-stack/target/kafka-broker} in this or a parent directory. */
    public static Path defaultLibDir() {
        String configured = System.getProperty(LIBS_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path relative = Path.of("local-stack", "target", "kafka-broker");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        return relative.toAbsolutePath();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle processHandle() {
        return process.handle();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return process.logFile();
    }

    @Override
    public void close() {
        process.close();
    }

    private static List<String> jvm(Path java, Path data) {
        return List.of(java.toString(), "-Xms128m", "-Xmx512m", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + BrokerFiles.logbackConfig(data));
    }

    private static void format(Path java, String classpath, Path data) {
        List<String> command = new ArrayList<>(jvm(java, data));
        command.addAll(List.of("-cp", classpath, "kafka.tools.StorageTool", "format", "--standalone",
                "-t", clusterId(), "-c", BrokerFiles.serverProperties(data).toString()));
        try (ChildProcess formatter = ChildProcess.start("kafka-storage-format", command, Map.of(), data,
                data.resolve("format.log"), Duration.ofSeconds(5))) {
            int exit = formatter.awaitExit(Duration.ofSeconds(60));
            if (exit != 0) {
                throw new IllegalStateException("formatting broker storage in " + data + " failed with exit code "
                        + exit + "; log " + formatter.logFile() + " ends with:\n" + formatter.logTail());
            }
        }
    }

    /** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, never starting with '-' (CLI flag). */
    private static String clusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-") || ByteBuffer.wrap(bytes).getLong() == 0);
        return id;
    }

    private static void checkLibs(Path libs) {
        boolean found = false;
        if (Files.isDirectory(libs)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(libs, "kafka_2.13-*.jar")) {
                found = jars.iterator().hasNext();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list broker jars in " + libs, e);
            }
        }
        if (!found) {
            throw new IllegalStateException("Kafka broker jars not found: " + libs + " holds no kafka_2.13-*.jar. Build "
                    + "them with 'mvn -pl local-stack package' (copies them into local-stack/target/kafka-broker) or "
                    + "set -D" + LIBS_PROPERTY + "=<dir>");
        }
    }
}
