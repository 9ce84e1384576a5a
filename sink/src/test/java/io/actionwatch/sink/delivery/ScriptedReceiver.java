package io.actionwatch.sink.delivery;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A real local HTTP server standing in for a webhook receiver: answers each POST with the next scripted status (the
 * last one repeats), or holds the answer until released, and records every request it got.
 */
final class ScriptedReceiver implements AutoCloseable {

    /** One request as received. */
    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .findFirst()
                    .map(entry -> String.join(",", entry.getValue()))
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Integer> statuses = new LinkedBlockingQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int lastStatus = 200;
    private volatile boolean holding;

    ScriptedReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        Map.copyOf(exchange.getRequestHeaders()), in.readAllBytes()));
                if (holding) {
                    release.await();
                }
                Integer next = statuses.poll();
                int status = next == null ? lastStatus : next;
                exchange.sendResponseHeaders(status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // Several handler threads: a held answer must not keep the next request from being received.
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    /** Answers with these statuses in turn, then keeps answering with the last one. */
    ScriptedReceiver answer(int... scripted) {
        for (int status : scripted) {
            statuses.add(status);
        }
        lastStatus = scripted[scripted.length - 1];
        return this;
    }

    /** Receives requests but answers none until {@link #close()}. */
    ScriptedReceiver hold() {
        holding = true;
        return this;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/alerts");
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
