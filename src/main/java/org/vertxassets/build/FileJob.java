package org.vertxassets.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Set;

/**
 * The work on one file: decides whether its variants are up to date and, if not, makes them,
 * keeps those within the size ratio and removes the others. Stateless; blocks (file I/O and
 * CPU), and runs on {@link Compressor}'s worker threads.
 */
final class FileJob {

  /** What was made of one file: its state entry, whether it was up to date, and its variants' sizes (-1: none). */
  record Outcome(CompressState.Entry entry, boolean upToDate, long[] variantSizes) {
  }

  private FileJob() {
  }

  /** Returns what was made of {@code file}, given what the last run recorded for it ({@code old}, or null). */
  static Outcome run(Path file, CompressState.Entry old, Compressor.Settings settings) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    FileTime mtime = attrs.lastModifiedTime();
    if (old != null && old.size() == attrs.size() && old.lastModified().equals(mtime)) {
      long[] sizes = presentVariants(file, mtime, old.kept());
      if (sizes != null) {
        return new Outcome(old, true, sizes);
      }
    }
    // The time is read before the bytes: a file changed meanwhile has a newer one, and is redone next run.
    byte[] data = Files.readAllBytes(file);
    long[] sizes = new long[Coding.values().length];
    StringBuilder kept = new StringBuilder();
    for (Coding c : Coding.values()) {
      byte[] variant = c.compress(data, settings);
      Path target = c.variant(file);
      if (data.length > 0 && variant.length <= settings.maxRatio() * data.length) {
        write(target, variant, mtime);
        sizes[c.ordinal()] = variant.length;
        kept.append(kept.length() == 0 ? "" : ",").append(c.name);
      } else {
        // Stale: made from an earlier version of the file, or with other settings.
        Files.deleteIfExists(target);
        sizes[c.ordinal()] = -1;
      }
    }
    String keptNames = kept.length() == 0 ? "-" : kept.toString();
    return new Outcome(new CompressState.Entry(data.length, mtime, keptNames), false, sizes);
  }

  /**
   * Returns the sizes of a file's variants (-1 where there is none) when those listed in
   * {@code kept} all have the file's modification time and the others are absent; else null.
   */
  private static long[] presentVariants(Path file, FileTime mtime, String kept) throws IOException {
    Set<String> names = Set.of(kept.split(","));
    long[] sizes = new long[Coding.values().length];
    for (Coding c : Coding.values()) {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(c.variant(file), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        a = null;
      }
      boolean wanted = names.contains(c.name);
      if (a == null ? wanted : !wanted || !a.isRegularFile() || !a.lastModifiedTime().equals(mtime)) {
        return null;
      }
      sizes[c.ordinal()] = wanted ? a.size() : -1;
    }
    return sizes;
  }

  /**
   * Writes a variant through a hidden temporary file, given its time before the rename, so that a
   * server scanning the tree meanwhile sees the old variant or the whole new one.
   */
  private static void write(Path target, byte[] bytes, FileTime mtime) throws IOException {
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
