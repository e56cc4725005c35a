package org.vertxassets;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The file channels an index keeps open between requests, as nginx's {@code open_file_cache}:
 * a file is opened on its first request and then shared by every later one, so that a request
 * costs no {@code open(2)}. At most {@code limit} descriptors are kept; past that, a file is
 * opened for its request and closed after it, as if there were no cache. {@link #close()}
 * retires them all when the index is replaced: each channel is closed as soon as the transfers
 * still using it end. Thread-safe.
 */
final class OpenFiles {

  private final int limit;
  private final AtomicInteger reserved = new AtomicInteger();
  private final Queue<Slot> opened = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  OpenFiles(int limit) {
    this.limit = limit;
  }

  /**
   * Opens a file for reading, unless it is no longer a regular file: opening a FIFO waits for a
   * writer, and would hold the thread that opens it (at request time, an event loop) for good.
   * Only the moment between the check and the open is left to chance. Blocking.
   *
   * @throws IOException when the file is gone, cannot be opened, or is not a regular file
   */
  static FileChannel openRegular(Path file) throws IOException {
    if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
      throw new IOException("not a regular file");
    }
    return FileChannel.open(file);
  }

  /** Returns a new slot for one file, holding no descriptor until it is first acquired. */
  Slot slot(String file) {
    return new Slot(this, file);
  }

  /** Returns how many descriptors are held (acquired and not yet retired), for tests and metrics. */
  int size() {
    return reserved.get();
  }

  /** Retires every held channel; each closes once its transfers end. Later acquisitions get null. */
  void close() {
    closed = true;
    Slot s;
    while ((s = opened.poll()) != null) {
      s.retire();
    }
  }

  private boolean reserve() {
    while (true) {
      int n = reserved.get();
      if (closed || n >= limit) {
        return false;
      }
      if (reserved.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** One file's place in the cache. */
  static final class Slot {
    private final OpenFiles owner;
    private final String file;
    private volatile Handle handle;

    private Slot(OpenFiles owner, String file) {
      this.owner = owner;
      this.file = file;
    }

    /**
     * Returns the shared channel with a reference taken (give it back with
     * {@link Handle#release()}), or null when the cache cannot hold it (limit reached, index
     * retired, or the file cannot be opened): the caller then opens the file for itself. The
     * first call opens the file: a blocking {@code open(2)}, once per file.
     */
    Handle acquire() {
      Handle h = handle;
      if (h != null) {
        return h.retain() ? h : null;
      }
      synchronized (this) {
        if (handle == null) {
          if (!owner.reserve()) {
            return null;
          }
          try {
            handle = new Handle(owner, openRegular(Path.of(file)));
          } catch (IOException e) {
            owner.reserved.decrementAndGet();
            return null;
          }
          owner.opened.add(this);
          if (owner.closed) {
            // close() ran between reserve() and add(): nobody else will retire this one.
            retire();
          }
        }
        return handle.retain() ? handle : null;
      }
    }

    /**
     * Opens the file now, while the index is built, so that the index holds the file it hashed
     * even if the path is replaced before the first request (development mode, where files are
     * rewritten all the time). Within the limit only; otherwise the slot stays lazy. Blocking.
     */
    void openNow() {
      Handle h = acquire();
      if (h != null) {
        h.release();
      }
    }

    private void retire() {
      Handle h = handle;
      if (h != null) {
        h.dropCacheReference();
      }
    }
  }

  /** An open channel and its count of users; the cache itself counts as one until retired. */
  static final class Handle {
    private final OpenFiles owner;
    private final FileChannel channel;
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean cacheReferenceDropped = new AtomicBoolean();

    private Handle(OpenFiles owner, FileChannel channel) {
      this.owner = owner;
      this.channel = channel;
    }

    FileChannel channel() {
      return channel;
    }

    private boolean retain() {
      while (true) {
        int n = references.get();
        if (n <= 0) {
          return false;
        }
        if (references.compareAndSet(n, n + 1)) {
          return true;
        }
      }
    }

    private void dropCacheReference() {
      if (cacheReferenceDropped.compareAndSet(false, true)) {
        release();
      }
    }

    /** Gives back a reference; the last one closes the channel. */
    void release() {
      if (references.decrementAndGet() == 0) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // A read-only channel loses nothing when its close fails.
        }
        owner.reserved.decrementAndGet();
      }
    }
  }
}
