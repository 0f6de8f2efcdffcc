package dev.brook.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's peak resident set size from Linux's {@code /proc/<pid>/status}. Stateless. */
public final class ProcStatus {
    private ProcStatus() {
    }

    /** The {@code VmHWM} (peak resident memory) of a live process, in KiB. */
    public static long vmHwmKib(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        return vmHwmKib(Files.readString(status), status.toString());
    }

    /**
     * Parses the {@code VmHWM:} line of a status file's text (e.g. {@code VmHWM:	  482312 kB}).
     *
     * @throws IllegalArgumentException if there is no such line or it does not read as a number of kB
     */
    public static long vmHwmKib(String statusText, String source) {
        for (String line : statusText.split("\n")) {
            if (line.startsWith("VmHWM:")) {
                String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equals("kB")) {
                    throw new IllegalArgumentException("unexpected VmHWM line in " + source + ": '" + line + "'");
                }
                try {
                    return Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("unexpected VmHWM line in " + source + ": '" + line + "'", e);
                }
            }
        }
        throw new IllegalArgumentException("no VmHWM line in " + source);
    }
}
