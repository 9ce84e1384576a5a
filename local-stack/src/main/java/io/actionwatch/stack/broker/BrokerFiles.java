package io.actionwatch.stack.broker;

import io.actionwatch.stack.security.StackSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Writes and reads the configuration files of the single-node KRaft broker in its data directory. */
public final class BrokerFiles {

    /**
     * Largest record batch the broker accepts: the frame topic's bound (Topics.MAX_FRAME_RECORD_BYTES, 8 MiB, in
     * the schemas module, which this module must not depend on) plus room for a dead letter that wraps a whole
     * frame and for batch overhead. Topic-level max.message.bytes narrows it per topic.
     */
    static final int MESSAGE_MAX_BYTES = 8 * 1024 * 1024 + 256 * 1024;

    private static final Pattern LISTENER_PORT = Pattern.compile("(PLAINTEXT|SECURE|CONTROLLER)://[^:,]+:(\\d+)");
    /** The client listener of a secured broker: SASL over TLS, SCRAM-SHA-512 for roles and PLAIN for the broker. */
    public static final String SECURE_LISTENER = "SECURE";

    private BrokerFiles() {
    }

    record Ports(int broker, int controller) {
    }

    static Path serverProperties(Path dataDir) {
        return dataDir.resolve("server.properties");
    }

    static Path logDir(Path dataDir) {
        return dataDir.resolve("kraft-logs");
    }

    static Path logbackConfig(Path dataDir) {
        return dataDir.resolve("logback.xml");
    }

    /** Whether the data directory already holds a formatted broker (then it is reused with its ports). */
    static boolean formatted(Path dataDir) {
        return Files.isRegularFile(serverProperties(dataDir)) && Files.isRegularFile(logDir(dataDir).resolve("meta.properties"));
    }

    static void writeServerProperties(Path dataDir, Ports ports, Optional<StackSecrets> secrets) {
        String listener = secrets.isPresent() ? SECURE_LISTENER : "PLAINTEXT";
        String protocol = secrets.isPresent() ? "SASL_SSL" : "PLAINTEXT";
        String text = String.join("\n",
                "# Written by actionwatch local-stack: a single-node KRaft broker and controller on loopback.",
                "process.roles=broker,controller",
                "node.id=1",
                "listeners=" + listener + "://127.0.0.1:" + ports.broker() + ",CONTROLLER://127.0.0.1:" + ports.controller(),
                "advertised.listeners=" + listener + "://127.0.0.1:" + ports.broker(),
                "listener.security.protocol.map=" + listener + ":" + protocol + ",CONTROLLER:" + protocol,
                "inter.broker.listener.name=" + listener,
                "controller.listener.names=CONTROLLER",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + ports.controller(),
                "log.dirs=" + escape(logDir(dataDir).toAbsolutePath().toString()),
                "# One node: internal topics cannot have more than one replica.",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "# Frames are large; topic-level max.message.bytes narrows this per topic.",
                "message.max.bytes=" + MESSAGE_MAX_BYTES,
                "replica.fetch.max.bytes=" + MESSAGE_MAX_BYTES,
                "# Local runs start consumers one by one; waiting for more members only delays the first events.",
                "group.initial.rebalance.delay.ms=0",
                "# The project creates its topics with explicit partitions and configs; a mistyped name must fail.",
                "auto.create.topics.enable=false",
                "num.partitions=1",
                secrets.map(BrokerFiles::securitySettings).orElse(""),
                "");
        write(serverProperties(dataDir), text);
    }

    /**
     * SASL over TLS on both listeners; roles authenticate with SCRAM-SHA-512 (credentials created at provisioning),
     * the broker itself with PLAIN against the one user in this file (SCRAM credentials live in the metadata log, which
     * the controller listener must reach before it can read them). StandardAuthorizer denies what no ACL allows.
     */
    public static String securitySettings(StackSecrets secrets) {
        String user = StackSecrets.BROKER_USER;
        String password = secrets.password(user);
        String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\" user_" + user + "=\"" + password + "\";";
        String secure = "listener.name." + SECURE_LISTENER.toLowerCase(Locale.ROOT) + ".";
        return String.join("\n",
                "# Secured: this file holds the broker's password and is readable by its owner only.",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "sasl.mechanism.controller.protocol=PLAIN",
                secure + "sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN",
                secure + "plain.sasl.jaas.config=" + escape(plain),
                secure + "scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=" + escape(plain),
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + escape(secrets.serverKeystore().toString()),
                "ssl.keystore.password=" + secrets.keystorePassword(),
                "ssl.truststore.type=PEM",
                "ssl.truststore.location=" + escape(secrets.caCertificate().toString()),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "super.users=User:" + user);
    }

    static void writeLogbackConfig(Path dataDir) {
        // WARN keeps the broker quiet; the one INFO line kept is the "Kafka Server started" readiness signal.
        String xml = """
                <configuration>
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                  <root level="WARN"><appender-ref ref="STDOUT"/></root>
                </configuration>
                """;
        write(logbackConfig(dataDir), xml);
    }

    /** The ports an existing server.properties was written with. */
    static Ports readPorts(Path dataDir) {
        Path file = serverProperties(dataDir);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read broker configuration " + file, e);
        }
        String listeners = properties.getProperty("listeners", "");
        Matcher matcher = LISTENER_PORT.matcher(listeners);
        int broker = -1;
        int controller = -1;
        while (matcher.find()) {
            int port = Integer.parseInt(matcher.group(2));
            if (!matcher.group(1).equals("CONTROLLER")) {
                broker = port;
            } else {
                controller = port;
            }
        }
        if (broker < 0 || controller < 0) {
            throw new IllegalStateException("broker configuration " + file + " has no client and CONTROLLER "
                    + "listeners (listeners=" + listeners + "); remove the data directory " + dataDir + " to start afresh");
        }
        return new Ports(broker, controller);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }

    /** Owner-only: server.properties of a secured broker holds its password. */
    private static void write(Path file, String text) {
        StackSecrets.writePrivate(file, out -> out.write(text));
    }
}
