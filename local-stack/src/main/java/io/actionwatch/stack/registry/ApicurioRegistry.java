package io.actionwatch.stack.registry;

import io.actionwatch.stack.jdk.JavaRuntimes;
import io.actionwatch.stack.net.FreePorts;
import io.actionwatch.stack.process.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry (the unpacked {@code apicurio-registry-app} server) running as a child JVM on loopback
 * ports, with BACKWARD compatibility as the global rule. Clients use its Confluent-compatible API at
 * {@link #ccompatUrl()}.
 *
 * <p>Schemas are stored in an H2 database file in the work directory, so a registry started again over the same
 * directory knows every schema id it handed out before: records written by an earlier run stay decodable. (Kept in
 * memory, a restarted registry handed out ids from 1 again, and old records' ids then meant nothing or, worse,
 * another schema.) Measured against Apicurio's KafkaSQL storage on the project's broker, which would keep schemas
 * the way Confluent's registry does: ready in 3-7 s instead of 16-25 s, and it needs no broker first, so broker and
 * registry still start side by side.
 *
 * <p>Its ports are kept in the work directory as well, so a registry started again over it answers at the same URL
 * and clients that retried through its absence carry on without a new address (ChaosIT in the launcher module).
 */
public final class ApicurioRegistry implements AutoCloseable {

    public static final String HOME_PROPERTY = "apicurio.home";
    /** Apicurio 3 runs on Java 21 or newer. */
    public static final int REQUIRED_JAVA = 21;
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final int PORT_ATTEMPTS = 3;
    /** The H2 database, {@code <workDir>/storage/registry.mv.db}. */
    static final String STORAGE_DIR = "storage";

    private static final Logger log = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Pattern BACKWARD = Pattern.compile("\"compatibilityLevel\"\\s*:\\s*\"BACKWARD\"");

    private final ChildProcess process;
    private final int httpPort;
    private final int managementPort;
    private final Optional<RegistrySecurity> security;

    private ApicurioRegistry(ChildProcess process, int httpPort, int managementPort, Optional<RegistrySecurity> security) {
        this.process = process;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.security = security;
    }

    /**
     * Starts the registry found in {@code home} (the directory holding {@code quarkus-run.jar}) and waits until it
     * is ready; its log goes to {@code workDir/registry.log}, its schemas to {@code workDir/storage} and its ports
     * to {@code workDir/ports.properties}, where a later start over the same {@code workDir} finds them: the same
     * schemas at the same URL (new ports only when an earlier one is taken).
     *
     * @throws IllegalStateException when the server or a Java 21+ is missing, the work directory cannot hold a
     *                               database, or it is not ready in time (with the end of its log; a second
     *                               registry on the same work directory fails here, H2 locks its file)
     */
    public static ApicurioRegistry start(Path home, Path workDir) {
        return start(home, workDir, Optional.empty());
    }

    /**
     * As {@link #start(Path, Path)}; with {@code security}, https only, HTTP basic authentication and role-based
     * authorization (only the admin user writes). A registry started plain over the same directory afterwards is
     * open again: the settings are rewritten at every start.
     */
    public static ApicurioRegistry start(Path home, Path workDir, Optional<RegistrySecurity> security) {
        Path runner = home.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException("Apicurio Registry server not found: " + runner.toAbsolutePath()
                    + " does not exist. Build it with 'mvn -pl local-stack package' (unpacks it into "
                    + "local-stack/target/apicurio-registry) or set -D" + HOME_PROPERTY + "=<dir with quarkus-run.jar>");
        }
        Path java = JavaRuntimes.find(REQUIRED_JAVA);
        String storageUrl = storageUrl(workDir);
        writeSettings(workDir, security);
        RegistryPorts ports = keptPorts(workDir).orElseGet(ApicurioRegistry::freshPorts);
        for (int attempt = 1; ; attempt++) {
            ChildProcess process = launch(java, runner, workDir, storageUrl, ports.http(), ports.management());
            ApicurioRegistry registry = new ApicurioRegistry(process, ports.http(), ports.management(), security);
            try {
                registry.awaitReady(java);
                ports.write(workDir);
                return registry;
            } catch (RuntimeException e) {
                boolean portTaken = FreePorts.portTakenIn(process.log());
                registry.close();
                if (!portTaken || attempt == PORT_ATTEMPTS) {
                    throw e;
                }
                // Another process took a port between choosing and binding it (tests run in parallel).
                log.warn("registry port taken, retrying with new ports attempt={} ports={},{}", attempt,
                        ports.http(), ports.management());
                ports = freshPorts();
            }
        }
    }

    /**
     * The ports of the registry's last start over {@code workDir} when both are free, so a restarted registry keeps
     * its URL. Unlike the broker's (which its formatted metadata names), they may change: when one is taken the
     * registry moves to new ports with a WARN, and clients must then be given the new URL.
     */
    private static Optional<RegistryPorts> keptPorts(Path workDir) {
        return RegistryPorts.read(workDir).filter(ports -> {
            if (FreePorts.isFree(ports.http()) && FreePorts.isFree(ports.management())) {
                log.info("reusing registry ports workDir={} httpPort={}", workDir, ports.http());
                return true;
            }
            log.warn("the registry's earlier ports are in use, choosing new ones; clients configured with its "
                    + "earlier URL must be given the new one workDir={} ports={},{}", workDir, ports.http(),
                    ports.management());
            return false;
        });
    }

    private static RegistryPorts freshPorts() {
        int[] chosen = FreePorts.next(2);
        return new RegistryPorts(chosen[0], chosen[1]);
    }

    /**
     * The JDBC URL of the registry's H2 file. WRITE_DELAY=0 writes each commit to the file before the registry
     * answers: with H2's default of 500 ms, a registry killed (SIGKILL) right after registering a schema came back
     * without it, and handed the same id to the next schema registered, so records already written with that id
     * would have decoded with the wrong schema. DB_CLOSE_ON_EXIT=FALSE leaves closing to the server's own shutdown,
     * which closes its connection pool after the last request, instead of H2's shutdown hook racing it.
     */
    static String storageUrl(Path workDir) {
        Path storage = workDir.toAbsolutePath().resolve(STORAGE_DIR);
        // ';' separates settings in an H2 URL, so a path holding one would be cut short there.
        if (storage.toString().contains(";")) {
            throw new IllegalStateException("the registry work directory " + storage + " contains ';', which an H2 "
                    + "database URL cannot hold; use another work directory");
        }
        try {
            Files.createDirectories(storage);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the registry storage directory " + storage, e);
        }
        return "jdbc:h2:file:" + storage.resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    private static void writeSettings(Path workDir, Optional<RegistrySecurity> security) {
        if (security.isPresent()) {
            security.get().writeConfig(workDir);
            return;
        }
        try {
            // A secured run's settings left in the directory would secure this plain run too.
            Files.deleteIfExists(workDir.resolve("config").resolve("application.properties"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove earlier registry settings in " + workDir, e);
        }
    }

    private static ChildProcess launch(Path java, Path runner, Path workDir, String storageUrl, int httpPort,
                                       int managementPort) {
        Map<String, String> env = Map.ofEntries(
                Map.entry("APICURIO_RULES_GLOBAL_COMPATIBILITY", "BACKWARD"),
                // SQL storage on H2 (the server's defaults), in a file instead of memory.
                Map.entry("APICURIO_STORAGE_KIND", "sql"),
                Map.entry("APICURIO_STORAGE_SQL_KIND", "h2"),
                Map.entry("APICURIO_DATASOURCE_URL", storageUrl),
                Map.entry("QUARKUS_HTTP_HOST", "127.0.0.1"),
                Map.entry("QUARKUS_HTTP_PORT", Integer.toString(httpPort)),
                // Used only when secured (config/application.properties then turns plain HTTP off).
                Map.entry("QUARKUS_HTTP_SSL_PORT", Integer.toString(httpPort)),
                Map.entry("QUARKUS_MANAGEMENT_HOST", "127.0.0.1"),
                Map.entry("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort)),
                // One access-log line per request would bury anything useful in the log.
                Map.entry("QUARKUS_HTTP_ACCESS_LOG_ENABLED", "false"),
                // The H2 store needs a couple of connections, not the 20 the server keeps by default.
                Map.entry("APICURIO_DATASOURCE_JDBC_INITIAL_SIZE", "2"),
                Map.entry("APICURIO_DATASOURCE_JDBC_MIN_SIZE", "2"));
        List<String> command = List.of(java.toString(),
                // A local development registry: small heap, C1 only and serial GC start faster and stay near 200 MB.
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-jar", runner.toAbsolutePath().toString());
        return ChildProcess.start("apicurio-registry", command, env, workDir, workDir.resolve("registry.log"),
                Duration.ofSeconds(10));
    }

    /** {@code -Dapicurio.home}, else {@code local-stack/target/apicurio-registry} in this or a parent directory. */
    public static Path defaultHome() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path relative = Path.of("local-stack", "target", "apicurio-registry");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative).resolve("quarkus-run.jar"))) {
                return dir.resolve(relative);
            }
        }
        return relative.toAbsolutePath();
    }

    /** Root of the Confluent-compatible API, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return (security.isPresent() ? "https" : "http") + "://127.0.0.1:" + httpPort + "/apis/ccompat/v7";
    }

    public boolean secured() {
        return security.isPresent();
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle processHandle() {
        return process.handle();
    }

    public Path logFile() {
        return process.logFile();
    }

    @Override
    public void close() {
        process.close();
    }

    private void awaitReady(Path java) {
        long started = System.nanoTime();
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                // Generous: with https the connect includes the TLS handshake, which took over 2 s on a loaded
                // 2-core machine while the freshly started registry was still warming up.
                .connectTimeout(Duration.ofSeconds(15));
        security.ifPresent(secured -> builder.sslContext(secured.sslContext()));
        HttpClient http = builder.build();
        URI health = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        try {
            // The management interface (health) opens before the API's listener: measured with https, the API
            // refused connections for a moment after health said ready.
            process.awaitReady("GET " + health + " answers 200 and port " + httpPort + " accepts connections",
                    READY_TIMEOUT, () -> http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).GET()
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200
                            && FreePorts.accepting(httpPort));
            process.awaitReady("GET " + ccompatUrl() + "/config answers", READY_TIMEOUT, () -> {
                ensureBackwardCompatibility(http);
                return true;
            });
        } finally {
            closeQuietly(http);
        }
        log.info("schema registry ready url={} pid={} java={} startupMs={}", ccompatUrl(), pid(), java,
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The global rule from APICURIO_RULES_GLOBAL_COMPATIBILITY does reach the ccompat API (its /config answers
     * BACKWARD), but the whole pipeline's evolution contract rests on it, so it is checked rather than assumed;
     * should a registry version stop honouring the variable, the level is set through the standard API.
     */
    private void ensureBackwardCompatibility(HttpClient http) {
        URI config = URI.create(ccompatUrl() + "/config");
        try {
            String level = http.send(asAdmin(HttpRequest.newBuilder(config)).timeout(Duration.ofSeconds(10))
                    .header("Accept", CONTENT_TYPE).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            if (BACKWARD.matcher(level).find()) {
                return;
            }
            log.warn("registry global compatibility is not BACKWARD, setting it url={} answer={}", config, level);
            HttpResponse<String> put = http.send(asAdmin(HttpRequest.newBuilder(config)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", CONTENT_TYPE)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"BACKWARD\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() != 200) {
                throw new IllegalStateException("cannot set BACKWARD compatibility on " + config + ": HTTP "
                        + put.statusCode() + " " + put.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or set the compatibility level at " + config, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the compatibility level at " + config, e);
        }
    }

    private HttpRequest.Builder asAdmin(HttpRequest.Builder request) {
        security.ifPresent(secured -> request.header("Authorization", secured.adminAuthorization()));
        return request;
    }

    /** HttpClient is AutoCloseable from Java 21 on; on 17 its threads end once it is unreachable. */
    private static void closeQuietly(HttpClient http) {
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("closing readiness HTTP client failed", e);
            }
        }
    }
}
