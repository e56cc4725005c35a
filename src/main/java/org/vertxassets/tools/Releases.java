package org.vertxassets.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vertxassets.impl.codec.Manifest;

/**
 * The releases whose hashed files a build keeps in OUT besides its own. A page of the previous
 * release still loads while a rolling deploy is under way, and the files a returning visitor has
 * cached are there to be the compression dictionaries of their new versions (RFC 9842).
 *
 * <p>A build is a new release when its hashed files differ from the previous build's; a build of
 * the same sources again is the same release. Of each earlier release, the files the new one
 * writes too (unchanged since) and those no longer in OUT are left out, and a release left with
 * no file is dropped.
 */
final class Releases {

  /** Default of {@code --keep-releases}: this release and the two before it. */
  static final int DEFAULT_KEEP = 3;

  private Releases() {
  }

  /**
   * Returns the earlier releases to keep with {@code current} (newest first, at most
   * {@code keep - 1}): the previous build's release, unless it is {@code current} again, then
   * the releases it kept. {@code written} are the paths this build writes in {@code out}. Blocks.
   */
  static List<Map<String, Manifest.Entry>> earlier(Manifest previous, Map<String, Manifest.Entry> current,
      Set<String> written, int keep, Path out) {
    if (previous == null || keep <= 1) {
      return List.of();
    }
    List<Map<String, Manifest.Entry>> candidates = new ArrayList<>();
    if (!paths(previous.files()).equals(paths(current))) {
      candidates.add(previous.files());
    }
    candidates.addAll(previous.earlier());
    List<Map<String, Manifest.Entry>> kept = new ArrayList<>();
    for (Map<String, Manifest.Entry> release : candidates) {
      Map<String, Manifest.Entry> files = new TreeMap<>();
      release.forEach((key, entry) -> {
        Path file = out.resolve(entry.path()).normalize();
        if (entry.sha256() != null && !written.contains(entry.path()) && file.startsWith(out) && Files.isRegularFile(file)) {
          files.put(key, entry);
        }
      });
      if (!files.isEmpty()) {
        kept.add(files);
      }
      if (kept.size() == keep - 1) {
        break;
      }
    }
    return kept;
  }

  /** Returns the hashed paths of the releases {@code earlier}. */
  static Set<String> paths(List<Map<String, Manifest.Entry>> earlier) {
    Set<String> paths = new HashSet<>();
    earlier.forEach(release -> paths.addAll(paths(release)));
    return paths;
  }

  private static Set<String> paths(Map<String, Manifest.Entry> files) {
    Set<String> paths = new HashSet<>();
    files.values().forEach(e -> paths.add(e.path()));
    return paths;
  }
}
