package io.actionwatch.benchmark.soak;

import java.util.function.ToLongFunction;

/**
 * The memory figures sampled per process each minute, with the column name they have in {@code memory.csv} and
 * whether a trend in them misses the soak's goal. Committed heap and the native total are reported but not gated:
 * a JVM grows and shrinks its committed heap at will (that is no leak, and where it costs memory the RSS shows it).
 * RSS split into anonymous and file-backed memory, and the state stores' RocksDB memory, are there to explain an RSS
 * trend, not to gate it twice.
 */
enum MemoryMetric {
    RSS("rss_mib", "RSS", true, JvmMemoryProbe.Sample::rssBytes),
    RSS_ANON("rss_anon_mib", "RSS anon", false, JvmMemoryProbe.Sample::rssAnonBytes),
    RSS_FILE("rss_file_mib", "RSS file", false, JvmMemoryProbe.Sample::rssFileBytes),
    HEAP_LIVE("heap_live_mib", "heap live", true, JvmMemoryProbe.Sample::heapLiveBytes),
    HEAP_COMMITTED("heap_committed_mib", "heap committed", false, JvmMemoryProbe.Sample::heapCommittedBytes),
    DIRECT("direct_mib", "direct buffers", true, JvmMemoryProbe.Sample::directBytes),
    NATIVE_COMMITTED("native_committed_mib", "NMT committed", false, JvmMemoryProbe.Sample::nativeCommittedBytes),
    NATIVE_OTHER("native_other_mib", "NMT Other", true, JvmMemoryProbe.Sample::nativeOtherBytes),
    ROCKSDB("rocksdb_mib", "RocksDB", false, JvmMemoryProbe.Sample::rocksDbBytes);

    private static final double MIB = 1024.0 * 1024;

    final String column;
    final String title;
    final boolean gated;
    private final ToLongFunction<JvmMemoryProbe.Sample> bytes;

    MemoryMetric(String column, String title, boolean gated, ToLongFunction<JvmMemoryProbe.Sample> bytes) {
        this.column = column;
        this.title = title;
        this.gated = gated;
        this.bytes = bytes;
    }

    double mib(JvmMemoryProbe.Sample sample) {
        return bytes.applyAsLong(sample) / MIB;
    }
}
