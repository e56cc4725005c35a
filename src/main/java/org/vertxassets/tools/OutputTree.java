package org.vertxassets.tools;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vertxassets.impl.codec.DeltaName;
import org.vertxassets.impl.codec.Encoding;
import org.vertxassets.impl.codec.Manifest;

/** Writes the files of a build into OUT, and removes the stale files of an earlier build. */
final class OutputTree {

  private OutputTree() {
  }

  /**
   * Returns the files to write by key relative to OUT, sorted: each file's hashed copy, and its
   * unhashed copy when {@code keepUnhashed}; an HTML page under its own name only, since it is an
   * entry point that browsers ask for by that name (served {@code no-cache}), and so the
   * {@code _headers} file, which the server reads by that name.
   *
   * @throws BuildException when two files would be written to one path, or a file to the manifest's
   */
  static Map<String, Linker.Linked> plan(Map<String, Linker.Linked> files, boolean keepUnhashed) throws BuildException {
    Map<String, Linker.Linked> plan = new TreeMap<>();
    for (Linker.Linked f : files.values()) {
      if (Names.keepsItsName(f.key())) {
        claim(plan, f.key(), f);
        continue;
      }
      claim(plan, f.hashedKey(), f);
      if (keepUnhashed) {
        claim(plan, f.key(), f);
      }
    }
    return plan;
  }

  private static void claim(Map<String, Linker.Linked> plan, String path, Linker.Linked f) throws BuildException {
    if (path.equals(Manifest.NAME)) {
      throw new BuildException("SRC has a " + Manifest.NAME + " at its root, where the build writes its manifest;"
          + " rename it (a web app manifest may be site.webmanifest) or build with --no-unhashed", List.of());
    }
    Linker.Linked other = plan.putIfAbsent(path, f);
    if (other != null) {
      throw new BuildException("SRC files " + other.key() + " and " + f.key() + " would both be written to " + path
          + "; rename one of them", List.of());
    }
  }

  private static boolean sameBytes(Path target, byte[] bytes) throws IOException {
    return Files.isRegularFile(target) && Files.size(target) == bytes.length
        && java.util.Arrays.equals(Files.readAllBytes(target), bytes);
  }

  /** Writes every planned file into {@code out}, replacing what is there. Blocks. */
  static void write(Path out, Map<String, Linker.Linked> plan, AssetBuilder.Progress progress) throws IOException {
    Files.createDirectories(out);
    int done = 0;
    for (Map.Entry<String, Linker.Linked> e : plan.entrySet()) {
      Path target = out.resolve(e.getKey());
      Files.createDirectories(target.getParent());
      Linker.Linked f = e.getValue();
      byte[] bytes = f.content() != null ? f.content() : Files.readAllBytes(f.source());
      // A file whose bytes are already there keeps its time, so that compress finds its variants
      // up to date; a file that changes loses the variants of its earlier bytes. A file written
      // takes its source's time, not the clock's: two builds of one SRC write the same times, so
      // the bookkeeping of compress, which records them, is the same too.
      if (!sameBytes(target, bytes)) {
        Files.write(target, bytes);
        Files.setLastModifiedTime(target, Files.getLastModifiedTime(f.source()));
        for (Encoding v : Encoding.STORED) {
          if (!plan.containsKey(e.getKey() + v.suffix)) {
            Files.deleteIfExists(v.variant(target));
          }
        }
      }
      progress.update("writing", ++done, plan.size());
    }
  }

  /**
   * Returns the manifest an earlier build wrote in {@code out}, or null when there is none. Blocks.
   *
   * @throws BuildException when {@code out} has a {@code manifest.json} that is not ours
   */
  static Manifest previousManifest(Path out) throws IOException, BuildException {
    Path file = out.resolve(Manifest.NAME);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Manifest manifest;
    try {
      manifest = Manifest.read(file);
    } catch (CharacterCodingException | Manifest.FormatException e) {
      throw notOurs(out, e.getMessage());
    }
    if (!manifest.invalid().isEmpty()) {
      throw notOurs(out, "no \"path\" for \"" + manifest.invalid().get(0) + "\"");
    }
    return manifest;
  }

  /** Returns the keys and paths that a manifest names (the files its build wrote or kept), or none. */
  static Set<String> outputs(Manifest manifest) {
    Set<String> outputs = new TreeSet<>();
    if (manifest != null) {
      manifest.files().forEach((key, entry) -> {
        outputs.add(key);
        outputs.add(entry.path());
      });
      manifest.earlier().forEach(release -> release.values().forEach(entry -> outputs.add(entry.path())));
    }
    return outputs;
  }

  private static BuildException notOurs(Path out, String why) {
    String reason = String.valueOf(why).lines().findFirst().orElse("");
    return new BuildException("OUT '" + out + "' has a " + Manifest.NAME + " that no build wrote (" + reason
        + "); choose another OUT, or delete that file if it may be replaced", List.of());
  }

  /**
   * Deletes the files of {@code previous} (relative to {@code out}) that are not in {@code written},
   * then the folders that leaves empty; returns the number of files deleted. A path that would
   * leave {@code out} is ignored. Blocks.
   */
  static int removeStale(Path out, Set<String> previous, Set<String> written) throws IOException {
    int removed = 0;
    for (String key : previous) {
      Path file = out.resolve(key).normalize();
      if (written.contains(key) || key.equals(Manifest.NAME) || !file.startsWith(out) || file.equals(out)
          || !Files.isRegularFile(file)) {
        continue;
      }
      Files.delete(file);
      removed++;
      // Its precompressed siblings, which compress made after the earlier build, go with it
      // (unless this build wrote a file of that name itself).
      for (Encoding v : Encoding.STORED) {
        if (!written.contains(key + v.suffix)) {
          Files.deleteIfExists(v.variant(file));
        }
      }
      // And its deltas (RFC 9842), named after it.
      String name = file.getFileName().toString();
      try (DirectoryStream<Path> siblings = Files.newDirectoryStream(file.getParent(),
          p -> p.getFileName().toString().startsWith(name + "."))) {
        for (Path sibling : siblings) {
          DeltaName delta = DeltaName.parse(sibling.getFileName().toString());
          if (delta != null && delta.file().equals(name)) {
            Files.deleteIfExists(sibling);
          }
        }
      }
      for (Path dir = file.getParent(); !dir.equals(out); dir = dir.getParent()) {
        try {
          Files.delete(dir);
        } catch (DirectoryNotEmptyException e) {
          break;
        }
      }
    }
    return removed;
  }
}
