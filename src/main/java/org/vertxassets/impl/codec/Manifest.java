package org.vertxassets.impl.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code manifest.json}, the map from each file of a build to its hashed copy, read and written
 * here alone: {@code build} writes it, and the index reads it to know which files are
 * content-hashed and what their hashes are.
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "files": {
 *     "css/app.css": {
 *       "integrity": "sha384-...",
 *       "path": "css/app.3f2a9c1b7e4d.css",
 *       "sha256": "3f2a9c1b7e4d...",
 *       "size": 1234
 *     }
 *   },
 *   "earlier": [
 *     {
 *       "css/app.css": { "integrity": "...", "path": "css/app.0e1f2a3b4c5d.css", "sha256": "...", "size": 1201 }
 *     }
 *   ]
 * }
 * }</pre>
 *
 * <p>{@code earlier} lists the files of the releases before this one whose hashed copies a build
 * kept in OUT (newest first), in the shape of {@code files}; it is left out when there are none.
 * A reader that knows only {@code files} is not disturbed by it.
 *
 * <p>Written by hand rather than by a JSON library, so that its text is fixed by this class alone:
 * keys sorted, two-space indentation, {@code ": "} between a name and its value, a final newline.
 *
 * @param files the entries that name their hashed copy, by key, in the order of the text
 * @param invalid the keys of the entries that do not (not an object, or no {@code "path"}
 *     string), in the order of the text; they are not in {@code files}
 * @param earlier the files of the earlier releases kept, newest first, each as {@code files} is
 *     (their entries without a {@code "path"} left out)
 */
public record Manifest(Map<String, Entry> files, List<String> invalid, List<Map<String, Entry>> earlier) {

  /** The manifest's name at the root of a build's output. */
  public static final String NAME = "manifest.json";

  /** The format's version, the {@code version} member; a reader refuses versions it does not know. */
  public static final int VERSION = 1;

  /**
   * One file of the manifest, under the key of its path relative to SRC.
   *
   * @param path the path of the hashed copy relative to OUT, with {@code /} separators
   * @param sha256 the {@link ContentHash} of the file's bytes as written, or null when a manifest
   *     read gives none that is valid
   * @param size the file's size in bytes as written; -1 when {@code sha256} is null
   * @param integrity the file's Subresource Integrity ({@link ContentHash#integrity}), or null
   *     for a manifest written before it was recorded
   */
  public record Entry(String path, String sha256, long size, String integrity) {

    public Entry {
      Objects.requireNonNull(path, "path");
      if (sha256 != null && !ContentHash.isSha256Hex(sha256)) {
        throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits: " + sha256);
      }
      if (integrity != null && !ContentHash.isIntegrity(integrity)) {
        throw new IllegalArgumentException("integrity must be sha384- and 64 base64 characters: " + integrity);
      }
    }

    /** An entry without an integrity value. */
    public Entry(String path, String sha256, long size) {
      this(path, sha256, size, null);
    }
  }

  /** Thrown when a text is not a manifest of ours; its message says why, on one line or more. */
  public static final class FormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean json;

    FormatException(String message, boolean json, Throwable cause) {
      super(message, cause);
      this.json = json;
    }

