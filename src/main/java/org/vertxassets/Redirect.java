package org.vertxassets;

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
}
