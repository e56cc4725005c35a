package org.vertxassets.tools;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.vertxassets.impl.codec.Codecs;

/**
 * Precompresses a tree in place: writes {@code name.br}, {@code name.zst} and {@code name.gz}
 * next to every compressible file, as the server looks for them. Deterministic (the same files
 * and settings give the same bytes), parallel (one job per file and coding, the longest first:
 * see {@link Schedule}), and incremental: what the last run made is
 * recorded in a hidden file at the root, {@code .vertx-assets-compress} (see
 * {@link CompressState}), and a file whose variants are as that run left them is not compressed
 * again. Symbolic links are not followed: a variant would land next to the link, not its target.
 * Immutable and thread-safe; one run per tree at a time (two would share temporary files).
 */
public final class Compressor {

  /**
   * How variants are made: the brotli quality (0-11), the zstd level (1-22), the gzip level
   * (1-9), and the largest size a variant may have, as a fraction of its original's (a variant
   * that saves less is not worth a second copy and a {@code Vary}).
   */
  public record Settings(int brotliQuality, int zstdLevel, int gzipLevel, double maxRatio) {

    /**
     * Brotli 11 and gzip 9, the highest levels, as WhiteNoise and {@code brotli}/{@code gzip -9}
     * use; zstd 18 rather than 19, which costs 40% more zstd time for 0.2% fewer bytes (see
     * bench/compress.sh) on the variant served least, since browsers that accept zstd also accept
     * br, whose variant is smaller; a ratio of 0.95, as WhiteNoise.
     */
    public static final Settings DEFAULTS = new Settings(11, 18, 9, 0.95);

    /** Checks every value; {@code maxRatio} must be greater than 0 and at most 1. */
    public Settings {
      if (brotliQuality < 0 || brotliQuality > Codecs.MAX_BROTLI_QUALITY) {
        throw new IllegalArgumentException("brotliQuality must be from 0 to 11: " + brotliQuality);
      }
      if (zstdLevel < 1 || zstdLevel > Codecs.MAX_ZSTD_LEVEL) {
        throw new IllegalArgumentException("zstdLevel must be from 1 to 22: " + zstdLevel);
      }
      if (gzipLevel < 1 || gzipLevel > Codecs.MAX_GZIP_LEVEL) {
        throw new IllegalArgumentException("gzipLevel must be from 1 to 9: " + gzipLevel);
      }
      if (!(maxRatio > 0 && maxRatio <= 1)) {
        throw new IllegalArgumentException("maxRatio must be greater than 0 and at most 1: " + maxRatio);
      }
    }

    /** Returns the settings as one line of text, equal for equal settings: the state file's key. */
    String fingerprint() {
      return "brotli " + brotliQuality + " zstd " + zstdLevel + " gzip " + gzipLevel + " max-ratio " + maxRatio;
    }
  }

  /** Variants of one encoding: how many files got one, their bytes, and the variants' bytes. */
  public record Totals(int files, long originalBytes, long variantBytes) {
    static final Totals NONE = new Totals(0, 0, 0);

    Totals plus(long original, long variant) {
      return new Totals(files + 1, originalBytes + original, variantBytes + variant);
    }
  }

  /**
   * What a run did. Every regular, non-hidden file that is not a variant of another is seen; it
   * is then compressed, up to date, or skipped (not compressible). The totals count every
   * variant the tree has after the run, those made before included.
   */
  public record Summary(int filesSeen, int filesCompressed, int filesUpToDate, int filesSkipped,
      Totals brotli, Totals zstd, Totals gzip, Duration elapsed) {
  }

  private final Settings settings;
  private final int threads;

  /** A compressor with {@code settings} on {@code threads} worker threads (at least 1). */
  public Compressor(Settings settings, int threads) {
    this.settings = Objects.requireNonNull(settings, "settings");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    this.threads = threads;
  }

