package io.actionwatch.stack.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actionwatch.stack.broker.KafkaBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stack whose parts were not built says what is missing and how to get it, before starting anything. */
class MissingPartsTest {

    @TempDir
    Path dir;

    @Test
    void registryWithoutServerNamesTheMissingJarAndTheBuildCommand() {
        assertThatThrownBy(() -> ApicurioRegistry.start(dir.resolve("no-registry"), dir.resolve("work")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quarkus-run.jar")
                .hasMessageContaining("mvn -pl local-stack package")
                .hasMessageContaining("-Dapicurio.home");
    }

    @Test
    void brokerWithoutJarsNamesTheDirectoryAndTheBuildCommand() {
        assertThatThrownBy(() -> KafkaBroker.start(dir, dir.resolve("data")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("kafka_2.13-*.jar")
                .hasMessageContaining("-Dkafka.broker.libs");
    }
}
