package org.vertxassets.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.vertxassets.impl.codec.Encoding;

/**
 * How {@link TreeCompressor} makes variants: one job per file and encoding, run on its pool the longest
 * first (Graham's longest-processing-time-first rule). Brotli 11 of the largest file is then the
 * first job, instead of the first of three done one after another on one thread while the other
 * threads run out of work: the largest file no longer decides how long a tree takes, and the
 * shortest jobs fill the gaps at the end. The order decides only when variants are made, never
 * their bytes.
 */
final class Schedule {

  /** One variant to make: the file and the encoding. */
  record Job(FileJob file, Encoding encoding) {

    /** Returns the estimated time of the job, in units only comparable between jobs. */
    long cost() {
      return file.size() * weight(encoding);
    }
  }

  private static final Comparator<Job> LONGEST_FIRST = Comparator.comparingLong(Job::cost).reversed()
      .thenComparing(j -> j.file().rel())
      .thenComparing(Job::encoding);

  private Schedule() {
  }

  /**
   * Returns the relative cost of a byte in {@code encoding} at the default levels (brotli 11
   * about 1 µs, zstd 18 about 0.18 µs, gzip 9 about 0.04 µs on bench/compress.sh's trees). Only
   * the order depends on them: at other levels it is less close to the best, never wrong.
   */
  private static long weight(Encoding encoding) {
    return switch (encoding) {
      case BROTLI -> 25;
      case ZSTD -> 4;
      default -> 1;
    };
  }

  /** Returns a job for every stored encoding of every file, the longest first; ties by path, then encoding. */
  static List<Job> longestFirst(Collection<FileJob> files) {
    List<Job> jobs = new ArrayList<>(files.size() * Encoding.STORED.size());
    for (FileJob f : files) {
      for (Encoding e : Encoding.STORED) {
        jobs.add(new Job(f, e));
      }
    }
    jobs.sort(LONGEST_FIRST);
    return jobs;
  }

  /**
   * Runs the jobs in their order on {@code pool}, telling {@code onJobDone} of each and
   * {@code onFileDone} of a file when its last job is done, and returns the first failure in
   * that order, or null. After a failure no file starts (the jobs of a file started
   * before it still run, so that it is recorded whole). Blocks until every job has ended.
   */
  static Throwable run(List<Job> jobs, ExecutorService pool, Consumer<Path> onFileDone,
      Consumer<Job> onJobDone, Path root) throws IOException {
    AtomicBoolean failed = new AtomicBoolean();
    List<Future<?>> futures = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      futures.add(pool.submit(() -> {
        if (!job.file().begin(failed.get())) {
          return null;
        }
        try {
          boolean last = job.file().make(job.encoding());
          onJobDone.accept(job);
          if (last) {
            onFileDone.accept(job.file().file());
          }
          return null;
        } catch (IOException | RuntimeException e) {
          failed.set(true);
          throw e;
        }
      }));
    }
    Throwable failure = null;
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        failure = failure == null ? e.getCause() : failure;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pool.shutdownNow();
        throw new IOException("interrupted while compressing " + root, e);
      }
    }
    return failure;
  }
}
