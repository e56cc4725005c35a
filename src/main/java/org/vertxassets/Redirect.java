package org.vertxassets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A path that answers {@code 302 Found}: a directory without its slash, or an index file named
 * in full.
 *
 * @param location the target relative to the mount point, percent-encoded, starting with {@code /}
 */
record Redirect(String location) implements IndexEntry {
  Redirect {
    Objects.requireNonNull(location, "location");
    if (!location.startsWith("/")) {
      throw new IllegalArgumentException("a redirect location starts with '/': " + location);
    }
  }

  /**
   * Adds {@code /dir -> /dir/} and {@code /dir/<indexFile> -> /dir/} to {@code entries} for each
   * folder that answers with its index file, where a file does not already answer; nothing when
   * {@code indexFile} is null.
   */
  static void addFor(Map<String, IndexEntry> entries, String indexFile) {
    if (indexFile == null) {
      return;
    }
    List<String> directories = new ArrayList<>();
    for (Map.Entry<String, IndexEntry> e : entries.entrySet()) {
      if (e.getKey().endsWith("/") && e.getValue() instanceof Asset) {
        directories.add(e.getKey());
      }
    }
    for (String dir : directories) {
      Redirect redirect = new Redirect(RequestPaths.encodePath(dir));
      entries.putIfAbsent(dir.substring(0, dir.length() - 1), redirect);
      entries.putIfAbsent(dir + indexFile, redirect);
    }
  }
}
