package org.vertxassets.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the last run of {@link TreeCompressor} made of each file, kept in a hidden file at the root
 * of the tree ({@value #FILE_NAME}): the settings it ran with and, per file, the size and
 * modification time it compressed and which variants passed the size ratio. A file whose entry
 * still matches, and whose variants are all there with its modification time (and none of the
 * rejected ones is), is not compressed again: that is how a variant that failed the ratio is not
 * recomputed on every run. An unreadable or foreign state file only makes the next run redo
 * everything. Reads may run concurrently once it is loaded; {@link #put} and {@link #save} may
 * not: the compressor's workers read the old state and only the calling thread builds the new one.
 */
final class CompressState {

  /** The name of the state file at the root of a tree. */
  static final String FILE_NAME = ".vertx-assets-compress";

  private static final String HEADER = "vertx-assets compress state 1; delete this file to redo every variant";

  /** A file as it was compressed: its size, its modification time and the variants kept. */
  record Entry(long size, FileTime lastModified, String kept) {
  }

  private final String settings;
  private final Map<String, Entry> entries;

  private CompressState(String settings, Map<String, Entry> entries) {
    this.settings = settings;
    this.entries = entries;
  }

  /** Returns an empty state for these settings. */
  static CompressState empty(String settings) {
    return new CompressState(settings, new TreeMap<>());
  }

  /**
   * Returns the state saved at {@code root} when it was saved with the same {@code settings}, or
   * an empty one (no file, other settings, a file this version cannot read). Blocks.
   */
  static CompressState load(Path root, String settings) {
    String text;
    try {
      text = Files.readString(root.resolve(FILE_NAME), StandardCharsets.UTF_8);
    } catch (IOException e) {
      // None yet, malformed UTF-8, or a directory of that name: start afresh (saving will say
      // if something is in the way).
      return empty(settings);
    }
    String[] lines = text.split("\n");
    if (lines.length < 2 || !lines[0].equals(HEADER) || !lines[1].equals("settings " + settings)) {
      return empty(settings);
    }
    Map<String, Entry> entries = new TreeMap<>();
    for (int i = 2; i < lines.length; i++) {
      String[] f = lines[i].split(" ", 4);
      try {
        entries.put(unescape(f[3]), new Entry(Long.parseLong(f[0]), FileTime.from(Instant.parse(f[1])), f[2]));
      } catch (ArrayIndexOutOfBoundsException | NumberFormatException | DateTimeParseException e) {
        return empty(settings);
      }
    }
    return new CompressState(settings, entries);
  }

  /** Returns the entry of a file (its path relative to the root, {@code /} separated), or null. */
  Entry get(String path) {
    return entries.get(path);
  }

  /** Records what was made of a file. */
  void put(String path, Entry entry) {
    entries.put(path, entry);
  }

  /** Returns the file's content: the same state always gives the same bytes. */
  String render() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n').append("settings ").append(settings).append('\n');
    entries.forEach((path, e) -> sb.append(e.size()).append(' ').append(e.lastModified().toInstant()).append(' ')
        .append(e.kept()).append(' ').append(escape(path)).append('\n'));
    return sb.toString();
  }

  /**
   * Writes the state at {@code root} unless the file there already says the same, through a
   * temporary file and a rename so that an interrupted run leaves the old state or the new one.
   * Blocks.
   */
  void save(Path root) throws IOException {
    Path file = root.resolve(FILE_NAME);
    String text = render();
    try {
      if (Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
        return;
      }
    } catch (IOException e) {
      // Missing or unreadable: write it.
    }
    Path tmp = root.resolve(FILE_NAME + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Returns a path with the backslash and the line breaks escaped, so that each entry is one line. */
  private static String escape(String path) {
    return path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