    /**
     * Returns whether the text is JSON of another shape (a web app manifest is often named
     * {@code manifest.json} too), rather than no JSON object at all.
     */
    public boolean isJson() {
      return json;
    }
  }

  public Manifest {
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    invalid = List.copyOf(invalid);
    earlier = earlier.stream().map(r -> Collections.unmodifiableMap(new LinkedHashMap<>(r))).toList();
  }

  /** A manifest of one release, with no earlier one kept. */
  public Manifest(Map<String, Entry> files, List<String> invalid) {
    this(files, invalid, List.of());
  }

  /**
   * Returns the manifest a text holds.
   *
   * @throws FormatException when it is not a JSON object, or not one with {@code "version": 1}
   *     and a {@code "files"} object
   */
  public static Manifest parse(String text) throws FormatException {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new FormatException(String.valueOf(e.getMessage()), false, e);
    }
    if (!Integer.valueOf(VERSION).equals(json.getValue("version"))
        || !(json.getValue("files") instanceof JsonObject files)) {
      throw new FormatException("no \"version\": " + VERSION + " with \"files\"", true, null);
    }
    List<String> invalid = new ArrayList<>();
    Map<String, Entry> entries = entries(files, invalid);
    List<Map<String, Entry>> earlier = new ArrayList<>();
    if (json.getValue("earlier") instanceof JsonArray releases) {
      for (Object release : releases) {
        if (release instanceof JsonObject r) {
          earlier.add(entries(r, new ArrayList<>()));
        }
      }
    }
    return new Manifest(entries, invalid, earlier);
  }

  /** Returns the entries of a {@code files} object, adding the keys of those without a path to {@code invalid}. */
  private static Map<String, Entry> entries(JsonObject files, List<String> invalid) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (String key : files.fieldNames()) {
      if (!(files.getValue(key) instanceof JsonObject entry) || !(entry.getValue("path") instanceof String path)) {
        invalid.add(key);
        continue;
      }
      if (entry.getValue("sha256") instanceof String sha && ContentHash.isSha256Hex(sha)
          && entry.getValue("size") instanceof Number size) {
        String integrity = entry.getValue("integrity") instanceof String i && ContentHash.isIntegrity(i) ? i : null;
        entries.put(key, new Entry(path, sha, size.longValue(), integrity));
      } else {
        entries.put(key, new Entry(path, null, -1));
      }
    }
    return entries;
  }

  /**
   * Returns the manifest in {@code file}, read as UTF-8. Blocks.
   *
   * @throws IOException when it cannot be read ({@link java.nio.charset.CharacterCodingException}
   *     when it is not UTF-8)
   * @throws FormatException as {@link #parse}
   */
  public static Manifest read(Path file) throws IOException, FormatException {
    return parse(Files.readString(file, UTF_8));
  }

  /**
   * Returns the manifest's text for {@code files}, sorted by key.
   *
   * @throws NullPointerException when an entry has no {@code sha256}
   */
  public static String render(Map<String, Entry> files) {
    return render(files, List.of());
  }

  /**
   * Returns the manifest's text for {@code files} and the {@code earlier} releases kept (newest
   * first; no {@code "earlier"} member when there is none), each sorted by key.
   *
   * @throws NullPointerException when an entry has no {@code sha256}
   */
  public static String render(Map<String, Entry> files, List<Map<String, Entry>> earlier) {
    StringBuilder b = new StringBuilder("{\n  \"version\": " + VERSION + ",\n  \"files\": ");
    renderFiles(b, files, "  ");
    if (!earlier.isEmpty()) {
      b.append(",\n  \"earlier\": [");
      String separator = "\n    ";
      for (Map<String, Entry> release : earlier) {
        b.append(separator);
        renderFiles(b, release, "    ");
        separator = ",\n    ";
      }
      b.append("\n  ]");
    }
    return b.append("\n}\n").toString();
  }

  /** Appends an object of entries, sorted by key, whose closing brace is indented by {@code indent}. */
  private static void renderFiles(StringBuilder b, Map<String, Entry> files, String indent) {
    b.append('{');
    String separator = "\n";
    for (Map.Entry<String, Entry> e : new TreeMap<>(files).entrySet()) {
      Entry entry = e.getValue();
      String in = indent + "  ";
      b.append(separator).append(in).append(quote(e.getKey())).append(": {\n");
      if (entry.integrity() != null) {
        b.append(in).append("  \"integrity\": ").append(quote(entry.integrity())).append(",\n");
      }
      b.append(in).append("  \"path\": ").append(quote(entry.path())).append(",\n")
          .append(in).append("  \"sha256\": ").append(quote(Objects.requireNonNull(entry.sha256(), "sha256")))
          .append(",\n")
          .append(in).append("  \"size\": ").append(entry.size()).append('\n').append(in).append('}');
      separator = ",\n";
    }
    b.append(files.isEmpty() ? "}" : "\n" + indent + "}");
  }

  /**
   * Writes the manifest of {@code files} to {@code dir}/{@value #NAME}, replacing the old one in
   * one move; a manifest that already says the same is left as it is, with its time. Blocks.
   */
  public static void write(Path dir, Map<String, Entry> files) throws IOException {
    write(dir, files, List.of());
  }

  /**
   * Writes the manifest of {@code files} and the {@code earlier} releases kept to
   * {@code dir}/{@value #NAME}, as {@link #write(Path, Map)} does. Blocks.
   */
  public static void write(Path dir, Map<String, Entry> files, List<Map<String, Entry>> earlier) throws IOException {
    String text = render(files, earlier);
    Path target = dir.resolve(NAME);
    if (Files.isRegularFile(target) && Files.readString(target, UTF_8).equals(text)) {
      // Unchanged: it keeps its time, so that compress finds its variants up to date.
      return;
    }
    // A dotfile: no file of a build can be written under that name.
    Path temporary = dir.resolve("." + NAME + ".tmp");
    Files.writeString(temporary, text, UTF_8);
    try {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Returns a JSON string: quotes, backslashes and control characters escaped, the rest as it is. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
