package io.actionwatch.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics with explicit partitions and configs. Idempotent: topics that already exist are
 * left alone (their configs are not rewritten), but one with fewer partitions than required is an error, because
 * per-camera ordering and the stream application's parallelism depend on the partition count.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private static final Duration VISIBILITY_POLL = Duration.ofMillis(100);

    private final Admin admin;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Creates every missing topic of {@code specs} and checks the existing ones.
     *
     * @return names of the topics this call created
     * @throws IllegalStateException when an existing topic has fewer partitions than its spec, or the cluster
     *                               refuses or does not answer in time
     */
    public List<String> provision(Collection<TopicSpec> specs) {
        List<NewTopic> requests = specs.stream()
                .map(spec -> new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(spec.configs()))
                .toList();
        CreateTopicsResult result = admin.createTopics(requests,
                new CreateTopicsOptions().timeoutMs((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        List<String> created = new ArrayList<>();
        List<TopicSpec> existing = new ArrayList<>();
        for (TopicSpec spec : specs) {
            try {
                await(result.values().get(spec.name()), "create topic " + spec.name());
                created.add(spec.name());
                log.info("topic created topic={} partitions={} replicationFactor={}", spec.name(), spec.partitions(),
                        spec.replicationFactor());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    existing.add(spec);
                } else {
                    throw new IllegalStateException("cannot create topic " + spec.name() + " with " + spec.partitions()
                            + " partitions, replication factor " + spec.replicationFactor() + " and configs "
                            + spec.configs() + ": " + e.getCause().getMessage(), e.getCause());
                }
            }
        }
        if (!created.isEmpty()) {
            describeServed(created);
        }
        if (!existing.isEmpty()) {
            checkPartitions(existing);
        }
        return created;
    }

    private void checkPartitions(List<TopicSpec> existing) {
        Set<String> names = existing.stream().map(TopicSpec::name).collect(java.util.stream.Collectors.toSet());
        Map<String, TopicDescription> descriptions = describeServed(names);
        for (TopicSpec spec : existing) {
            int actual = descriptions.get(spec.name()).partitions().size();
            if (actual < spec.partitions()) {
                throw new IllegalStateException("topic " + spec.name() + " already exists with " + actual
                        + " partitions but " + spec.partitions() + " are required; add partitions (kafka-topics --alter "
                        + "--partitions " + spec.partitions() + ") or delete the topic");
            }
            log.debug("topic exists topic={} partitions={} required={}", spec.name(), actual, spec.partitions());
        }
    }

    /**
     * A creation completes when the controller has committed it; a broker serves the topic's metadata only once it
     * has caught up with that commit. Until then a client that looks the topic up is told it does not exist (a
     * Kafka Streams application would start without its source topic), so topics just created, by this call or by
     * another client, are described until the cluster serves them.
     */
    private Map<String, TopicDescription> describeServed(Collection<String> names) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return await(admin.describeTopics(names).allTopicNames(), "describe topics " + names);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("cannot describe topics " + names + ": " + e.getCause().getMessage(),
                            e.getCause());
                }
                log.debug("topics not yet served topics={}", names);
            }
            try {
                Thread.sleep(VISIBILITY_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topics " + names + " to be served", e);
            }
        }
    }

    private <V> V await(KafkaFuture<V> future, String what) throws ExecutionException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cluster did not answer within " + timeout.toMillis() + " ms to " + what, e);
        }
    }
}
