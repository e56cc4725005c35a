package org.vertxassets.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The machine's CPU use, read from {@code /proc/stat}, so that a benchmark measures on a quiet
 * machine: shared by the compress and dictionary benchmarks.
 */
final class QuietMachine {

  /** USER_HZ: 100 on every Linux the scripts run on. */
  static final double TICKS_PER_SECOND = 100;
  private static final double SETTLE_PCT = Double.parseDouble(System.getProperty("settle.pct", "10"));
  private static final int SETTLE_MAX = Integer.getInteger("settle.max", 120);

  private QuietMachine() {
  }

  /**
   * Waits until the machine used less than {@code settle.pct} (10) percent of a CPU over one
   * second, for at most {@code settle.max} (120) seconds; says so through {@code log} when it
   * did not settle.
   */
  static void settle(Consumer<String> log) throws IOException, InterruptedException {
    for (int i = 0; i < SETTLE_MAX; i++) {
      long b0 = busyTicks();
      Thread.sleep(1000);
      if ((busyTicks() - b0) / TICKS_PER_SECOND * 100 < SETTLE_PCT) {
        return;
      }
    }
    log.accept("the machine did not settle within " + SETTLE_MAX + " s; running anyway");
  }

  /** Returns the CPU ticks of the whole machine that were not idle (steal excluded). */
  static long busyTicks() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    // cpu user nice system idle iowait irq softirq steal ...
    return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
        + Long.parseLong(f[7]);
  }
}
