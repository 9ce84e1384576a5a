package io.actionwatch.stack.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerFilesTest {

    @TempDir
    Path dir;

    @Test
    void serverPropertiesDescribeASingleNodeKraftBrokerOnLoopback() throws Exception {
        BrokerFiles.writeServerProperties(dir, new BrokerFiles.Ports(40001, 40002), java.util.Optional.empty());
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(BrokerFiles.serverProperties(dir))) {
            properties.load(in);
        }
        assertThat(properties)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:40001,CONTROLLER://127.0.0.1:40002")
                .containsEntry("controller.quorum.bootstrap.servers", "127.0.0.1:40002")
                .containsEntry("log.dirs", dir.resolve("kraft-logs").toAbsolutePath().toString())
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
        // Frame topics allow 8 MiB records plus dead letters wrapping a whole frame.
        assertThat(Integer.parseInt(properties.getProperty("message.max.bytes"))).isGreaterThan(8 * 1024 * 1024 + 64 * 1024);
        assertThat(BrokerFiles.readPorts(dir)).isEqualTo(new BrokerFiles.Ports(40001, 40002));
        assertThat(BrokerFiles.formatted(dir)).isFalse();
    }
}
