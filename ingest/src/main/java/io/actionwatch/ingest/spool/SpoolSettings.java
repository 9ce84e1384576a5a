package io.actionwatch.ingest.spool;

import java.nio.file.Path;

/**
 * Bounds of a camera's spool: the frames captured but not yet handed to Kafka.
 *
 * @param memoryBytes frames held in memory, in encoded bytes
 * @param directory where frames that overflow memory are kept, or null for memory only
 * @param diskBytes bytes the directory may hold
 */
public record SpoolSettings(long memoryBytes, Path directory, long diskBytes) {

    /** 64 MiB: about 7 minutes of a 320x240 camera at 15 fps, 40 s of a 720p one. */
    public static final long DEFAULT_MEMORY_BYTES = 64L * 1024 * 1024;
    /** 1 GiB on disk, when a directory is given. */
    public static final long DEFAULT_DISK_BYTES = 1024L * 1024 * 1024;

    public SpoolSettings {
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("the spool's memory bound must be positive, got " + memoryBytes);
        }
        if (directory != null && diskBytes <= 0) {
            throw new IllegalArgumentException("the spool's disk bound must be positive, got " + diskBytes);
        }
    }

    public static SpoolSettings inMemory(long memoryBytes) {
        return new SpoolSettings(memoryBytes, null, 0);
    }

    public static SpoolSettings defaults() {
        return inMemory(DEFAULT_MEMORY_BYTES);
    }

    public SpoolSettings withDisk(Path newDirectory, long newDiskBytes) {
        return new SpoolSettings(memoryBytes, newDirectory, newDiskBytes);
    }
}
