package io.actionwatch.stack.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Run in its own JVM by ChildProcessTest: starts a child, prints its pid, and exits without closing it. */
public final class HookProbe {

    private HookProbe() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "300"), Map.of(), dir,
                dir.resolve("sleeper.log"), Duration.ofSeconds(5));
        System.out.println(child.pid());
        System.out.flush();
        System.exit(0);
    }
}
