package io.actionwatch.inference.state;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * One bound on the native memory of every RocksDB state store of a stream application instance. Left to Kafka
 * Streams' defaults, each store (one per store and partition) has its own 50 MB block cache and up to three 16 MB
 * memtables, index and filter blocks outside any cache, so memory grows with partitions and SST files: the soak saw
 * it climb for half an hour. Here all stores share one LRU cache of {@code bytes}; their memtables are charged to it
 * (a write buffer manager has the stores flush once their memtables near half of it), and index and filter blocks
 * live in it too.
 * <p>
 * Created and closed by the application (after Kafka Streams has closed its stores); {@link Setter} hands it to the
 * stores, which Kafka Streams configures through a class it instantiates itself, so the instance travels in the
 * application's configuration under {@link #CONFIG_KEY}.
 */
public final class StateStoreMemory implements AutoCloseable {

    /** Where the instance is found in the configuration Kafka Streams hands to {@link Setter}. */
    public static final String CONFIG_KEY = "actionwatch.state.store.memory";
    /** The share of the bound memtables may take before the largest is flushed. */
    private static final double MEMTABLE_SHARE = 0.5;
    /** Index and filter blocks are inserted with high priority and keep this share of the cache for themselves. */
    private static final double HIGH_PRIORITY_SHARE = 0.1;

    private final LRUCache cache;
    private final WriteBufferManager writeBuffers;

    public StateStoreMemory(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("state store memory must be positive: " + bytes);
        }
        // Kafka Streams loads RocksDB's native library when it opens a store; the cache is made before that.
        RocksDB.loadLibrary();
        // -1: RocksDB picks the shard count. A soft limit: with a strict one, a read or a memtable allocation fails
        // while the cache is full of blocks in use; a soft one lets usage pass the bound until they are released.
        this.cache = new LRUCache(bytes, -1, false, HIGH_PRIORITY_SHARE);
        try {
            this.writeBuffers = new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache);
        } catch (RuntimeException e) {
            cache.close();
            throw e;
        }
    }

    /** Bytes the shared cache holds now, memtables included. */
    public long usage() {
        return cache.getUsage();
    }

    /** Points one store's options at the shared cache and write buffer manager. */
    void configure(Options options) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        // The top level of partitioned indexes and filters stays in the cache: evicting it would make every read
        // fetch it again.
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(writeBuffers);
    }

    /** Frees the cache and the write buffer manager; only after every store using them is closed. */
    @Override
    public void close() {
        try {
            writeBuffers.close();
        } finally {
            cache.close();
        }
    }

    /** The {@code rocksdb.config.setter} that applies the application's {@link StateStoreMemory} to each store. */
    public static final class Setter implements RocksDBConfigSetter {

        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {
            Object memory = configs.get(CONFIG_KEY);
            if (!(memory instanceof StateStoreMemory shared)) {
                throw new IllegalStateException(Setter.class.getName() + " configures store " + storeName
                        + " with the StateStoreMemory under " + CONFIG_KEY + ", and there is none: " + memory);
            }
            shared.configure(options);
        }

        @Override
        public void close(String storeName, Options options) {
            // The cache and the write buffer manager are shared by every store: the application closes them.
        }
    }
}
