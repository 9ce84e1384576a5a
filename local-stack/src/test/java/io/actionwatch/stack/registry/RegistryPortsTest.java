package io.actionwatch.stack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryPortsTest {

    @TempDir
    Path dir;

    @Test
    void portsWrittenByOneStartAreReadByTheNext() {
        assertThat(RegistryPorts.read(dir)).as("a fresh work directory").isEmpty();
        new RegistryPorts(41001, 41002).write(dir);
        assertThat(RegistryPorts.read(dir)).contains(new RegistryPorts(41001, 41002));
    }

    @Test
    void aDamagedFileIsReportedWithWhatToDo() throws Exception {
        Files.writeString(RegistryPorts.file(dir), "http.port=eighty\nmanagement.port=41002\n");
        assertThatThrownBy(() -> RegistryPorts.read(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(RegistryPorts.FILE).hasMessageContaining("delete it");
        Files.writeString(RegistryPorts.file(dir), "http.port=0\nmanagement.port=41002\n");
        assertThatThrownBy(() -> RegistryPorts.read(dir)).hasMessageContaining("http.port must be in 1..65535");
    }
}
