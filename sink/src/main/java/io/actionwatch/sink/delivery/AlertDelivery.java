package io.actionwatch.sink.delivery;

import io.actionwatch.sink.alerting.AlertRule;
import io.actionwatch.text.UntrustedText;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers written alerts to the webhooks their rules name ({@code alert.rule.<name>.webhooks}).
 *
 * <p>Never holds up alert evaluation: {@link #submit} only puts the alert in each webhook's bounded queue and returns;
 * each webhook has its own delivery thread, so a slow or dead receiver delays only its own alerts. An alert that finds
 * its webhook's queue full is dead-lettered at once ({@link DeliveryErrorKind#WEBHOOK_QUEUE_FULL}).
 *
 * <p>Never loses an alert silently: each one is either delivered (a 2xx) or written to the dead-letter topic with the
 * reason, naming the webhook. On {@link #close()}, queued alerts are still delivered until the close timeout; then the
 * delivery threads are interrupted (the HTTP exchange in flight is cancelled) and the alert in flight and every one
 * still queued is dead-lettered with {@link DeliveryErrorKind#WEBHOOK_NOT_DELIVERED_AT_SHUTDOWN}. The alerts
 * themselves are in alerts.v1 either way.
 *
 * <p>Thread-safety: {@link #submit} from one thread (the poll loop), {@link #close()} once, after the last submit.
 */
public final class AlertDelivery implements AutoCloseable {

    /** How long close() waits, after interrupting, for a delivery thread to write its dead letters and end. */
    private static final Duration DEAD_LETTER_GRACE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(AlertDelivery.class);

    private final Map<String, List<Worker>> workersByRule = new HashMap<>();
    private final List<Worker> workers = new ArrayList<>();
    private final DeliveryDeadLetters deadLetters;
    private final Duration closeTimeout;
    private volatile boolean closing;

    /**
     * @param webhooks     the configured webhooks by name
     * @param rules        the alert rules; every webhook a rule names must be among {@code webhooks}
     * @param closeTimeout how long close() goes on delivering what is queued before dead-lettering the rest
     */
    public AlertDelivery(Map<String, WebhookSettings> webhooks, List<AlertRule> rules, DeliveryDeadLetters deadLetters,
                         Duration closeTimeout) {
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
        Map<String, Worker> byName = new LinkedHashMap<>();
        for (AlertRule rule : rules) {
            List<Worker> routed = new ArrayList<>();
            for (String name : rule.webhooks()) {
                WebhookSettings settings = webhooks.get(name);
                if (settings == null) {
                    throw new IllegalArgumentException("alert rule " + rule.name() + " names webhook '" + name
                            + "', which is not configured; configured are " + webhooks.keySet());
                }
                routed.add(byName.computeIfAbsent(name, n -> new Worker(settings)));
            }
            if (!routed.isEmpty()) {
                workersByRule.put(rule.name(), routed);
            }
        }
        workers.addAll(byName.values());
        // Started only once all are built: a configuration mistake above leaves no thread behind.
        workers.forEach(worker -> worker.thread.start());
        if (!workers.isEmpty()) {
            log.info("webhook delivery started webhooks={}", byName.keySet());
        }
    }

    /** Queues the alert for each webhook its rule names; returns at once. */
    public void submit(WrittenAlert written) {
        List<Worker> routed = workersByRule.get(written.alert().getRule());
        if (routed == null) {
            return;
        }
        for (Worker worker : routed) {
            if (closing) {
                deadLetters.write(written, worker.name(), DeliveryErrorKind.WEBHOOK_NOT_DELIVERED_AT_SHUTDOWN,
                        "the sink was stopping when the alert was raised");
            } else if (!worker.queue.offer(written)) {
                deadLetters.write(written, worker.name(), DeliveryErrorKind.WEBHOOK_QUEUE_FULL, "the webhook's queue of "
                        + worker.sender.settings().queueCapacity() + " alerts is full: the receiver is down or too slow");
            }
        }
    }

    /** Delivers what is queued until the close timeout, then dead-letters the rest (see the class comment). */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        boolean interrupted = false;
        for (Worker worker : workers) {
            try {
                TimeUnit.NANOSECONDS.timedJoin(worker.thread, Math.max(0L, deadline - System.nanoTime()));
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        for (Worker worker : workers) {
            if (worker.thread.isAlive()) {
                log.warn("webhook delivery still busy at close timeout, the rest is dead-lettered webhook={} queued={} "
                        + "closeTimeoutMs={}", worker.name(), worker.queue.size(), closeTimeout.toMillis());
                worker.thread.interrupt();
            }
        }
        for (Worker worker : workers) {
            try {
                worker.thread.join(DEAD_LETTER_GRACE.toMillis());
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (worker.thread.isAlive()) {
                log.error("webhook delivery thread did not end webhook={}", worker.name());
            }
            // Whatever a thread did not take (it ended, or was never reached) is dead-lettered here.
            worker.deadLetterQueued("the sink stopped before the alert was taken for delivery");
            worker.executor.shutdownNow();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One webhook: its queue, its sender and the thread that feeds one to the other. */
    private final class Worker implements Runnable {
        private final BlockingQueue<WrittenAlert> queue;
        private final WebhookSender sender;
        private final ExecutorService executor;
        private final Thread thread;

        private Worker(WebhookSettings settings) {
            this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
            // The client's work runs on an executor of ours so that close() ends it; a JDK 17 HttpClient has no
            // close() of its own (its selector thread ends once the client is unreachable).
            this.executor = Executors.newSingleThreadExecutor(runnable -> {
                Thread t = new Thread(runnable, "webhook-" + settings.name() + "-http");
                t.setDaemon(true);
                return t;
            });
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(settings.connectTimeout())
                    .executor(executor)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            this.sender = new WebhookSender(settings, client);
            this.thread = new Thread(this, "webhook-" + settings.name());
            // Daemon: if the sink dies without close(), a receiver that never answers must not keep the JVM alive.
            this.thread.setDaemon(true);
        }

        private String name() {
            return sender.settings().name();
        }

        @Override
        public void run() {
            WrittenAlert current = null;
            try {
                while (!(closing && queue.isEmpty())) {
                    current = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (current == null) {
                        continue;
                    }
                    try {
                        deliver(current);
                    } catch (RuntimeException e) {
                        // A bug, not the receiver's doing: recorded, and the next alert gets its chance.
                        log.error("webhook delivery failed unexpectedly webhook={} alertId={}", name(),
                                UntrustedText.excerpt(current.alert().getAlertId()), e);
                        deadLetters.write(current, name(), DeliveryErrorKind.WEBHOOK_DELIVERY_ERROR, e.toString());
                    }
                    current = null;
                }
            } catch (InterruptedException e) {
                // close() ran out of time: the alert in flight is dead-lettered here, the queued ones by close().
                // The interrupt is not restored: this thread ends next, and the producer must not see it interrupted.
                if (current != null) {
                    deadLetters.write(current, name(), DeliveryErrorKind.WEBHOOK_NOT_DELIVERED_AT_SHUTDOWN,
                            "the sink stopped while the alert was being delivered");
                }
            }
        }

        private void deliver(WrittenAlert written) throws InterruptedException {
            WebhookSender.Result result = sender.deliver(written.alert());
            if (!result.delivered()) {
                // One WARN line per failure: the dead-letter writer's, which has the kind and reason.
                deadLetters.write(written, name(), result.failure(), result.reason());
            }
        }

        private void deadLetterQueued(String reason) {
            for (WrittenAlert left = queue.poll(); left != null; left = queue.poll()) {
                deadLetters.write(left, name(), DeliveryErrorKind.WEBHOOK_NOT_DELIVERED_AT_SHUTDOWN, reason);
            }
        }
    }
}
