package org.vertxassets.server;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches directory trees for development mode and calls back once per burst of changes. Runs on
 * its own daemon thread (a {@link WatchService} blocks), never on an event loop; new folders are
 * watched as they appear. The folder holding each root is watched too, for the root's own name
 * only, so that a root deleted and made again ({@code rm -rf dist} and a new build) is watched
 * again. The request path never looks at the disk: a change leads to a rebuilt index, nothing else.
 */
final class RootWatcher implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(RootWatcher.class.getName());
  /** How long the trees must stay quiet before a burst of changes (an editor's save, a copy) ends. */
  static final long QUIET_MILLIS = 100;
  /** The longest a burst that never pauses holds a rebuild back. */
  static final long MAX_BURST_MILLIS = 1000;

  private final WatchService service;
  private final Runnable onChange;
  private final Thread thread;
  private final List<Path> roots;

  /**
   * Starts watching {@code roots} and their subfolders. Blocks while it registers them.
   *
   * @throws IOException when a root cannot be watched
   */
  RootWatcher(List<Path> roots, Runnable onChange) throws IOException {
    this.service = FileSystems.getDefault().newWatchService();
    this.onChange = onChange;
    this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    for (Path root : this.roots) {
      if (root.getParent() != null) {
        register(root.getParent());
      }
    }
    for (Path root : this.roots) {
      registerTree(root);
    }
    this.thread = new Thread(this::run, "vertx-assets-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (true) {
        if (!drain(service.take())) {
          continue; // only events next to a root, about other names
        }
        // Gather the rest of the burst, so that a copy of 100 files rebuilds once. Only changes
        // that count prolong the wait (a log file written next to the root must not hold the
        // rebuild back), and a burst that never pauses is cut after MAX_BURST_MILLIS.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_BURST_MILLIS);
        long quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);
        long now;
        while ((now = System.nanoTime()) < Math.min(quietUntil, deadline)) {
          WatchKey key = service.poll(Math.min(quietUntil, deadline) - now, TimeUnit.NANOSECONDS);
          if (key != null && drain(key)) {
            quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);
          }
        }
        onChange.run();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // Closed: the verticle stopped.
    }
  }

  /**
   * Reads one key's events, registers new folders, and returns whether anything changed. In a
   * folder that only holds a root, only the root itself counts.
   */
  private boolean drain(WatchKey key) {
    Path dir = (Path) key.watchable();
    boolean underRoot = roots.stream().anyMatch(dir::startsWith);
    boolean changed = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == OVERFLOW) {
        // Events were lost, a root's return among them perhaps: watch what is there now.
        changed = true;
        roots.stream().filter(Files::isDirectory).forEach(this::registerTree);
        continue;
      }
      Path child = dir.resolve((Path) event.context());
      if (!underRoot && !roots.contains(child)) {
        continue;
      }
      changed = true;
      if (event.kind() == ENTRY_CREATE && Files.isDirectory(child)) {
        registerTree(child);
      }
    }
    key.reset();
    return changed;
  }

  private void register(Path dir) {
    try {
      dir.register(service, new WatchEvent.Kind<?>[] {ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY, OVERFLOW});
    } catch (IOException e) {
      LOG.log(Level.WARNING, "vertx-assets: dev: cannot watch {0}, so its changes are not seen: {1}; on Linux,"
          + " raise fs.inotify.max_user_watches (sysctl) if the limit was reached", dir, e.toString());
    }
  }

  private void registerTree(Path root) {
    try (Stream<Path> dirs = Files.walk(root)) {
      dirs.filter(Files::isDirectory).forEach(this::register);
    } catch (IOException | RuntimeException e) {
      // Mostly a folder deleted while it was walked: its parent's event leads to a rebuild anyway.
      LOG.log(Level.WARNING, "vertx-assets: dev: could not watch all of {0}: {1}", root, e.toString());
    }
  }

  /** Stops watching. */
  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException ignored) {
      // Nothing is left to release.
    }
    thread.interrupt();
  }
}