  /** A compressor with {@code settings} on as many worker threads as there are processors. */
  public Compressor(Settings settings) {
    this(settings, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Compresses every compressible file of the tree at {@code root} that is not up to date, and
   * returns what it did. A variant is kept when it is at most {@code maxRatio} of its original's
   * size, and removed when it is not; each gets its original's modification time. Hidden files
   * and folders (a name starting with a dot) and symbolic links are left alone. Calls
   * {@code onFileDone} once per file seen, when it is done: from the calling thread for a file
   * skipped or up to date, else from the worker thread that made its last variant, so it must be
   * thread-safe. Blocks until the whole tree is done: call it from a worker, never from an event
   * loop.
   *
   * @throws IOException when the tree cannot be listed or a file cannot be read or written; the
   *     work already done is recorded, so the next run resumes from there
   */
  public Summary compressTree(Path root, Consumer<Path> onFileDone) throws IOException {
    return compressTree(root, total -> { }, onFileDone);
  }

  /** As {@link #compressTree(Path, Consumer)}, telling {@code onStart} how many files were seen first. */
  Summary compressTree(Path root, IntConsumer onStart, Consumer<Path> onFileDone) throws IOException {
    return compressTree(root, onStart, onFileDone, job -> { });
  }

  /**
   * As {@link #compressTree(Path, IntConsumer, Consumer)}, telling {@code onJobDone} of every
   * variant made, from the worker thread that made it, before the file's {@code onFileDone}.
   */
  Summary compressTree(Path root, IntConsumer onStart, Consumer<Path> onFileDone, Consumer<Schedule.Job> onJobDone)
      throws IOException {
    long start = System.nanoTime();
    if (!Files.isDirectory(root)) {
      throw new NotDirectoryException(root.toString());
    }
    Path real = root.toRealPath();
    ExecutorService pool = Executors.newFixedThreadPool(threads, new WorkerThreads());
    try {
      // The native libraries load (some 20 ms brotli, 50 ms zstd) while this thread lists the tree.
      for (Coding c : Coding.values()) {
        pool.execute(c::load);
      }
      return compressTree(real, pool, onStart, onFileDone, onJobDone, start);
    } finally {
      pool.shutdown();
    }
  }

  private Summary compressTree(Path real, ExecutorService pool, IntConsumer onStart, Consumer<Path> onFileDone,
      Consumer<Schedule.Job> onJobDone, long start) throws IOException {
    List<Source> sources = list(real);
    onStart.accept(sources.size());
    CompressState state = CompressState.load(real, settings.fingerprint());
    CompressState next = CompressState.empty(settings.fingerprint());
    Tally tally = new Tally();
    List<FileJob> stale = new ArrayList<>();
    AtomicLong keptBytes = new AtomicLong();
    Throwable failure = null;
    for (Source s : sources) {
      CompressState.Entry old = state.get(s.rel);
      if (!Codecs.isCompressible(s.file.getFileName().toString())) {
        tally.skipped++;
        onFileDone.accept(s.file);
      } else if (failure != null) {
        keep(next, s.rel, old);
      } else {
        try {
          FileJob.Outcome o = FileJob.upToDate(s.file, s.size, s.mtime, old);
          if (o != null) {
            tally.add(o);
            next.put(s.rel, o.entry());
            onFileDone.accept(s.file);
          } else {
            stale.add(new FileJob(s.file, s.rel, s.size, s.mtime, settings, keptBytes));
          }
        } catch (IOException | RuntimeException e) {
          failure = e;
          keep(next, s.rel, old);
        }
      }
    }
    if (failure == null) {
      failure = Schedule.run(Schedule.longestFirst(stale), pool, onFileDone, onJobDone, real);
    }
    for (FileJob f : stale) {
      FileJob.Outcome o = f.outcome();
      if (o == null) {
        // Not finished after a failure: keep what the last run recorded. A variant made since
        // comes from the same settings and, while that entry matches the file, the same bytes.
        keep(next, f.rel(), state.get(f.rel()));
      } else {
        tally.add(o);
        next.put(f.rel(), o.entry());
      }
    }
    next.save(real);
    if (failure instanceof IOException e) {
      throw e;
    } else if (failure instanceof RuntimeException e) {
      throw e;
    } else if (failure != null) {
      throw new IllegalStateException(failure);
    }
    return new Summary(sources.size(), tally.compressed, tally.upToDate, tally.skipped, tally.totals[0],
        tally.totals[1], tally.totals[2], Duration.ofNanos(System.nanoTime() - start));
  }

  private static void keep(CompressState next, String rel, CompressState.Entry old) {
    if (old != null) {
      next.put(rel, old);
    }
  }

  /** Returns the tree's regular, non-hidden files that are not variants of another, in no order. */
  private static List<Source> list(Path root) throws IOException {
    List<Source> all = new ArrayList<>();
    Set<Path> paths = new HashSet<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return dir.equals(root) || !isHidden(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && !isHidden(file)) {
          String rel = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
          all.add(new Source(file, rel, attrs.size(), attrs.lastModifiedTime()));
          paths.add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    all.removeIf(s -> Coding.isVariant(s.file, paths));
    return all;
  }

  private static boolean isHidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }

  /** A file as listed: its size and time are read before its bytes. */
  private record Source(Path file, String rel, long size, FileTime mtime) {
  }

  /** The counts of a run and its totals per coding, added up on the calling thread. */
  private static final class Tally {
    int compressed;
    int upToDate;
    int skipped;
    final Totals[] totals = {Totals.NONE, Totals.NONE, Totals.NONE};

    void add(FileJob.Outcome o) {
      if (o.upToDate()) {
        upToDate++;
      } else {
        compressed++;
      }
      for (Coding c : Coding.values()) {
        if (o.variantSizes()[c.ordinal()] >= 0) {
          totals[c.ordinal()] = totals[c.ordinal()].plus(o.entry().size(), o.variantSizes()[c.ordinal()]);
        }
      }
    }
  }

  /** Daemon worker threads with names that say what they do in a thread dump. */
  private static final class WorkerThreads implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "vertx-assets-compress-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
