package io.actionwatch.inference.state;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real RocksDB stores (TopologyTestDriver opens them as the application does) configured through the setter. */
class StateStoreMemoryTest {

    private static final int VALUE_BYTES = 16 * 1024;
    private static final int RECORDS = 200;

    @Test
    void everyStoreChargesItsMemtablesToTheOneSharedCache(@TempDir Path state) {
        // Large enough that nothing is flushed: what both stores wrote is still in their memtables at the end.
        try (StateStoreMemory memory = new StateStoreMemory(64L << 20)) {
            assertThat(memory.usage()).as("nothing written yet").isZero();
            try (TopologyTestDriver driver = new TopologyTestDriver(twoStores(), settings(state, memory))) {
                writeIntoBothStores(driver);
                // Each store alone holds RECORDS x VALUE_BYTES: only both stores' memtables together reach this.
                assertThat(memory.usage()).as("shared cache usage")
                        .isGreaterThan((long) (2L * RECORDS * VALUE_BYTES * 0.9));
            }
        }
    }

    @Test
    void memtablesPastTheirShareOfTheBoundAreFlushed(@TempDir Path state) throws InterruptedException {
        long bound = 4L << 20;
        try (StateStoreMemory memory = new StateStoreMemory(bound)) {
            try (TopologyTestDriver driver = new TopologyTestDriver(twoStores(), settings(state, memory))) {
                writeIntoBothStores(driver);
                // 6.25 MiB went in against a 2 MiB memtable share; flushes run in RocksDB's background threads, so the
                // usage comes back under the bound once they are done rather than at once.
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (memory.usage() > bound && System.nanoTime() - deadline < 0) {
                    Thread.sleep(20);
                }
                assertThat(memory.usage()).as("shared cache usage after the flushes").isLessThanOrEqualTo(bound);
            }
        }
    }

    private static void writeIntoBothStores(TopologyTestDriver driver) {
        TestInputTopic<String, byte[]> in = driver.createInputTopic("in", new StringSerializer(),
                new ByteArraySerializer());
        for (int i = 0; i < RECORDS; i++) {
            in.pipeInput("k" + i, new byte[VALUE_BYTES]);
        }
    }

    @Test
    void theSetterRefusesAConfigurationWithoutTheSharedMemory(@TempDir Path state) {
        Properties settings = settings(state, null);
        assertThatThrownBy(() -> {
            try (TopologyTestDriver driver = new TopologyTestDriver(twoStores(), settings)) {
                driver.createInputTopic("in", new StringSerializer(), new ByteArraySerializer())
                        .pipeInput("k", new byte[1]);
            }
        }).hasStackTraceContaining(StateStoreMemory.CONFIG_KEY);
    }

    private static Properties settings(Path state, StateStoreMemory memory) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "state-memory-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, StateStoreMemory.Setter.class);
        if (memory != null) {
            p.put(StateStoreMemory.CONFIG_KEY, memory);
        }
        return p;
    }

    /** One processor writing every record into two persistent stores, as the clip assembler writes frame and cursor. */
    private static Topology twoStores() {
        Topology topology = new Topology();
        topology.addSource("source", new StringDeserializer(), new ByteArrayDeserializer(), "in");
        topology.addProcessor("write", () -> new Processor<String, byte[], Void, Void>() {
            private KeyValueStore<String, byte[]> first;
            private KeyValueStore<String, byte[]> second;

            @Override
            public void init(ProcessorContext<Void, Void> context) {
                first = context.getStateStore("first");
                second = context.getStateStore("second");
            }

            @Override
            public void process(Record<String, byte[]> record) {
                first.put(record.key(), record.value());
                second.put(record.key(), record.value());
            }
        }, "source");
        for (String name : new String[] {"first", "second"}) {
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                    Serdes.ByteArray()).withCachingDisabled().withLoggingDisabled(), "write");
        }
        return topology;
    }
}
