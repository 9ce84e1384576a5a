package io.actionwatch.stack.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsChosenTogetherAreDistinctAndFree() {
        int[] ports = FreePorts.next(6);
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(6);
        assertThat(Arrays.stream(ports).allMatch(FreePorts::isFree)).isTrue();
    }

    @Test
    void aListeningPortIsTakenAndAccepting() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            assertThat(FreePorts.isFree(port)).isFalse();
            assertThat(FreePorts.accepting(port)).isTrue();
        }
    }

    @Test
    void recognisesTheJdksBindFailure() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket second = new ServerSocket()) {
            assertThatThrownBy(() -> second.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort())))
                    .isInstanceOfSatisfying(BindException.class,
                            e -> assertThat(FreePorts.portTakenIn("ERROR failed to bind: " + e.getMessage())).isTrue());
        }
        assertThat(FreePorts.portTakenIn("started in 4.2s. Listening on: http://127.0.0.1:8080")).isFalse();
    }
}
