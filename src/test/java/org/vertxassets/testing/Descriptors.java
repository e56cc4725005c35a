package org.vertxassets.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/** The file descriptors of this process, read from {@code /proc/self/fd}, to show that none leaks. */
public final class Descriptors {

  private Descriptors() {
  }

  /**
   * Returns how many files and sockets this process has open. Event-loop plumbing (epoll and
   * event descriptors, pipes) is left out: an event loop opens its own the first time a task runs
   * on it, which is no leak.
   */
  public static long filesAndSockets() {
    long n = 0;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:") || target.startsWith("/") && !target.equals("/proc/self/fd")
              && !target.startsWith("/proc/")) {
            n++;
          }
        } catch (IOException closedMeanwhile) {
          // The descriptor was closed while the directory was read (this listing's own included).
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }

  /**
   * Returns how many descriptors of this process are open on files under {@code dir}, deleted
   * ones included (their link reads {@code /dir/name (deleted)}).
   */
  public static long under(Path dir) {
    try {
      Path real = dir.toAbsolutePath().normalize();
      Path resolved = Files.exists(dir) ? dir.toRealPath() : real;
      long n = 0;
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
        for (Path fd : fds) {
          try {
            Path target = Files.readSymbolicLink(fd);
            if (target.startsWith(resolved) || target.startsWith(real)) {
              n++;
            }
          } catch (IOException closedMeanwhile) {
            // The descriptor was closed while the directory was read.
          }
        }
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns a future that completes when {@code value} reads {@code expected}, checked every
   * 10 ms on a timer (a transfer's completion closes its channel just after the client has the
   * last byte, and a closed connection's socket is released on its event loop), and fails with
   * the last value read after two seconds.
   */
  public static Future<Void> settle(Vertx vertx, LongSupplier value, long expected) {
    return settle(vertx, value, expected, false);
  }

  /**
   * As {@link #settle}, for a count of the whole process ({@link #filesAndSockets()}): completes
   * when it reads {@code expected} or less, since a descriptor that another part of the JVM
   * releases meanwhile (an earlier test's connection, a jar the class loader closes) is no leak.
   */
  public static Future<Void> settleAtMost(Vertx vertx, LongSupplier value, long expected) {
    return settle(vertx, value, expected, true);
  }

  private static Future<Void> settle(Vertx vertx, LongSupplier value, long expected, boolean orLess) {
    Promise<Void> done = Promise.promise();
    long[] tries = {0};
    vertx.setPeriodic(10, id -> {
      long now;
      try {
        now = value.getAsLong();
      } catch (RuntimeException e) {
        vertx.cancelTimer(id);
        done.tryFail(e);
        return;
      }
      if (now == expected || orLess && now < expected) {
        vertx.cancelTimer(id);
        done.tryComplete();
      } else if (++tries[0] > 200) {
        vertx.cancelTimer(id);
        done.tryFail("expected " + (orLess ? "at most " : "") + expected + ", still " + now);
      }
    });
    return done.future();
  }
}
