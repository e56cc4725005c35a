package org.vertxassets.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.vertxassets.impl.codec.Compressor;
import org.vertxassets.impl.codec.ContentHash;
import org.vertxassets.impl.codec.DeltaName;
import org.vertxassets.impl.codec.Encoding;

/**
 * The deltas of a tree (RFC 9842), made after its variants: for each {@link DeltaPairs.Pair}, the
 * file in dcb and in dcz against the earlier version ({@link DeltaName}: beside the file, named
 * after the dictionary's hash), each kept only when smaller than the file's br variant (without
 * one, than the file within the size ratio). Deterministic and parallel like the variants, and
 * incremental through the same state file: a delta whose entry still matches its file (size and
 * time) is not made again, kept or not. A delta carries its file's modification time.
 */
final class DeltaPhase {

  /** One delta to make, or found up to date: where it goes, and what it is made of. */
  private record Job(DeltaPairs.Pair pair, Encoding encoding, Path target, String rel, long size, FileTime mtime) {
  }

  private DeltaPhase() {
  }

  /**
   * Makes the deltas of {@code pairs} in the tree at {@code root} that are not up to date in
   * {@code old}, records every delta in {@code next}, and returns the totals of the deltas the
   * tree has, by encoding. Blocks until all are made.
   */
  static Map<Encoding, TreeCompressor.Totals> run(List<DeltaPairs.Pair> pairs, Path root, Compressor compressor,
      ExecutorService pool, CompressState old, CompressState next) throws IOException {
    Map<Encoding, TreeCompressor.Totals> totals = new EnumMap<>(Encoding.class);
    List<Job> jobs = new ArrayList<>();
    for (DeltaPairs.Pair pair : pairs) {
      BasicFileAttributes file = Files.readAttributes(pair.file(), BasicFileAttributes.class);
      String sha256 = ContentHash.sha256Hex(Files.readAllBytes(pair.dictionary()));
      for (Encoding encoding : Encoding.DICTIONARY) {
        Path target = DeltaName.sibling(pair.file(), sha256, encoding);
        String rel = root.relativize(target).toString().replace(target.getFileSystem().getSeparator(), "/");
        Job job = new Job(pair, encoding, target, rel, file.size(), file.lastModifiedTime());
        CompressState.Entry entry = old.get(rel);
        long kept = upToDate(job, entry);
        if (kept == -2) {
          jobs.add(job);
        } else {
          next.put(rel, entry);
          count(totals, encoding, job.size(), kept);
        }
      }
    }
    List<Future<CompressState.Entry>> made = new ArrayList<>();
    for (Job job : jobs) {
      made.add(pool.submit(() -> make(job, compressor)));
    }
    for (int i = 0; i < jobs.size(); i++) {
      CompressState.Entry entry = await(made.get(i));
      next.put(jobs.get(i).rel(), entry);
      count(totals, jobs.get(i).encoding(), jobs.get(i).size(), entry.kept().equals("-") ? -1 : Files.size(jobs.get(i).target()));
    }
    return totals;
  }

  /**
   * Returns the size of the delta when {@code entry} says it is up to date, -1 when it is up to
   * date as not kept (and absent), or -2 when it must be made.
   */
  private static long upToDate(Job job, CompressState.Entry entry) throws IOException {
    if (entry == null || entry.size() != job.size() || !entry.lastModified().equals(job.mtime())) {
      return -2;
    }
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(job.target(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      a = null;
    }
    if (entry.kept().equals("-")) {
      return a == null ? -1 : -2;
    }
    return a != null && a.isRegularFile() && a.lastModifiedTime().equals(job.mtime()) ? a.size() : -2;
  }

  /** Makes one delta, writes or removes it, and returns its entry. Blocks (CPU, file I/O). */
  private static CompressState.Entry make(Job job, Compressor compressor) throws IOException {
    byte[] source = Files.readAllBytes(job.pair().file());
    byte[] delta = compressor.delta(job.encoding(), source, Files.readAllBytes(job.pair().dictionary()));
    Path br = Encoding.BROTLI.variant(job.pair().file());
    boolean keep = Files.isRegularFile(br) ? delta.length < Files.size(br) : compressor.keeps(source.length, delta.length);
    if (keep) {
      FileJob.write(job.target(), delta, job.mtime());
    } else {
      Files.deleteIfExists(job.target());
    }
    return new CompressState.Entry(source.length, job.mtime(), keep ? job.encoding().extension() : "-");
  }

  private static void count(Map<Encoding, TreeCompressor.Totals> totals, Encoding encoding, long original, long size) {
    if (size >= 0) {
      totals.put(encoding, totals.getOrDefault(encoding, TreeCompressor.Totals.NONE).plus(original, size));
    }
  }

  private static CompressState.Entry await(Future<CompressState.Entry> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making deltas", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
