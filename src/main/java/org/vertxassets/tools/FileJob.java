package org.vertxassets.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.vertxassets.impl.codec.Compressor;
import org.vertxassets.impl.codec.Encoding;

/**
 * The work on one file: {@link #upToDate} decides whether its variants are as the last run left
 * them; if not, one {@link Schedule.Job} per encoding calls {@link #make}, which has
 * {@link Compressor} make that variant, keeps it when the compressor does and removes it when
 * not. The jobs of a file may run at once on different threads; they share its bytes, read
 * once. Blocks (file I/O and CPU); runs on {@link TreeCompressor}'s worker threads.
 */
final class FileJob {

  /**
   * The most bytes kept in memory for the variants still to make, over all files: past it a
   * variant reads its file again (from the page cache, a few milliseconds next to the seconds
   * brotli 11 takes over the same bytes), so that a large tree does not fill the heap.
   */
  private static final long KEPT_BYTES_MAX = 64L << 20;

  /**
   * What was made of one file: its state entry, whether it was up to date, and its variants'
   * sizes by {@link Encoding#ordinal()} (-1: none).
   */
  record Outcome(CompressState.Entry entry, boolean upToDate, long[] variantSizes) {

    /** Returns the size of the variant in {@code encoding}, or -1 when there is none. */
    long variantSize(Encoding encoding) {
      return variantSizes[encoding.ordinal()];
    }
  }

  private final Path file;
  private final String rel;
  private final long size;
  private final FileTime mtime;
  private final Compressor compressor;
  private final AtomicLong keptBytes;
  /** By {@link Encoding#ordinal()}, each written by the job of its encoding; identity's stays -1. */
  private final long[] sizes = newSizes();
  private final AtomicInteger remaining = new AtomicInteger(Encoding.STORED.size());
  private boolean started; // guarded by this
  private byte[] data; // guarded by this; null before the first read and after the last variant
  private int length = -1; // guarded by this; the size of the first read, which the state records

  /**
   * The work on {@code file} ({@code rel} from the root), of {@code size} bytes and modification
   * time {@code mtime} as listed, before its bytes are read: a file changed meanwhile has a newer
   * time, and is redone next run. {@code keptBytes} counts the bytes the run's files keep.
   */
  FileJob(Path file, String rel, long size, FileTime mtime, Compressor compressor, AtomicLong keptBytes) {
    this.file = file;
    this.rel = rel;
    this.size = size;
    this.mtime = mtime;
    this.compressor = compressor;
    this.keptBytes = keptBytes;
  }

  Path file() {
    return file;
  }

  String rel() {
    return rel;
  }

  long size() {
    return size;
  }

  /**
   * Returns the outcome of a file whose variants are as the last run recorded them ({@code old},
   * or null): same size and time, the variants kept all there with that time, the others absent;
   * else null, and its variants must be made.
   */
  static Outcome upToDate(Path file, long size, FileTime mtime, CompressState.Entry old) throws IOException {
    if (old == null || old.size() != size || !old.lastModified().equals(mtime)) {
      return null;
    }
    Set<String> names = Set.of(old.kept().split(","));
    long[] sizes = newSizes();
    for (Encoding e : Encoding.STORED) {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(e.variant(file), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException notThere) {
        a = null;
      }
      boolean wanted = names.contains(e.extension());
      if (a == null ? wanted : !wanted || !a.isRegularFile() || !a.lastModifiedTime().equals(mtime)) {
        return null;
      }
      sizes[e.ordinal()] = wanted ? a.size() : -1;
    }
    return new Outcome(old, true, sizes);
  }

  /**
   * Returns whether a job of this file may start: always before a failure of the run
   * ({@code afterFailure} false), and after one only when another job of the file already has,
   * so that a file is left whole, either untouched or with all its variants made and recorded.
   */
  synchronized boolean begin(boolean afterFailure) {
    if (afterFailure && !started) {
      return false;
    }
    started = true;
    return true;
  }

  /**
   * Makes the variant in {@code encoding}: writes it when the compressor keeps it (within the
   * size ratio), else removes a stale one (made from an earlier version of the file, or with
   * other settings). Returns whether it was the file's last variant to make, after which
   * {@link #outcome} is known.
   */
  boolean make(Encoding encoding) throws IOException {
    byte[] variant = compressor.variant(encoding, bytes());
    Path target = encoding.variant(file);
    if (variant != null) {
      write(target, variant, mtime);
      sizes[encoding.ordinal()] = variant.length;
    } else {
      Files.deleteIfExists(target);
      sizes[encoding.ordinal()] = -1;
    }
    if (remaining.decrementAndGet() > 0) {
      return false;
    }
    release();
    return true;
  }

  /** Returns the outcome once every variant is made (after {@link #make} returned true), else null. */
  Outcome outcome() {
    if (remaining.get() > 0) {
      return null;
    }
    StringBuilder kept = new StringBuilder();
    for (Encoding e : Encoding.STORED) {
      if (sizes[e.ordinal()] >= 0) {
        kept.append(kept.length() == 0 ? "" : ",").append(e.extension());
      }
    }
    int read;
    synchronized (this) {
      read = length;
    }
    return new Outcome(new CompressState.Entry(read, mtime, kept.length() == 0 ? "-" : kept.toString()), false,
        sizes.clone());
  }

  /** Returns an array of sizes by {@link Encoding#ordinal()}, all -1 (no variant). */
  private static long[] newSizes() {
    long[] sizes = new long[Encoding.values().length];
    Arrays.fill(sizes, -1);
    return sizes;
  }

  /** Returns the file's bytes: read by its first variant and kept for the others, within the budget. */
  private synchronized byte[] bytes() throws IOException {
    if (data != null) {
      return data;
    }
    byte[] read = Files.readAllBytes(file);
    if (length < 0) {
      length = read.length;
    }
    if (remaining.get() > 1 && keptBytes.addAndGet(read.length) <= KEPT_BYTES_MAX) {
      data = read;
    } else if (remaining.get() > 1) {
      keptBytes.addAndGet(-read.length);
    }
    return read;
  }

  private synchronized void release() {
    if (data != null) {
      keptBytes.addAndGet(-data.length);
      data = null;
    }
  }

  /**
   * Writes a variant through a hidden temporary file, given its time before the rename, so that a
   * server scanning the tree meanwhile sees the old variant or the whole new one.
   */
  static void write(Path target, byte[] bytes, FileTime mtime) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.setLastModifiedTime(tmp, mtime);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }
}
