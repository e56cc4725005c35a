package org.vertxassets;

import java.util.Map;
import java.util.Objects;

/**
 * A path that answers {@code 302 Found}: a directory without its slash, an index file named in
 * full, or a page named with its {@code .html} when clean URLs are on.
 *
 * @param location the target relative to the mount point, percent-encoded, starting with {@code /}
 */
record Redirect(String location) implements IndexEntry {

  /** The extension a clean URL leaves out. */
  private static final String HTML = ".html";

  Redirect {
    Objects.requireNonNull(location, "location");
    if (!location.startsWith("/")) {
      throw new IllegalArgumentException("a redirect location starts with '/': " + location);
    }
  }

  /**
   * Returns the path the file at {@code file} (relative to the mount point) is served at: its
   * folder's for an index file ({@code /docs/} for {@code /docs/index.html}), its name without
   * {@code .html} for another page when {@code cleanUrls} ({@code /about} for
   * {@code /about.html}), its own otherwise. No index file when {@code indexFile} is null.
   */
  static String servedAt(String file, String indexFile, boolean cleanUrls) {
    if (indexFile != null && file.endsWith("/" + indexFile)) {
      return file.substring(0, file.length() - indexFile.length());
    }
    if (cleanUrls && file.endsWith(HTML) && !file.endsWith("/" + HTML)) {
      return file.substring(0, file.length() - HTML.length());
    }
    return file;
  }

  /**
   * Adds to {@code entries}, where no file already answers, a redirect from the path of each file
   * served elsewhere ({@code moved}, from its path to the path it is served at) to where it is
   * served; and for a folder that answers with its index file, from the folder without its slash:
   * {@code /docs/index.html -> /docs/} and {@code /docs -> /docs/}.
   */
  static void addFor(Map<String, IndexEntry> entries, Map<String, String> moved) {
    for (Map.Entry<String, String> m : moved.entrySet()) {
      String served = m.getValue();
      Redirect redirect = new Redirect(RequestPaths.encodePath(served));
      entries.putIfAbsent(m.getKey(), redirect);
      if (served.endsWith("/")) {
        entries.putIfAbsent(served.substring(0, served.length() - 1), redirect);
      }
    }
  }
}
