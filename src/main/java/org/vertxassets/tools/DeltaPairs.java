package org.vertxassets.tools;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.vertxassets.impl.codec.Manifest;
import org.vertxassets.impl.http.HashedNames;

/**
 * Which files of a tree get deltas (RFC 9842), and against which earlier versions: the
 * dictionaries a returning visitor may hold for them. Two sources: the releases that
 * {@code build} kept and listed in the tree's {@code manifest.json} (the same source file in an
 * earlier release), and the output of the previous release of another bundler (a file of the
 * same folder whose name has the same {@link HashedNames#wildcard}). Only scripts, stylesheets,
 * WebAssembly and JSON ({@link HashedNames#isDictionaryType}). Blocking.
 */
final class DeltaPairs {

  /** At most this many earlier versions per file from a previous output: the closest in size. */
  static final int MAX_PER_FILE = 3;

  private static final Pattern NAMES = Pattern.compile(HashedNames.DEFAULT_PATTERN);

  /**
   * A file of the tree and an earlier version of it.
   *
   * @param rel the file, relative to the tree's root
   * @param file the file
   * @param dictionary the earlier version, in the tree or in a previous output
   */
  record Pair(String rel, Path file, Path dictionary) {
  }

  private DeltaPairs() {
  }

  /**
   * Returns the pairs that the {@code manifest.json} at {@code root} gives, if it is ours: each
   * current file with each earlier release's version of the same source that is still there.
   */
  static List<Pair> fromManifest(Path root) {
    Manifest manifest;
    try {
      manifest = Manifest.read(root.resolve(Manifest.NAME));
    } catch (IOException | Manifest.FormatException e) {
      return List.of(); // none, or not ours: no releases to pair
    }
    List<Pair> pairs = new ArrayList<>();
    for (Map.Entry<String, Manifest.Entry> e : manifest.files().entrySet()) {
      String rel = e.getValue().path();
      Path file = inside(root, rel);
      if (file == null || !HashedNames.isDictionaryType(rel) || !Files.isRegularFile(file)) {
        continue;
      }
      for (Map<String, Manifest.Entry> release : manifest.earlier()) {
        Manifest.Entry old = release.get(e.getKey());
        Path dictionary = old == null || old.path().equals(rel) ? null : inside(root, old.path());
        if (dictionary != null && Files.isRegularFile(dictionary)) {
          pairs.add(new Pair(rel, file, dictionary));
        }
      }
    }
    return pairs;
  }

  /**
   * Returns the pairs of the files {@code rels} of the tree at {@code root} with the files of the
   * previous output {@code previous}: for each hashed file, the files of the same folder there
   * whose names have the same wildcard ({@code assets/index-*.js}) and differ, the
   * {@value #MAX_PER_FILE} closest in size.
   */
  static List<Pair> fromPrevious(Path root, List<String> rels, Path previous) throws IOException {
    List<Pair> pairs = new ArrayList<>();
    for (String rel : rels) {
      int slash = rel.lastIndexOf('/');
      String name = rel.substring(slash + 1);
      String wildcard = HashedNames.isDictionaryType(name) ? HashedNames.wildcard(NAMES, name) : null;
      Path folder = wildcard == null ? null : inside(previous, slash < 0 ? "." : rel.substring(0, slash));
      if (folder == null || !Files.isDirectory(folder)) {
        continue;
      }
      Path file = root.resolve(rel);
      long size = Files.size(file);
      List<Path> candidates = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        for (Path p : entries) {
          String other = p.getFileName().toString();
          if (!other.equals(name) && wildcard.equals(HashedNames.wildcard(NAMES, other)) && Files.isRegularFile(p)) {
            candidates.add(p);
          }
        }
      }
      candidates.sort(Comparator.<Path>comparingLong(p -> Math.abs(sizeOf(p) - size)).thenComparing(Path::toString));
      for (Path dictionary : candidates.subList(0, Math.min(MAX_PER_FILE, candidates.size()))) {
        pairs.add(new Pair(rel, file, dictionary));
      }
    }
    return pairs;
  }

  /** Returns {@code rel} resolved under {@code root}, or null when it would leave it. */
  private static Path inside(Path root, String rel) {
    Path p = root.resolve(rel).normalize();
    return p.startsWith(root) ? p : null;
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return Long.MAX_VALUE / 2;
    }
  }
}
