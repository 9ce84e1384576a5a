package io.actionwatch.stack.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback ports for child services, so several stacks (and test runs) can share one machine. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port on 127.0.0.1 that was free a moment ago. Another process may take it before the child binds it; the
     * child then fails to start and says so in its log, which the caller reports.
     */
    public static int next() {
        try (ServerSocket socket = new ServerSocket()) {
            // No SO_REUSEADDR: a port still in TIME_WAIT from an earlier child is not handed out again.
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on the loopback interface", e);
        }
    }

    /**
     * {@code count} distinct ports that were free a moment ago: all are held open together while choosing, so the
     * kernel cannot hand out the same one twice.
     */
    public static int[] next(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket();
                sockets[i].setReuseAddress(false);
                sockets[i].bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find " + count + " free ports on the loopback interface", e);
        } finally {
            for (ServerSocket socket : sockets) {
                closeChosen(socket);
            }
        }
    }

    /**
     * Whether a child's log shows it lost the race for its port to another process (then the caller retries with
     * new ports). Covers the JDK's BindException and Quarkus' own wording.
     */
    public static boolean portTakenIn(String log) {
        return log.contains("Address already in use") || log.contains("in use by another process");
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code port} on 127.0.0.1 can be bound right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeChosen(ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release probe socket on port " + socket.getLocalPort(), e);
        }
    }
}
