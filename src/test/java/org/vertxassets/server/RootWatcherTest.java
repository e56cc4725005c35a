package org.vertxassets.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher also watches each root's parent (to see a root deleted and made again), where only
 * the root's own name counts: a file written next to the root without pause (the server's log in
 * the working directory, with root {@code dist}) must not hold a rebuild back.
 */
class RootWatcherTest {

  @Test
  void changeUnderTheRootIsSeenWhileAFileNextToTheRootIsWrittenWithoutPause(@TempDir Path parent) throws Exception {
    Path root = Files.createDirectories(parent.resolve("dist"));
    Files.writeString(root.resolve("app.js"), "1");
    Path log = parent.resolve("server.log");
    CountDownLatch changed = new CountDownLatch(1);
    CountDownLatch writing = new CountDownLatch(100);
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      try {
        while (!stop.get()) {
          Files.writeString(log, "GET /app.js 200\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
          writing.countDown();
        }
      } catch (Exception e) {
        writing.countDown(); // the test is over
      }
    });
    try (RootWatcher watcher = new RootWatcher(List.of(root), changed::countDown)) {
      writer.start();
      assertTrue(writing.await(30, TimeUnit.SECONDS));
      Files.writeString(root.resolve("app.js"), "2");

      assertTrue(changed.await(30, TimeUnit.SECONDS), "no rebuild after a change under the root");
    } finally {
      stop.set(true);
      writer.join();
    }
  }

  @Test
  void eventsNextToTheRootAloneRebuildNothingButTheRootsOwnNameDoes(@TempDir Path parent) throws Exception {
    Path root = Files.createDirectories(parent.resolve("dist"));
    CountDownLatch changed = new CountDownLatch(1);
    try (RootWatcher watcher = new RootWatcher(List.of(root), changed::countDown)) {
      Files.writeString(parent.resolve("notes.txt"), "not ours");
      Files.delete(root);
      Files.createDirectories(root);

      assertTrue(changed.await(30, TimeUnit.SECONDS), "no rebuild after the root was made again");
    }
  }
}
