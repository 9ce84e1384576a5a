package io.actionwatch.benchmark.ceiling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The CPU's nominal fp32 multiply-accumulate peak, estimated from /proc/cpuinfo: cores x clock x MACs per cycle per
 * core. MACs per cycle assume two FMA pipes (true of every recent x86 server core): 2 x 8 lanes with AVX2, AVX-512
 * on AMD Zen 4 (family 25) still issues as two 256-bit halves, so also 16; Intel cores with AVX-512 get 2 x 16 = 32.
 * A nominal figure (base clock from cpuinfo, no turbo): a yardstick for how far the runtime is from the hardware,
 * not a promise.
 *
 * @param description how the figure was derived, for the report
 */
public record CpuPeak(String model, int cores, double ghz, int macsPerCycle, double gmacPerSecond, String description) {

    public static CpuPeak detect() {
        int cores = Runtime.getRuntime().availableProcessors();
        String model = "unknown";
        double mhz = 0;
        String flags = "";
        String vendor = "";
        int family = -1;
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                switch (key) {
                    case "model name" -> model = model.equals("unknown") ? value : model;
                    case "cpu MHz" -> mhz = mhz == 0 ? Double.parseDouble(value) : mhz;
                    case "flags" -> flags = flags.isEmpty() ? " " + value + " " : flags;
                    case "vendor_id" -> vendor = vendor.isEmpty() ? value : vendor;
                    case "cpu family" -> family = family < 0 ? Integer.parseInt(value) : family;
                    default -> {
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new CpuPeak(model, cores, 0, 0, 0, "unknown: /proc/cpuinfo unreadable (" + e + ")");
        }
        boolean avx512 = flags.contains(" avx512f ");
        boolean avx2 = flags.contains(" avx2 ") && flags.contains(" fma ");
        int macs;
        String why;
        if (avx512 && vendor.contains("AMD")) {
            macs = 16;
            why = "AMD family " + family + " with AVX-512 executed as 2x256-bit FMA";
        } else if (avx512) {
            macs = 32;
            why = "AVX-512 with two 512-bit FMA units";
        } else if (avx2) {
            macs = 16;
            why = "AVX2 with two 256-bit FMA units";
        } else {
            macs = 8;
            why = "SSE, two 128-bit multiply/add pipes";
        }
        double ghz = mhz / 1000.0;
        double peak = cores * ghz * macs;
        return new CpuPeak(model, cores, ghz, macs, peak, String.format(Locale.ROOT,
                "%d cores x %.2f GHz (cpuinfo) x %d fp32 MAC/cycle (%s) = %.1f GMAC/s", cores, ghz, macs, why, peak));
    }
}
