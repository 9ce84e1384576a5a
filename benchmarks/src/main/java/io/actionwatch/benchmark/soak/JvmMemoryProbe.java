package io.actionwatch.benchmark.soak;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.actionwatch.benchmark.memory.MemoryProbe;

import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;

/**
 * Reads the memory of another JVM on this machine: attaches once (the JDK's attach API starts the target's local
 * JMX agent and hands back its address), then each {@link #sample()} asks it over JMX for a full collection, its
 * heap, its direct buffers and its native memory tracking summary (the diagnostic command behind {@code jcmd
 * VM.native_memory summary}), and reads its resident set from /proc. Over JMX rather than by running jcmd each
 * minute: one connection per process instead of a new JVM per figure on a 2-core machine.
 */
final class JvmMemoryProbe implements AutoCloseable {

    /** One process at one moment. */
    record Sample(long rssBytes, long rssAnonBytes, long rssFileBytes, long heapLiveBytes, long heapCommittedBytes,
                  long directBytes, long nativeCommittedBytes, long nativeOtherBytes, long rocksDbBytes) {
    }

    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";
    private static final String DIRECT_POOL = "java.nio:type=BufferPool,name=direct";
    /** Every RocksDB-backed state store of a Kafka Streams application (none in other processes). */
    private static final String STATE_STORES = "kafka.streams:type=stream-state-metrics,*";
    /** Kafka Streams' gauges of RocksDB's own memory per store (KIP-607, recorded at INFO). */
    private static final String MEMTABLES = "size-all-mem-tables";
    private static final String BLOCK_CACHE = "block-cache-usage";
    /** What reading SST files holds outside the block cache (indexes and filters not cached, iterators). */
    private static final String TABLE_READERS = "estimate-table-readers-mem";
    private static final String[] ROCKSDB_MEMORY = {MEMTABLES, BLOCK_CACHE, TABLE_READERS};

    private final long pid;
    /**
     * Whether the process's RocksDB stores share one block cache that their memtables are charged to (the stream
     * application's StateStoreMemory): every store then reports that cache, to be counted once and without the
     * memtables; otherwise each store has its own cache and the three figures add up.
     */
    private final boolean sharedStateCache;
    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final BufferPoolMXBean direct;
    private final MBeanServerConnection server;

    private JvmMemoryProbe(long pid, boolean sharedStateCache, JMXConnector connector, MBeanServerConnection server)
            throws IOException {
        this.pid = pid;
        this.sharedStateCache = sharedStateCache;
        this.connector = connector;
        this.server = server;
        this.memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        this.direct = ManagementFactory.newPlatformMXBeanProxy(server, DIRECT_POOL, BufferPoolMXBean.class);
    }

    static JvmMemoryProbe attach(long pid, boolean sharedStateCache) {
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException e) {
            throw new IllegalStateException("cannot attach to pid " + pid + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the JMX agent of pid " + pid, e);
        }
        try {
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            try {
                return new JvmMemoryProbe(pid, sharedStateCache, connector, connector.getMBeanServerConnection());
            } catch (IOException | RuntimeException e) {
                connector.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to the JMX agent of pid " + pid + " at " + address, e);
        }
    }

    /**
     * Collects garbage first, so "heap live" is what survives a full collection rather than whatever garbage the
     * last young collection left: a leak shows in it, an allocation rate does not.
     */
    Sample sample() {
        try {
            memory.gc();
            MemoryUsage heap = memory.getHeapMemoryUsage();
            String nmt = (String) server.invoke(new ObjectName(DIAGNOSTIC_COMMAND), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            NativeMemorySummary nativeMemory = NativeMemorySummary.parse(nmt);
            return new Sample(MemoryProbe.rssOf(pid), MemoryProbe.rssAnonOf(pid), MemoryProbe.rssFileOf(pid),
                    heap.getUsed(), heap.getCommitted(), direct.getMemoryUsed(), nativeMemory.committedBytes(),
                    nativeMemory.otherCommittedBytes(), rocksDbBytes());
        } catch (JMException e) {
            throw new IllegalStateException("cannot read native memory of pid " + pid + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("lost the JMX connection to pid " + pid, e);
        }
    }

    private long rocksDbBytes() throws JMException, IOException {
        long memtables = 0;
        long cacheSum = 0;
        long cacheMax = 0;
        long readers = 0;
        for (ObjectName store : server.queryNames(new ObjectName(STATE_STORES), null)) {
            // Only the attributes a store has come back: in-memory stores have none of these.
            for (Attribute gauge : server.getAttributes(store, ROCKSDB_MEMORY).asList()) {
                if (!(gauge.getValue() instanceof Number value)) {
                    continue;
                }
                long bytes = value.longValue();
                switch (gauge.getName()) {
                    case MEMTABLES -> memtables += bytes;
                    case BLOCK_CACHE -> {
                        cacheSum += bytes;
                        cacheMax = Math.max(cacheMax, bytes);
                    }
                    default -> readers += bytes;
                }
            }
        }
        return sharedStateCache ? cacheMax + readers : memtables + cacheSum + readers;
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the JMX connection to pid " + pid + " failed", e);
        }
    }
}
