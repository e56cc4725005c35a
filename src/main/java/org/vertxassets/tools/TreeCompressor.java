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
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.vertxassets.impl.codec.Codecs;
import org.vertxassets.impl.codec.Compressor;
import org.vertxassets.impl.codec.DeltaName;
import org.vertxassets.impl.codec.Encoding;

/**
 * Precompresses a tree in place: writes {@code name.br}, {@code name.zst} and {@code name.gz}
 * next to every compressible file, as the server looks for them, with {@link Compressor}; then
 * the deltas of the files that have earlier versions ({@link DeltaPairs}, {@link DeltaPhase}).
 * Deterministic (the same files and settings give the same bytes), parallel (one job per file
 * and encoding, the longest first: see {@link Schedule}), and incremental: what the last run
 * made is recorded in a hidden file at the root, {@code .vertx-assets-compress} (see
 * {@link CompressState}), and a file whose variants are as that run left them is not compressed
 * again. Symbolic links are not followed: a variant would land next to the link, not its target.
 * Immutable and thread-safe; one run per tree at a time (two would share temporary files).
 */
public final class TreeCompressor {

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
      Totals brotli, Totals zstd, Totals gzip, Totals dcb, Totals dcz, Duration elapsed) {
  }

  private final Compressor compressor;
  private final int threads;
  private final Path previous;

  /** A compressor of trees with {@code settings} on {@code threads} worker threads (at least 1). */
  public TreeCompressor(Compressor.Settings settings, int threads) {
    this(new Compressor(settings), threads, null);
  }

  private TreeCompressor(Compressor compressor, int threads, Path previous) {
    this.compressor = compressor;
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    this.threads = threads;
    this.previous = previous;
  }

  /**
   * Returns this compressor making deltas (RFC 9842) of each hashed script, stylesheet,
   * WebAssembly or JSON file against the files of the previous release's output {@code dir} that
   * are its earlier versions: same folder, same name but for the hash (Vite's
   * {@code assets/index-*.js}). A tree that {@code build} wrote has its deltas without it, from
   * the releases its manifest lists.
   */
  public TreeCompressor previous(Path dir) {
    return new TreeCompressor(compressor, threads, dir);
  }

  /** A compressor of trees with {@code settings} on as many worker threads as there are processors. */
  public TreeCompressor(Compressor.Settings settings) {
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
    ExecutorService pool = Compressor.newPool(threads);
    try {
      // The native libraries load (some 20 ms brotli, 50 ms zstd) while this thread lists the tree.
      for (Encoding e : Encoding.STORED) {
        pool.execute(() -> Compressor.load(e));
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
    String fingerprint = compressor.settings().fingerprint();
    CompressState state = CompressState.load(real, fingerprint);
    CompressState next = CompressState.empty(fingerprint);
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
            stale.add(new FileJob(s.file, s.rel, s.size, s.mtime, compressor, keptBytes));
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
    Map<Encoding, Totals> deltas = Map.of();
    if (failure == null) {
      try {
        List<DeltaPairs.Pair> pairs = new ArrayList<>(DeltaPairs.fromManifest(real));
        if (previous != null) {
          pairs.addAll(DeltaPairs.fromPrevious(real, sources.stream().map(Source::rel).toList(), previous));
        }
        deltas = DeltaPhase.run(pairs, real, compressor, pool, state, next);
      } catch (IOException | RuntimeException e) {
        failure = e;
      }
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
    return new Summary(sources.size(), tally.compressed, tally.upToDate, tally.skipped, tally.totals(Encoding.BROTLI),
        tally.totals(Encoding.ZSTD), tally.totals(Encoding.GZIP), deltas.getOrDefault(Encoding.DCB, Totals.NONE),
        deltas.getOrDefault(Encoding.DCZ, Totals.NONE), Duration.ofNanos(System.nanoTime() - start));
  }

  private static void keep(CompressState next, String rel, CompressState.Entry old) {
    if (old != null) {
      next.put(rel, old);
    }
  }

  /** Returns the tree's regular, non-hidden files that are not variants or deltas of another, in no order. */
  private static List<Source> list(Path root) throws IOException {
    List<Source> all = new ArrayList<>();
    Set<String> rels = new HashSet<>();
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
          rels.add(rel);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    all.removeIf(s -> Encoding.isVariant(s.rel, rels::contains) || DeltaName.parse(s.rel) != null);
    return all;
  }

  private static boolean isHidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }

  /** A file as listed: its size and time are read before its bytes. */
  private record Source(Path file, String rel, long size, FileTime mtime) {
  }

  /** The counts of a run and its totals per encoding, added up on the calling thread. */
  private static final class Tally {
    int compressed;
    int upToDate;
    int skipped;
    private final Map<Encoding, Totals> totals = new EnumMap<>(Encoding.class);

    void add(FileJob.Outcome o) {
      if (o.upToDate()) {
        upToDate++;
      } else {
        compressed++;
      }
      for (Encoding e : Encoding.STORED) {
        long size = o.variantSize(e);
        if (size >= 0) {
          totals.put(e, totals(e).plus(o.entry().size(), size));
        }
      }
    }

    Totals totals(Encoding e) {
      return totals.getOrDefault(e, Totals.NONE);
    }
  }
}
